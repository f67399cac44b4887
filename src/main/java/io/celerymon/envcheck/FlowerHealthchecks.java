package io.celerymon.envcheck;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every scanned Flower process directly: {@code GET /healthcheck} on each socket it listens
 * on, waiting at most a second for an HTTP status line. A hung Flower is told this way even when
 * no browser has connected yet (its accept queue is then empty). A process in another network
 * namespace (a container) is asked from inside that namespace, through util-linux's
 * {@code nsenter --net} and bash's {@code /dev/tcp}, as the JVM cannot enter a namespace itself.
 */
public final class FlowerHealthchecks {
    /** Any status line within this time means the event loop runs. */
    public static final Duration WAIT = Duration.ofSeconds(1);
    private static final String PATH = "/healthcheck";
    /** What nsenter and bash take to start and exit here, measured at 10-30 ms; kept generous. */
    private static final long START_UP_MS = 150;

    private static final Path PROC = Path.of("/proc");

    /** One answer per listening socket of every Flower process in {@code scan}, within {@code deadline}. */
    public List<FlowerAnswer> ask(ProcessScan scan, Deadline deadline) {
        List<CompletableFuture<FlowerAnswer>> asked = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "celerymon-flower-healthcheck");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (ScannedProcess process : scan.processes()) {
                if (process.role() != ProcessRole.FLOWER) {
                    continue;
                }
                // A namespace that could not be read (another user's process) is taken as ours.
                String namespace = process.context().foreignNet() ? process.context().namespaces().get("net") : null;
                for (ListeningSocket socket : process.listening()) {
                    // Inside another namespace nsenter and bash start first: the wait for an answer stays a full second.
                    Deadline own = deadline.capped(namespace == null ? WAIT : WAIT.plusMillis(START_UP_MS));
                    asked.add(CompletableFuture.supplyAsync(
                            () -> ask(process.pid(), socket.address(), namespace, own, pool), pool));
                }
            }
            List<FlowerAnswer> answers = new ArrayList<>();
            for (CompletableFuture<FlowerAnswer> answer : asked) {
                await(answer, deadline).ifPresent(answers::add);
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private FlowerAnswer ask(long pid, String listen, String namespace, Deadline deadline, ExecutorService pool) {
        String target = target(listen);
        long started = System.nanoTime();
        if (namespace == null) {
            FlowerProbe.Result result = FlowerProbe.probe(URI.create("http://" + target + PATH), deadline);
            return new FlowerAnswer(pid, listen, target, null, result.outcome(), result.status(), since(started),
                    result.error());
        }
        return askInside(pid, listen, target, namespace, deadline, started, pool);
    }

    /**
     * The request made by bash inside the process's network namespace; bash prints the status
     * line, or a word saying how far it got.
     */
    private FlowerAnswer askInside(long pid, String listen, String target, String namespace, Deadline deadline,
            long started, ExecutorService pool) {
        long readMillis = Math.max(100, Math.min(WAIT.toMillis(), deadline.remainingMillis() - START_UP_MS));
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        String port = target.substring(colon + 1);
        String script = "exec 3<>/dev/tcp/" + host + "/" + port + " 2>/dev/null || { echo CONNECT-FAILED; exit 0; }; "
                + "echo CONNECTED; "
                + "printf 'GET " + PATH + " HTTP/1.0\\r\\nHost: " + target + "\\r\\nUser-Agent: celerymon\\r\\n\\r\\n' >&3; "
                + "if IFS= read -r -t " + seconds(readMillis) + " line <&3; then printf '%s\\n' \"$line\"; "
                + "elif [ $? -gt 128 ]; then echo NO-RESPONSE; else echo CLOSED; fi";
        ProcessBuilder builder = new ProcessBuilder("nsenter", "--net=" + PROC.resolve(Long.toString(pid))
                .resolve("ns").resolve("net"), "--", "/bin/bash", "-c", script).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return failed(pid, listen, target, namespace, started, "nsenter could not be run: " + e.getMessage());
        }
        try {
            // Head only: a line or an nsenter error is all that is needed.
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), pool);
            // bash's own read timeout ends it first (see seconds()); this bound keeps the scan's deadline.
            boolean ended = process.waitFor(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
            if (!ended) {
                // Killed before bash said how far it got: that is not Flower's silence.
                process.destroyForcibly();
                return failed(pid, listen, target, namespace, started, "nsenter and bash did not finish within the "
                        + since(started) + " ms left");
            }
            String text = output.get(500, TimeUnit.MILLISECONDS).strip();
            return parse(pid, listen, target, namespace, started, text, readMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(pid, listen, target, namespace, started, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return failed(pid, listen, target, namespace, started, "no output from nsenter");
        } finally {
            process.destroyForcibly();
        }
    }

    /** {@code readMillis}: how long bash waited for the status line once connected. */
    private static FlowerAnswer parse(long pid, String listen, String target, String namespace, long started,
            String text, long readMillis) {
        List<String> lines = text.lines().toList();
        boolean connected = !lines.isEmpty() && lines.get(0).equals("CONNECTED");
        String first = connected ? (lines.size() > 1 ? lines.get(1) : "") : lines.isEmpty() ? "" : lines.get(0);
        if (connected && first.startsWith("HTTP/")) {
            return new FlowerAnswer(pid, listen, target, namespace, FlowerProbe.Outcome.RESPONDED,
                    FlowerProbe.statusCode(first), since(started), null);
        }
        // Before CONNECTED only bash's own word or nsenter's error can come.
        String word = connected || first.equals("CONNECT-FAILED") ? first : "";
        return switch (word) {
            case "NO-RESPONSE" -> new FlowerAnswer(pid, listen, target, namespace, FlowerProbe.Outcome.NO_RESPONSE, -1,
                    readMillis, null);
            case "CLOSED" -> new FlowerAnswer(pid, listen, target, namespace, FlowerProbe.Outcome.CLOSED, -1,
                    since(started), null);
            case "CONNECT-FAILED" -> failed(pid, listen, target, namespace, started, "connection refused inside "
                    + namespace);
            default -> failed(pid, listen, target, namespace, started, first.isEmpty()
                    ? "nsenter printed nothing" : first.length() > 200 ? first.substring(0, 200) : first);
        };
    }

    private static FlowerAnswer failed(long pid, String listen, String target, String namespace, long started,
            String error) {
        return new FlowerAnswer(pid, listen, target, namespace, FlowerProbe.Outcome.UNREACHABLE, -1, since(started),
                error);
    }

    /** Each request has its own bound; a thread that still did not end is left out, never fatal to the scan. */
    private static java.util.Optional<FlowerAnswer> await(CompletableFuture<FlowerAnswer> answer, Deadline deadline) {
        try {
            return java.util.Optional.of(answer.get(Math.max(1, deadline.remainingMillis()) + 500,
                    TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return java.util.Optional.empty();
        }
    }

    /** The address to connect to: a wildcard listening address is reached on loopback. */
    static String target(String listen) {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon);
        String port = listen.substring(colon + 1);
        return switch (host) {
            case "0.0.0.0" -> "127.0.0.1:" + port;
            case "[::]" -> "[::1]:" + port;
            default -> listen;
        };
    }


    private static String read(InputStream in) {
        try (in) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** bash's read timeout: at most the wait, within what is left less nsenter's and bash's start. */
    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static long since(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
