package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks TCP ports nobody listens on, for child servers and "nothing listens here" tests. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A loopback port that was free a moment ago (the OS chose it). */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
