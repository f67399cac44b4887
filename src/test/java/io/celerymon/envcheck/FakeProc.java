package io.celerymon.envcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A directory laid out like /proc, written by tests: one process at a time, then the tcp table. */
final class FakeProc {
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
            + "retrnsmt   uid  timeout inode\n";

    private final Path root;

    FakeProc(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** A process with a command line, environment, thread count, parent, mapped files and socket inodes. */
    FakeProc process(long pid, List<String> argv, Map<String, String> env, int threads, long ppid, List<String> mapped,
            long... socketInodes) {
        Path dir = root.resolve(Long.toString(pid));
        try {
            Files.createDirectories(dir.resolve("fd"));
            Files.write(dir.resolve("cmdline"), nulJoined(argv));
            Files.write(dir.resolve("environ"), nulJoined(env.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            Files.writeString(dir.resolve("status"), "Name:\tpython3\nPPid:\t" + ppid + "\nThreads:\t" + threads + "\n");
            StringBuilder maps = new StringBuilder("55d0a000-55d0b000 r--p 00000000 08:01 1 /usr/bin/python3.11\n");
            mapped.forEach(m -> maps.append("7f00a000-7f00b000 r-xp 00000000 08:01 2 ").append(m).append('\n'));
            maps.append("7ffd0000-7ffd1000 rw-p 00000000 00:00 0 [stack]\n");
            Files.writeString(dir.resolve("maps"), maps);
            // Inside the tree: JUnit warns about links that point out of its temporary directory.
            Files.createSymbolicLink(dir.resolve("exe"), root.resolve("usr/bin/python3.11"));
            int fd = 3;
            for (long inode : socketInodes) {
                Files.createSymbolicLink(dir.resolve("fd").resolve(Integer.toString(fd++)), Path.of("socket:[" + inode + "]"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes the shared net/tcp with LISTEN rows: inode → {port, accept queue}. */
    FakeProc listening(Map<Long, int[]> rows) {
        StringBuilder text = new StringBuilder(TCP_HEADER);
        int sl = 0;
        for (Map.Entry<Long, int[]> row : rows.entrySet()) {
            text.append(String.format("%4d: 0100007F:%04X 00000000:0000 0A 00000000:%08X 00:00000000 00000000  1000"
                    + "        0 %d 1 0000000000000000 100 0 0 10 0%n", sl++, row.getValue()[0], row.getValue()[1],
                    row.getKey()));
        }
        try {
            Files.createDirectories(root.resolve("net"));
            Files.writeString(root.resolve("net").resolve("tcp"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static byte[] nulJoined(List<String> parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(p -> out.append(p).append('\0'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
