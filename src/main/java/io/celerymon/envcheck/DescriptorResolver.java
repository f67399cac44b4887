package io.celerymon.envcheck;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Tells what a process's file descriptor is: a TCP socket with its local and peer address (from
 * the process's own network namespace's tables), another socket, a pipe or a file. Works only
 * until the scan's deadline: past it, the judge names no descriptor rather than overrun the scan.
 */
final class DescriptorResolver {
    private final ProcFiles proc;
    private final long pid;
    private final NetTables tables;
    private final Deadline deadline;
    private Map<Long, NetTcpTable.Connection> tcp;

    /**
     * @param tables the pass's TCP tables, shared by the processes of one network namespace
     * @param deadline the scan's: no file is read for resolution once it has passed
     */
    DescriptorResolver(ProcFiles proc, long pid, NetTables tables, Deadline deadline) {
        this.proc = proc;
        this.pid = pid;
        this.tables = tables;
        this.deadline = deadline;
    }

    /** Whether the scan's deadline has passed: nothing more is read then. */
    boolean expired() {
        return deadline.expired();
    }

    WaitTarget resolve(int fd) {
        String target;
        try {
            target = proc.fdTarget(pid, fd);
        } catch (IOException | RuntimeException unreadable) {
            return new WaitTarget(fd, "unknown", null, null, "fd not readable");
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
            OptionalLong inode = ProcFiles.socketInode(target);
            NetTcpTable.Connection row = inode.isPresent() ? tcp().get(inode.getAsLong()) : null;
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

    /**
     * The hub's call now, read again: the arrays read from memory belong to the sampled call only
     * if the call is still the same.
     */
    ThreadCall currentCall() throws IOException {
        return ThreadCall.parse(proc.threadFile(pid, pid, "syscall"));
    }

    private Map<Long, NetTcpTable.Connection> tcp() {
        if (tcp == null) {
            try {
                tcp = tables.of(pid).connections();
            } catch (IOException | RuntimeException unreadable) {
                tcp = Map.of();
            }
        }
        return tcp;
    }
}
