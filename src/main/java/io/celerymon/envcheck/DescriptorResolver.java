package io.celerymon.envcheck;

import java.io.IOException;
import java.util.Map;

/**
 * Tells what a process's file descriptor is: a TCP socket with its local and peer address (from
 * the process's own network namespace's tables), another socket, a pipe or a file.
 */
final class DescriptorResolver {
    private final ProcFiles proc;
    private final long pid;
    private Map<Long, NetTcpTable.Connection> tcp;

    DescriptorResolver(ProcFiles proc, long pid) {
        this.proc = proc;
        this.pid = pid;
    }

    WaitTarget resolve(int fd) {
        String target;
        try {
            target = proc.fdTarget(pid, fd);
        } catch (IOException | RuntimeException unreadable) {
            return new WaitTarget(fd, "unknown", null, null, "fd not readable");
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
            NetTcpTable.Connection row = tcp().get(Long.parseLong(target.substring(8, target.length() - 1)));
            return row == null ? new WaitTarget(fd, "socket", null, null, target)
                    : new WaitTarget(fd, "tcp", row.local(), row.peer(), target);
        }
        return new WaitTarget(fd, target.startsWith("pipe:[") ? "pipe" : "file", null, null, target);
    }

    /** The process's memory, for the arrays of select and poll. */
    WaitedDescriptors.Memory memory() {
        return (address, length) -> proc.memory(pid, address, length);
    }

    String memoryPath() {
        return proc.memoryPath(pid).toString();
    }

    private Map<Long, NetTcpTable.Connection> tcp() {
        if (tcp == null) {
            try {
                tcp = proc.tcpConnections(pid);
            } catch (IOException | RuntimeException unreadable) {
                tcp = Map.of();
            }
        }
        return tcp;
    }
}
