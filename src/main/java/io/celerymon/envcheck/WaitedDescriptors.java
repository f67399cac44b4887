package io.celerymon.envcheck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The file descriptors a thread's blocking call waits on, from the call's arguments: the first
 * argument of {@code read}, {@code recvfrom}, {@code recvmsg} and {@code connect}; the
 * {@code struct pollfd} array of {@code poll}/{@code ppoll}; the read and write {@code fd_set}s of
 * {@code select}/{@code pselect6}. The arrays live in the process's memory, read through {@link Memory}.
 */
final class WaitedDescriptors {
    /** The calls that wait on one descriptor named by their first argument. */
    static final Set<String> SINGLE_FD_CALLS = Set.of("read", "recvfrom", "recvmsg", "connect");
    /** The calls that multiplex many descriptors: where a hub that lost its patching waits. */
    static final Set<String> MULTIPLEX_CALLS = Set.of("select", "pselect6", "poll", "ppoll");
    /** Enough for any hub that blocks in one call; a larger array is cut (only the first entries are read). */
    static final int MAX_POLLFDS = 64;
    /** {@code FD_SETSIZE}: select cannot watch more. */
    static final int MAX_SELECT_FDS = 1024;
    private static final int POLLFD_BYTES = 8;

    /** Reads another process's memory: the seam that keeps decoding testable. */
    interface Memory {
        byte[] read(long address, int length) throws IOException;
    }

    private WaitedDescriptors() {
    }

    /** The descriptors {@code call} (named {@code name}) waits on; empty for a call not listed above. */
    static List<Integer> of(String name, ThreadCall call, Memory memory) throws IOException {
        if (SINGLE_FD_CALLS.contains(name)) {
            return List.of((int) call.arg(0));
        }
        if (name.equals("poll") || name.equals("ppoll")) {
            int count = (int) Math.min(Math.max(call.arg(1), 0), MAX_POLLFDS);
            return count == 0 || call.arg(0) == 0 ? List.of()
                    : pollFds(memory.read(call.arg(0), count * POLLFD_BYTES), count);
        }
        if (name.equals("select") || name.equals("pselect6")) {
            int nfds = (int) Math.min(Math.max(call.arg(0), 0), MAX_SELECT_FDS);
            int bytes = (nfds + 7) / 8;
            Set<Integer> fds = new TreeSet<>();
            for (int arg = 1; arg <= 2 && bytes > 0; arg++) {
                if (call.arg(arg) != 0) {
                    fds.addAll(fdSet(memory.read(call.arg(arg), bytes), nfds));
                }
            }
            return List.copyOf(fds);
        }
        return List.of();
    }

    /** The {@code fd} fields of {@code count} {@code struct pollfd}s (int fd, short events, short revents; little-endian). */
    static List<Integer> pollFds(byte[] raw, int count) {
        Set<Integer> fds = new TreeSet<>();
        for (int i = 0; i < count && (i + 1) * POLLFD_BYTES <= raw.length; i++) {
            int o = i * POLLFD_BYTES;
            int fd = raw[o] & 0xff | (raw[o + 1] & 0xff) << 8 | (raw[o + 2] & 0xff) << 16 | (raw[o + 3] & 0xff) << 24;
            // The kernel ignores negative entries: they are holes in the array, not descriptors.
            if (fd >= 0) {
                fds.add(fd);
            }
        }
        return List.copyOf(fds);
    }

    /** The descriptors below {@code nfds} set in an {@code fd_set} (an array of little-endian longs: bit n = fd n). */
    static List<Integer> fdSet(byte[] bits, int nfds) {
        List<Integer> fds = new ArrayList<>();
        for (int fd = 0; fd < nfds && fd / 8 < bits.length; fd++) {
            if ((bits[fd / 8] >> (fd % 8) & 1) != 0) {
                fds.add(fd);
            }
        }
        return fds;
    }
}
