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

    /** A thread of {@code pid}: its {@code stat} (state, utime+stime split as utime), {@code syscall} and {@code wchan}. */
    FakeProc thread(long pid, long tid, String state, long cpuTicks, String syscall, String wchan) {
        Path dir = root.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid));
        try {
            Files.createDirectories(dir);
            // Fields 4–13 are zero; utime (14) carries the ticks, stime (15) zero; the name holds a ") " to be parsed past.
            Files.writeString(dir.resolve("stat"), tid + " (py) thon) " + state + " 1 1 1 0 -1 4194560 0 0 0 0 "
                    + cpuTicks + " 0 0 0 20 0 1 0 100 1000 100\n");
            if (syscall != null) {
                Files.writeString(dir.resolve("syscall"), syscall + "\n");
            }
            Files.writeString(dir.resolve("wchan"), wchan == null ? "0" : wchan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A file descriptor link of {@code pid}, e.g. {@code socket:[77]} or {@code pipe:[5]}. */
    FakeProc fd(long pid, int fd, String target) {
        try {
            Path link = root.resolve(Long.toString(pid)).resolve("fd").resolve(Integer.toString(fd));
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code pid}'s memory file holding {@code bytes} at {@code address} (keep addresses small: the file is real). */
    FakeProc memory(long pid, long address, byte[] bytes) {
        try (var mem = new java.io.RandomAccessFile(root.resolve(Long.toString(pid)).resolve("mem").toFile(), "rw")) {
            mem.seek(address);
            mem.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes {@code net/<file>} with the given raw rows (after the header). */
    FakeProc tcpRows(String file, String... rows) {
        try {
            Files.createDirectories(root.resolve("net"));
            Files.writeString(root.resolve("net").resolve(file), TCP_HEADER + String.join("\n", rows) + "\n");
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
