package io.celerymon.testsupport;

/**
 * A loopback TCP server that accepts connections and never sends a byte: a broker that hangs
 * after the handshake, to prove that every wait has a deadline. Kept as the short name for
 * {@link FakeTcpServer#silentAfter(long) FakeTcpServer.silentAfter(0)}.
 */
public final class SilentTcpServer implements AutoCloseable {
    private final FakeTcpServer server;

    private SilentTcpServer(FakeTcpServer server) {
        this.server = server;
    }

    /** Listens on a free port of 127.0.0.1. */
    public static SilentTcpServer start() {
        return new SilentTcpServer(FakeTcpServer.silentAfter(0));
    }

    public int port() {
        return server.port();
    }

    /** How many connections were accepted so far. */
    public int acceptedCount() {
        return server.acceptedCount();
    }

    /** Closes the listener and every accepted connection. */
    @Override
    public void close() {
        server.close();
    }
}
