package io.celerymon.envcheck;

/**
 * A file descriptor a blocked call waits on, resolved through {@code /proc/PID/fd}.
 *
 * @param fd the descriptor number
 * @param kind {@code tcp} (with addresses), {@code socket} (another kind of socket), {@code pipe},
 *     {@code file}, or {@code unknown} when the descriptor could not be resolved
 * @param local the local {@code host:port} of a TCP socket, else null
 * @param peer the remote {@code host:port} of a TCP socket, else null
 * @param path the link's target ({@code socket:[inode]}, {@code pipe:[inode]}, a file path), or the reason it is unknown
 */
public record WaitTarget(int fd, String kind, String local, String peer, String path) {

    /** Readable in one phrase: {@code TCP 127.0.0.1:41234 → 127.0.0.1:6379}, {@code pipe:[77]}, a path. */
    public String describe() {
        if (kind.equals("tcp")) {
            return "TCP " + local + " → " + peer;
        }
        return kind.equals("file") || kind.equals("pipe") || kind.equals("socket") ? path : "fd " + fd + " (" + path + ")";
    }
}
