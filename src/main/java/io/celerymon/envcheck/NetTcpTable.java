package io.celerymon.envcheck;

import java.util.HashMap;
import java.util.Map;

/**
 * The rows of {@code /proc/<pid>/net/tcp} and {@code tcp6}, by socket inode: the listening rows
 * with their accept queue (for a socket in LISTEN state the kernel writes the current accept-queue
 * length where other sockets have their receive queue, {@code rx_queue}), and every row, whatever
 * its state, with its local and remote address (what a blocked call's socket is connected to).
 */
final class NetTcpTable {
    private static final String LISTEN = "0A";

    /** One listening row: where it listens and how many connections wait to be accepted. */
    record Row(String address, int acceptQueue) {
    }

    /** One row in any state: local and remote ({@code rem_address}) {@code host:port}, and the state's hex code. */
    record Connection(String local, String peer, String state) {
    }

    private final Map<Long, Row> listening;
    private final Map<Long, Connection> connections;

    private NetTcpTable(Map<Long, Row> listening, Map<Long, Connection> connections) {
        this.listening = listening;
        this.connections = connections;
    }

    /** No rows: a namespace whose tables could not be read. */
    static NetTcpTable empty() {
        return new NetTcpTable(Map.of(), Map.of());
    }

    /**
     * One file's text, walked once: every row with its addresses, and the LISTEN rows with their
     * accept queue. Malformed lines are skipped.
     */
    static NetTcpTable parse(String text, boolean ipv6) {
        Map<Long, Row> listening = new HashMap<>();
        Map<Long, Connection> connections = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue;
            }
            try {
                long inode = Long.parseLong(f[9]);
                String local = endpoint(f[1], ipv6);
                connections.put(inode, new Connection(local, endpoint(f[2], ipv6), f[3]));
                if (f[3].equals(LISTEN)) {
                    listening.put(inode, new Row(local, (int) Long.parseLong(f[4].split(":")[1], 16)));
                }
            } catch (RuntimeException malformed) {
                // A line we do not understand says nothing about the sockets we do.
            }
        }
        return new NetTcpTable(listening, connections);
    }

    /** This table's rows and {@code other}'s (tcp and tcp6 of one namespace). */
    NetTcpTable plus(NetTcpTable other) {
        Map<Long, Row> l = new HashMap<>(listening);
        l.putAll(other.listening);
        Map<Long, Connection> c = new HashMap<>(connections);
        c.putAll(other.connections);
        return new NetTcpTable(l, c);
    }

    /** The LISTEN rows by socket inode. */
    Map<Long, Row> listening() {
        return listening;
    }

    /** Every row, whatever its state, by socket inode. */
    Map<Long, Connection> connections() {
        return connections;
    }

    /** {@code host:port} of the kernel's {@code HEX:PORT} ({@code [v6]:port} for IPv6). */
    private static String endpoint(String hexHostPort, boolean ipv6) {
        String[] parts = hexHostPort.split(":");
        int port = Integer.parseInt(parts[1], 16);
        if (!ipv6) {
            return ipv4(parts[0]) + ":" + port;
        }
        String host = ipv6(parts[0]);
        // An IPv4-mapped address (a dual-stack socket talking IPv4) is written as the IPv4 address it is.
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The kernel prints the address as one host-order (little-endian) 32-bit hex word. */
    private static String ipv4(String hex) {
        long word = Long.parseLong(hex, 16);
        return (word & 0xff) + "." + (word >> 8 & 0xff) + "." + (word >> 16 & 0xff) + "." + (word >> 24 & 0xff);
    }

    /** Four host-order 32-bit words; written in the compressed form Java's InetAddress gives. */
    private static String ipv6(String hex) {
        byte[] bytes = new byte[16];
        for (int word = 0; word < 4; word++) {
            long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) (value >> (8 * b) & 0xff);
            }
        }
        try {
            String text = java.net.InetAddress.getByAddress(bytes).getHostAddress();
            return text.equals("0:0:0:0:0:0:0:0") ? "::" : text.equals("0:0:0:0:0:0:0:1") ? "::1" : text;
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalArgumentException(impossible);
        }
    }
}
