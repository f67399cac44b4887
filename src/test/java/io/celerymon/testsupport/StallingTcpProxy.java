package io.celerymon.testsupport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP proxy on a free loopback port to a target, that can be told at any moment to stop
 * forwarding in one or both directions: a broker that stalls mid-call (a paused VM, a network
 * partition behind a load balancer). A stalled direction keeps what it has read and stops reading,
 * so the sender's buffers fill as they would. It can also stall by itself when the client sends a
 * given text (say, the name of the first exchange declared after the handshake): that chunk is
 * held back and both directions stop. Threads are daemons; nothing waits on a clock.
 */
public final class StallingTcpProxy implements AutoCloseable {

    /** Which way bytes flow. */
    public enum Direction {
        /** From the client to the target. */
        UPSTREAM,
        /** From the target back to the client. */
        DOWNSTREAM
    }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Set<Direction> stalled = EnumSet.noneOf(Direction.class);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch stalledSignal = new CountDownLatch(1);
    private final CountDownLatch firstAccepted = new CountDownLatch(1);
    private volatile byte[] trigger;
    private volatile boolean closed;

    private StallingTcpProxy(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptForever, "stalling-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free port of 127.0.0.1 and forwards every connection to {@code host:port}. */
    public static StallingTcpProxy to(String host, int port) {
        try {
            return new StallingTcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many client connections were accepted so far. */
    public int acceptedCount() {
        return accepted.get();
    }

    /** Stops forwarding in {@code directions} (both when none are given), from now on, on every connection. */
    public void stall(Direction... directions) {
        synchronized (lock) {
            stalled.addAll(directions.length == 0 ? EnumSet.allOf(Direction.class) : List.of(directions));
        }
        stalledSignal.countDown();
    }

    /** Forwards again in {@code directions} (both when none are given), what was held first. */
    public void resume(Direction... directions) {
        synchronized (lock) {
            stalled.removeAll(directions.length == 0 ? EnumSet.allOf(Direction.class) : List.of(directions));
            lock.notifyAll();
        }
    }

    /**
     * Stalls both directions as soon as a client sends {@code text} (UTF-8); the chunk holding it is
     * not forwarded. Returns this proxy, for chaining after {@link #to}.
     */
    public StallingTcpProxy stallWhenClientSends(String text) {
        this.trigger = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Whether a client connection was accepted (and its target reached) within {@code millis}. */
    public boolean awaitAccepted(long millis) throws InterruptedException {
        return firstAccepted.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the proxy stalled within {@code millis} (by a call to {@link #stall} or by its trigger). */
    public boolean awaitStalled(long millis) throws InterruptedException {
        return stalledSignal.await(millis, TimeUnit.MILLISECONDS);
    }

    private void acceptForever() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            sockets.add(client);
            try {
                Socket target = new Socket(targetHost, targetPort);
                sockets.add(target);
                pump(client, target, Direction.UPSTREAM);
                pump(target, client, Direction.DOWNSTREAM);
                firstAccepted.countDown();
            } catch (IOException unreachable) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, Direction direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            byte[] tail = new byte[0];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (direction == Direction.UPSTREAM && trigger != null) {
                        byte[] seen = concat(tail, buffer, n);
                        if (indexOf(seen, trigger) >= 0) {
                            stall();
                        }
                        tail = Arrays.copyOfRange(seen, Math.max(0, seen.length - trigger.length), seen.length);
                    }
                    if (!awaitForwarding(direction)) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException closedOrReset) {
                // one side went away: the other follows when the proxy is closed
            }
        }, "stalling-proxy-" + direction.name().toLowerCase(Locale.ROOT) + "-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits while {@code direction} is stalled; false when the proxy was closed meanwhile. */
    private boolean awaitForwarding(Direction direction) {
        synchronized (lock) {
            while (stalled.contains(direction) && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !closed;
        }
    }

    private static byte[] concat(byte[] head, byte[] buffer, int n) {
        byte[] all = new byte[head.length + n];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(buffer, 0, all, head.length, n);
        return all;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Stops listening and closes every connection, on both sides. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        closeQuietly(server);
        sockets.forEach(StallingTcpProxy::closeQuietly);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is best effort: the port is released with the socket either way
        }
    }
}
