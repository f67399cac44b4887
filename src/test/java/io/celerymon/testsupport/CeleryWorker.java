package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One real Celery worker process ({@code /usr/bin/python3 -m celery -A cmtasks worker}, of the
 * app's {@link CeleryVersion}) with a
 * unique hostname and its own task queue {@code q.<hostname>}; its log goes to a file. On Redis,
 * closing also removes the keys named after this worker (AMQP tests use a {@link RabbitVhost}).
 */
public final class CeleryWorker implements AutoCloseable {
    /** The interpreter with Debian's python3-celery; the python3 first on PATH may lack it. */
    public static final String PYTHON = "/usr/bin/python3";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);

    private final CeleryAppConfig app;
    private final CeleryPool pool;
    private final String hostname;
    private final Path log;
    private final ManagedProcess process;

    private CeleryWorker(CeleryAppConfig app, CeleryPool pool, String hostname, Path log, ManagedProcess process) {
        this.app = app;
        this.pool = pool;
        this.hostname = hostname;
        this.log = log;
        this.process = process;
    }

    /** Starts a worker and waits until it logged {@code ready.}; use {@link CeleryCluster} to also await ping. */
    public static CeleryWorker start(CeleryAppConfig app, CeleryPool pool, int concurrency) {
        return start(app, pool, concurrency, uniqueHostname(pool.cliName()));
    }

    /** As {@link #start(CeleryAppConfig, CeleryPool, int)}, with this node name ({@code -n}), which may be any Unicode. */
    public static CeleryWorker start(CeleryAppConfig app, CeleryPool pool, int concurrency, String hostname) {
        CeleryWorker worker = launch(app, pool, concurrency, hostname);
        try {
            worker.awaitReady(READY_TIMEOUT);
            return worker;
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
    }

    /** Starts a worker without waiting; call {@link #awaitReady} before sending it anything. */
    public static CeleryWorker launch(CeleryAppConfig app, CeleryPool pool, int concurrency) {
        return launch(app, pool, concurrency, uniqueHostname(pool.cliName()), List.of());
    }

    /** As above, with further {@code celery worker} options (e.g. {@code -E}). */
    public static CeleryWorker launch(CeleryAppConfig app, CeleryPool pool, int concurrency, List<String> options) {
        return launch(app, pool, concurrency, uniqueHostname(pool.cliName()), options);
    }

    /** As {@link #launch(CeleryAppConfig, CeleryPool, int)}, with this node name; make it unique per run. */
    public static CeleryWorker launch(CeleryAppConfig app, CeleryPool pool, int concurrency, String hostname) {
        return launch(app, pool, concurrency, hostname, List.of());
    }

    private static CeleryWorker launch(CeleryAppConfig app, CeleryPool pool, int concurrency, String hostname,
                                       List<String> options) {
        app.celery().require();
        // The log's file name stays ASCII, whatever the JVM's file-name encoding.
        Path log = logDir().resolve(hostname.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "celery", "-A", "cmtasks",
                "-b", app.brokerUrl(), "worker", "-P", pool.cliName(), "-c", Integer.toString(concurrency),
                "-n", hostname, "-Q", queueOf(hostname), "--without-mingle", "--without-gossip", "-l", "INFO"));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        CeleryAppConfig.scrubInherited(builder.environment());
        builder.environment().putAll(app.pythonEnv());
        ManagedProcess process = ManagedProcess.start(builder, "celery worker " + hostname);
        return new CeleryWorker(app, pool, hostname, log, process);
    }

    /** {@code <prefix>-<8 hex>@cmtest}: unique per run, so tests on a shared broker never collide. */
    public static String uniqueHostname(String prefix) {
        return prefix + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt()) + "@cmtest";
    }

    /** The task queue a worker with this hostname consumes. */
    public static String queueOf(String hostname) {
        return "q." + hostname;
    }

    /**
     * Waits until the log shows {@code <hostname> ready.} (and, for green pools, the pidbox
     * greenlet's connect line, which comes after it); fails with the log tail otherwise.
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String readyLine = hostname + " ready.";
        while (true) {
            String text = log();
            boolean ready = text.contains(readyLine) && (!pool.isGreen() || text.contains("pidbox: Connected"));
            if (ready) {
                checkVersion(text);
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + hostname + " exited with "
                        + process.process().exitValue() + " before it was ready\n" + logTail(40));
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("worker " + hostname + " not ready within " + timeout
                        + " (" + app + ")\n" + logTail(40));
            }
            pause(POLL);
        }
    }

    /**
     * The start-up banner ({@code <hostname> v5.5.2 (immunity)}) must name the Celery line the app
     * asked for: a PYTHONPATH that silently fell back to the system's 5.2 would otherwise pass as 5.5.
     */
    private void checkVersion(String text) {
        Matcher banner = Pattern.compile(Pattern.quote(hostname) + " v([0-9]+\\.[0-9]+)\\.").matcher(text);
        if (!banner.find() || !banner.group(1).equals(app.celery().line())) {
            throw new IllegalStateException("worker " + hostname + " does not run Celery " + app.celery().line()
                    + " (" + app + ")\n" + logTail(40));
        }
    }

    public long pid() {
        return process.pid();
    }

    public String hostname() {
        return hostname;
    }

    public CeleryPool pool() {
        return pool;
    }

    /** The queue only this worker consumes: send a task here to reach exactly this worker. */
    public String queue() {
        return queueOf(hostname);
    }

    public CeleryAppConfig app() {
        return app;
    }

    public Path logFile() {
        return log;
    }

    /** The whole log so far (stdout and stderr of the worker). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        String[] all = log().split("\n");
        int from = Math.max(0, all.length - lines);
        return "--- last lines of " + log + " ---\n" + String.join("\n", List.of(all).subList(from, all.length));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** PIDs of the worker and its children (prefork pool processes) that are alive now. */
    public List<Long> livePids() {
        return process.livePids();
    }

    /**
     * SIGKILL to the worker and its pool children at once: the worker vanishes without its clean
     * shutdown, so its pidbox binding (Redis) or queue (AMQP) is left behind as after a crash.
     */
    public void kill9() {
        process.killTree();
    }

    /**
     * SIGTERM (warm shutdown), then SIGKILL to the whole tree after {@code grace}. Unlike
     * {@link #close}, leaves the worker's keys on the broker for the test to look at.
     */
    public void stop(Duration grace) {
        process.stop(grace);
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
        if (RedisWorkerLeftovers.appliesTo(app)) {
            try {
                RedisWorkerLeftovers.remove(app, hostname);
            } catch (RuntimeException brokerGone) {
                // Best effort: a private Redis may already be stopped, and then nothing is left.
            }
        }
    }

    @Override
    public String toString() {
        return hostname + " (" + pool.cliName() + ", pid " + pid() + ")";
    }

    static Path logDir() {
        Path dir = Path.of(System.getProperty("cmtest.logdir", "target/it-logs")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
