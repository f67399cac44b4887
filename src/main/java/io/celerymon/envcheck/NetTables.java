package io.celerymon.envcheck;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The TCP tables of one pass over the scanned processes, parsed once per network namespace: every
 * process of a namespace sees the same {@code /proc/PID/net/tcp{,6}}, and a host with many workers
 * would otherwise parse the same (possibly large) table once per worker.
 */
final class NetTables {
    private final ProcFiles proc;
    private final Map<String, NetTcpTable> byNamespace = new HashMap<>();
    private int parsed;

    NetTables(ProcFiles proc) {
        this.proc = proc;
    }

    /**
     * The table of {@code pid}'s network namespace.
     *
     * @throws IOException when no table can be read for it
     */
    NetTcpTable of(long pid) throws IOException {
        String key;
        try {
            key = proc.namespace(Long.toString(pid), "net");
        } catch (IOException | RuntimeException unknown) {
            // Without ptrace access the namespace link cannot be read: the process keeps a table of its own.
            key = "pid:" + pid;
        }
        NetTcpTable table = byNamespace.get(key);
        if (table == null) {
            table = proc.tcpTable(pid);
            parsed++;
            byNamespace.put(key, table);
        }
        return table;
    }

    /** How many tables were parsed (one per namespace): what the sharing saves, for tests. */
    int parsed() {
        return parsed;
    }
}
