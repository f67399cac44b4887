package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A private Redis master with a password ({@link PrivateRedisServer}) watched by one Redis
 * Sentinel process on a free loopback port, optionally with a password of its own. The sentinel's
 * config file lives in a temporary directory (the sentinel rewrites it); closing stops both
 * processes by PID and deletes the directory.
 */
public final class PrivateSentinel implements AutoCloseable {
    /** The master name the sentinel monitors (kombu's {@code master_name}). */
    public static final String MASTER_NAME = "cmmaster";

    private final PrivateRedisServer master;
    private final TempDir dir;
    private final int port;
    private final String sentinelPassword;
    private ManagedProcess process;
    private Path log;

    private PrivateSentinel(PrivateRedisServer master, TempDir dir, int port, String sentinelPassword) {
        this.master = master;
        this.dir = dir;
        this.port = port;
        this.sentinelPassword = sentinelPassword;
    }

    /** A sentinel anyone may ask (no {@code requirepass}). */
    public static PrivateSentinel start() {
        return start(false);
    }

    /** A sentinel that requires a password of its own, different from the master's. */
    public static PrivateSentinel startWithSentinelPassword() {
        return start(true);
    }

    private static PrivateSentinel start(boolean withPassword) {
        String password = withPassword ? "sent-" + UUID.randomUUID().toString().replace("-", "") : null;
        PrivateRedisServer master = PrivateRedisServer.start();
        PrivateSentinel sentinel;
        try {
            sentinel = new PrivateSentinel(master, TempDir.create("celerymon-sentinel"), FreePorts.loopback(), password);
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
        try {
            sentinel.launch();
            sentinel.awaitMasterKnown();
            return sentinel;
        } catch (RuntimeException e) {
            sentinel.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public PrivateRedisServer master() {
        return master;
    }

    /** The sentinel's own password, if it has one; only for configuration, never for messages. */
    public Optional<String> sentinelPassword() {
        return Optional.ofNullable(sentinelPassword);
    }

    /**
     * {@code sentinel://:<master password>@127.0.0.1:<port>/<db>}: kombu gives the URL's password
     * to the master it finds, never to the sentinel.
     */
    public String url(int db) {
        return "sentinel://:" + master.password() + "@127.0.0.1:" + port + "/" + db;
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.stop(Duration.ofSeconds(5));
            }
        } finally {
            master.close();
            dir.close();
        }
    }

    private void launch() {
        List<String> config = new ArrayList<>(List.of(
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir.path(),
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
                "sentinel auth-pass " + MASTER_NAME + " " + master.password()));
        if (sentinelPassword != null) {
            config.add("requirepass " + sentinelPassword);
        }
        Path file = dir.resolve("sentinel.conf");
        try {
            Files.write(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log = CeleryWorker.logDir().resolve("sentinel-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of("redis-server", file.toString(), "--sentinel"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        process = ManagedProcess.start(builder, "redis sentinel :" + port);
    }

    /** Waits until {@code SENTINEL get-master-addr-by-name} names the master's port. */
    private void awaitMasterKnown() {
        RedisProbe.awaitReady("sentinel on port " + port + " naming master " + MASTER_NAME, process, log,
                this::knowsMaster);
    }

    private boolean knowsMaster() {
        List<List<String>> commands = new ArrayList<>();
        if (sentinelPassword != null) {
            commands.add(List.of("AUTH", sentinelPassword));
        }
        commands.add(List.of("SENTINEL", "get-master-addr-by-name", MASTER_NAME));
        try {
            List<Object> replies = RedisProbe.send(port, null, commands);
            return List.of("127.0.0.1", Integer.toString(master.port())).equals(replies.get(replies.size() - 1));
        } catch (IOException notYet) {
            return false;
        }
    }
}
