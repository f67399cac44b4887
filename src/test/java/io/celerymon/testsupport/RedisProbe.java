package io.celerymon.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A few RESP commands on one short-lived socket (plain or TLS), for harness readiness checks that
 * must not depend on the client under test. Replies are returned as text: simple strings and
 * errors with their {@code +}/{@code -} sign, bulk strings bare, arrays as lists, nil as null.
 */
final class RedisProbe {
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int READ_TIMEOUT_MS = 1000;

    private RedisProbe() {
    }

    /** How long a private server gets to start answering. */
    static final java.time.Duration START_TIMEOUT = java.time.Duration.ofSeconds(15);

    /**
     * Waits until {@code ready} holds, failing with the server's log when its process exits or
     * {@link #START_TIMEOUT} passes.
     *
     * @param what the server and the awaited state, for the failure message
     */
    static void awaitReady(String what, ManagedProcess process, java.nio.file.Path log,
                           java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + ": the process exited: " + logText(log));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(what + ": not within " + START_TIMEOUT + ": " + logText(log));
            }
            CeleryWorker.pause(java.time.Duration.ofMillis(50));
        }
    }

    /** Whether AUTH then PING get {@code +PONG}, over TLS when {@code tls} is given. */
    static boolean answersPing(int port, SSLContext tls, String password) {
        try {
            List<Object> replies = password == null ? send(port, tls, List.of(List.of("PING")))
                    : send(port, tls, List.of(List.of("AUTH", password), List.of("PING")));
            return "+PONG".equals(replies.get(replies.size() - 1));
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String logText(java.nio.file.Path log) {
        try {
            return log != null && java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Sends each command and returns one reply per command; IOException if the server is not there (yet). */
    static List<Object> send(int port, SSLContext tls, List<List<String>> commands) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
            plain.setSoTimeout(READ_TIMEOUT_MS);
            Socket socket = tls == null ? plain : tls.getSocketFactory().createSocket(plain, "localhost", port, true);
            OutputStream out = socket.getOutputStream();
            for (List<String> command : commands) {
                out.write(encode(command));
            }
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Object> replies = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                replies.add(read(in));
            }
            return replies;
        } finally {
            plain.close();
        }
    }

    private static byte[] encode(List<String> command) {
        StringBuilder resp = new StringBuilder("*").append(command.size()).append("\r\n");
        for (String arg : command) {
            resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', '-', ':':
                return (char) type + line;
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            case -1:
                throw new EOFException("connection closed");
            default:
                throw new IOException("not a RESP reply: " + (char) type);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
