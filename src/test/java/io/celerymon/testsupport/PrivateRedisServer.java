package io.celerymon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away {@code redis-server} child process on a free loopback port with a password and no
 * persistence, for tests that need authentication or may do anything to the data.
 */
public final class PrivateRedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

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
            server.awaitAnswering();
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

    private void awaitAnswering() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited: " + logText());
            }
            if (answersPing()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("redis-server on port " + port + " not answering within "
                        + START_TIMEOUT + ": " + logText());
            }
            CeleryWorker.pause(Duration.ofMillis(50));
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(("AUTH " + password + "\r\nPING\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int c;
            while (reply.indexOf("+PONG") < 0 && (c = in.read()) >= 0) {
                reply.append((char) c);
                if (reply.charAt(0) == '-' || reply.indexOf("\n-") >= 0) {
                    return false;
                }
            }
            return reply.indexOf("+PONG") >= 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
