package io.celerymon.envcheck;

import java.util.List;

/**
 * A TCP socket a process listens on, with its accept-queue length at each sample: connections the
 * kernel has completed and the process has not yet accepted. A live event loop empties it within
 * microseconds; a blocked one lets it grow. (The backlog limit is not in /proc/net/tcp, so it is
 * not reported.)
 *
 * @param address local address as {@code host:port} ({@code [v6]:port} for IPv6)
 * @param inode the socket's inode, which links it to the process's file descriptors
 * @param acceptQueue the queue length at each sample, oldest first
 */
public record ListeningSocket(String address, long inode, List<Integer> acceptQueue) {

    public ListeningSocket {
        acceptQueue = List.copyOf(acceptQueue);
    }

    /** Whether connections were waiting at every sample: nobody accepted them in between. */
    public boolean neverDrained() {
        return !acceptQueue.isEmpty() && acceptQueue.stream().allMatch(q -> q > 0);
    }

    /** Whether the last sample holds more waiting connections than the first. */
    public boolean growing() {
        return acceptQueue.size() > 1 && acceptQueue.get(acceptQueue.size() - 1) > acceptQueue.get(0);
    }

    /** The most recent sample. */
    public int latest() {
        return acceptQueue.isEmpty() ? 0 : acceptQueue.get(acceptQueue.size() - 1);
    }
}
