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

    private NetTcpTable() {
    }

    /** Every row of one file's text, whatever its state; malformed lines are skipped. */
    static Map<Long, Connection> parseAll(String text, boolean ipv6) {
        Map<Long, Connection> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue;
            }
            try {
                rows.put(Long.parseLong(f[9]), new Connection(endpoint(f[1], ipv6), endpoint(f[2], ipv6), f[3]));
            } catch (RuntimeException malformed) {
                // A line we do not understand says nothing about the sockets we do.
            }
        }
        return rows;
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

    /** The LISTEN rows of one file's text; malformed lines are skipped. */
    static Map<Long, Row> parse(String text, boolean ipv6) {
        Map<Long, Row> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals(LISTEN)) {
                continue;
            }
            try {
                String[] queues = f[4].split(":");
                long inode = Long.parseLong(f[9]);
                rows.put(inode, new Row(endpoint(f[1], ipv6), (int) Long.parseLong(queues[1], 16)));
            } catch (RuntimeException malformed) {
                // A line we do not understand says nothing about the sockets we do.
            }
        }
        return rows;
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
