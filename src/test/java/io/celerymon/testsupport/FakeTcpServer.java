package io.celerymon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP server that misbehaves on purpose (echoes, answers something that is not the
 * expected protocol, closes at once, or goes silent), to prove messages and deadlines against
 * servers that are not what the URL promised. Every thread is a daemon; {@link #close()} closes
 * the listener and every connection it accepted.
 */
public final class FakeTcpServer implements AutoCloseable {

    /** What the server does with each accepted connection. */
    private interface Behaviour {
        void serve(Socket socket, FakeTcpServer server) throws IOException;
    }

    private static final int DRAIN_MILLIS = 2000;

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final String name;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final AtomicLong receivedBytes = new AtomicLong();

    private FakeTcpServer(String name, Behaviour behaviour) {
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.name = name;
        this.behaviour = behaviour;
        daemon("fake-tcp-" + name + "-" + listener.getLocalPort(), this::acceptForever);
    }

    /** Sends back every byte it receives, like an echo service (not a Redis, not an AMQP broker). */
    public static FakeTcpServer echo() {
        return new FakeTcpServer("echo", (socket, server) -> server.relay(socket.getInputStream(),
                socket.getOutputStream(), Long.MAX_VALUE));
    }

    /**
     * Waits for the client's first bytes, answers {@code answer} and closes, the way an HTTP server
     * answers a request it cannot parse ({@code "HTTP/1.1 400 Bad Request\r\n\r\n"}).
     */
    public static FakeTcpServer answerThenClose(String answer) {
        return answerThenClose(answer.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Same as {@link #answerThenClose(String)} with raw bytes. */
    public static FakeTcpServer answerThenClose(byte[] answer) {
        byte[] copy = answer.clone();
        return new FakeTcpServer("answer", (socket, server) -> {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int read = in.read(buffer);
            if (read > 0) {
                server.receivedBytes.addAndGet(read);
            }
            OutputStream out = socket.getOutputStream();
            out.write(copy);
            out.flush();
            // Half-close and drain, so that the client's unread request does not turn the close
            // into a reset that would discard the answer before the client reads it.
            socket.shutdownOutput();
            server.drain(socket);
        });
    }

    /** Accepts and closes every connection at once, before reading or writing anything. */
    public static FakeTcpServer closeAtOnce() {
        return new FakeTcpServer("close", (socket, server) -> socket.close());
    }

    /**
     * Echoes the first {@code bytes} bytes it receives, then keeps the connection open and reads
     * on without ever sending anything more: a server that hangs mid-conversation. With 0 it never
     * sends a byte (like {@link SilentTcpServer}).
     */
    public static FakeTcpServer silentAfter(long bytes) {
        return new FakeTcpServer("silent", (socket, server) -> {
            server.relay(socket.getInputStream(), socket.getOutputStream(), bytes);
            server.discard(socket.getInputStream());
        });
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** How many connections were accepted so far. */
    public int acceptedCount() {
        return acceptedCount.get();
    }

    /** How many bytes the clients sent so far (the bytes this server read). */
    public long receivedBytes() {
        return receivedBytes.get();
    }

    private void acceptForever() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(socket);
            acceptedCount.incrementAndGet();
            daemon("fake-tcp-" + name + "-conn", () -> quietly(() -> behaviour.serve(socket, this)));
        }
    }

    /** Copies up to {@code limit} bytes from {@code in} to {@code out}, until end of stream. */
    private void relay(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long left = limit;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                return;
            }
            receivedBytes.addAndGet(read);
            out.write(buffer, 0, read);
            out.flush();
            left -= read;
        }
    }

    /** Reads and drops everything until the peer closes, so the peer's writes never block. */
    private void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            receivedBytes.addAndGet(read);
        }
    }

    private void drain(Socket socket) throws IOException {
        socket.setSoTimeout(DRAIN_MILLIS);
        try {
            discard(socket.getInputStream());
        } catch (SocketTimeoutException slowPeer) {
            // The client neither closed nor sent more: closing now cannot lose the answer any more.
        } finally {
            socket.close();
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException closed) {
            // The peer or close() ended the connection: nothing left to serve.
        }
    }

    private void daemon(String threadName, Runnable body) {
        Thread thread = new Thread(body, threadName);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Closes the listener and every connection, and waits briefly for the threads to end. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // Best effort; the port is released with the socket either way.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Same as above.
            }
        }
        for (Thread thread : threads) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
