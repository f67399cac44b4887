package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that accepts connections and never sends a byte: a broker that hangs
 * after the handshake, to prove that every wait has a deadline.
 */
public final class SilentTcpServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final Thread acceptor;

    private SilentTcpServer(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptForever, "silent-tcp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free port of 127.0.0.1. */
    public static SilentTcpServer start() {
        try {
            return new SilentTcpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted so far. */
    public int acceptedCount() {
        return acceptedCount.get();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                accepted.add(server.accept());
                acceptedCount.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Closes the listener and every accepted connection. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing is best effort; the port is released with the socket either way.
        }
        for (Socket socket : accepted) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Same as above.
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
