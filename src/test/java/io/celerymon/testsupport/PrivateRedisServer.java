package io.celerymon.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        return start("pw-" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** A server with no password at all (AUTH to it is refused), e.g. for "the server has no password set". */
    public static PrivateRedisServer startWithoutPassword() {
        return start(null);
    }

    /**
     * Starts the server with more {@code redis-server} options (e.g. {@code "--maxmemory", "1"}) and
     * waits until it answers PING.
     *
     * @param password the {@code requirepass}, or null for none
     */
    public static PrivateRedisServer start(String password, String... extraOptions) {
        int port = FreePorts.loopback();
        Path log = CeleryWorker.logDir().resolve("redis-" + port + ".log");
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", CeleryWorker.logDir().toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        command.addAll(List.of(extraOptions));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
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

    /** {@code redis://:<password>@127.0.0.1:<port>/<db>} ({@code redis://127.0.0.1:<port>/<db>} without one). */
    public String url(int db) {
        return password == null ? urlWithoutPassword(db) : "redis://:" + password + "@127.0.0.1:" + port + "/" + db;
    }

    /**
     * Sends one command (after AUTH when the server has a password) and returns its reply as
     * text, e.g. {@code command("CLIENT", "PAUSE", "20000", "WRITE")}.
     */
    public Object command(String... args) {
        List<List<String>> commands = new ArrayList<>();
        if (password != null) {
            commands.add(List.of("AUTH", password));
        }
        commands.add(List.of(args));
        try {
            List<Object> replies = RedisProbe.send(port, null, commands);
            return replies.get(replies.size() - 1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether the server process is still running (false once {@link #close()} returned). */
    public boolean isAlive() {
        return process.isAlive();
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
