package io.celerymon.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away {@code redis-server} child process on a free loopback port with a password and no
 * persistence, for tests that need authentication or may do anything to the data.
 */
public final class PrivateRedisServer implements AutoCloseable {

    private final int port;
    private final String password;
    private final ManagedProcess process;
    private final Path log;

    private PrivateRedisServer(int port, String password, ManagedProcess process, Path log) {
        this.port = port;
        this.password = password;
        this.process = process;
        this.log = log;
    }

    /** Starts the server and waits until it answers PING after AUTH. */
    public static PrivateRedisServer start() {
        int port = FreePorts.loopback();
        String password = "pw-" + UUID.randomUUID().toString().replace("-", "");
        Path log = CeleryWorker.logDir().resolve("redis-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--requirepass", password, "--save", "", "--appendonly", "no",
                "--dir", CeleryWorker.logDir().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        PrivateRedisServer server = new PrivateRedisServer(port, password,
                ManagedProcess.start(builder, "redis-server :" + port), log);
        try {
            RedisProbe.awaitReady("redis-server on port " + port + " answering PING", server.process, log,
                    () -> RedisProbe.answersPing(port, null, password));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The password; only for building URLs, never for messages. */
    public String password() {
        return password;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code redis://:<password>@127.0.0.1:<port>/<db>}. */
    public String url(int db) {
        return "redis://:" + password + "@127.0.0.1:" + port + "/" + db;
    }

    /** The same server without the password, for authentication-failure tests. */
    public String urlWithoutPassword(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
