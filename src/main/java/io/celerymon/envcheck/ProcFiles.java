package io.celerymon.envcheck;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads one process's entries under a /proc root. Every method throws {@link IOException} when
 * the entry is gone (the process exited) or unreadable (another user's); the scanner decides what
 * that means.
 */
final class ProcFiles {
    /** Files such as maps can be large; nothing useful lies beyond this. */
    private static final long MAX_READ = 8L * 1024 * 1024;

    private final Path root;

    ProcFiles(Path root) {
        this.root = root;
    }

    /** The PIDs under the root, in numeric order. */
    List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 12) {
                    pids.add(Long.parseLong(name));
                }
            }
        }
        pids.sort(null);
        return pids;
    }

    /** The kernel's host name ({@code sys/kernel/hostname}), which is what Python's socket.gethostname() returns. */
    String hostname() throws IOException {
        return new String(read(root.resolve("sys").resolve("kernel").resolve("hostname")), StandardCharsets.UTF_8).strip();
    }

    boolean exists(long pid) {
        return Files.isDirectory(dir(pid));
    }

    List<String> commandLine(long pid) throws IOException {
        return splitNul(read(dir(pid).resolve("cmdline")));
    }

    Map<String, String> environment(long pid) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : splitNul(read(dir(pid).resolve("environ")))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** The fields of /proc/PID/status, e.g. {@code Threads} and {@code PPid}. */
    Map<String, String> status(long pid) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : text(dir(pid).resolve("status")).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** The paths of the files mapped into the process, distinct and sorted. */
    Set<String> mappedFiles(long pid) throws IOException {
        Set<String> files = new TreeSet<>();
        for (String line : text(dir(pid).resolve("maps")).split("\n")) {
            int slash = line.indexOf('/');
            if (slash >= 0) {
                files.add(line.substring(slash).replace(" (deleted)", ""));
            }
        }
        return files;
    }

    /** The executable, or null when the link cannot be read. */
    String executable(long pid) {
        try {
            return Files.readSymbolicLink(dir(pid).resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException unreadable) {
            return null;
        }
    }

    /** The namespace of one kind ({@code net}, {@code pid}, {@code mnt}) of a PID or {@code self}, e.g. {@code net:[4026531840]}. */
    String namespace(String pid, String kind) throws IOException {
        return Files.readSymbolicLink(root.resolve(pid).resolve("ns").resolve(kind)).toString();
    }

    /** When the process started, in clock ticks after boot: {@code stat} field 22, counted after the command's ')'. */
    long startTime(long pid) throws IOException {
        return StatFields.of(text(dir(pid).resolve("stat"))).number(22);
    }

    /** The working directory as the process sees it. */
    String workingDirectory(long pid) throws IOException {
        return Files.readSymbolicLink(dir(pid).resolve("cwd")).toString();
    }

    /** The inodes of the sockets among the process's file descriptors. */
    Set<Long> socketInodes(long pid) throws IOException {
        Set<Long> inodes = new TreeSet<>();
        try (Stream<Path> fds = Files.list(dir(pid).resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                socketInode(target).ifPresent(inodes::add);
            }
        }
        return inodes;
    }

    /**
     * The TCP tables ({@code tcp} and {@code tcp6}) of the process's network namespace
     * ({@code /proc/PID/net}, or the root's {@code net} when a process has none), parsed once.
     *
     * @throws IOException when neither file can be read
     */
    NetTcpTable tcpTable(long pid) throws IOException {
        Path net = Files.isDirectory(dir(pid).resolve("net")) ? dir(pid).resolve("net") : root.resolve("net");
        NetTcpTable table = NetTcpTable.empty();
        boolean any = false;
        for (String file : List.of("tcp", "tcp6")) {
            Path path = net.resolve(file);
            if (Files.isReadable(path)) {
                table = table.plus(NetTcpTable.parse(text(path), file.equals("tcp6")));
                any = true;
            }
        }
        if (!any) {
            throw new IOException("no readable tcp table under " + net);
        }
        return table;
    }

    /** The thread ids under {@code task/}, in numeric order. */
    List<Long> threadIds(long pid) throws IOException {
        List<Long> tids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir(pid).resolve("task"))) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 12) {
                    tids.add(Long.parseLong(name));
                }
            }
        }
        tids.sort(null);
        return tids;
    }

    /** One file of one thread, e.g. {@code stat}, {@code syscall} or {@code wchan}, as text. */
    String threadFile(long pid, long tid, String name) throws IOException {
        return text(threadPath(pid, tid, name));
    }

    /** The path of one thread's file, for messages. */
    Path threadPath(long pid, long tid, String name) {
        return dir(pid).resolve("task").resolve(Long.toString(tid)).resolve(name);
    }

    /** The inode of a descriptor link {@code socket:[inode]}; empty for anything else. */
    static OptionalLong socketInode(String linkTarget) {
        if (!linkTarget.startsWith("socket:[") || !linkTarget.endsWith("]")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(linkTarget.substring(8, linkTarget.length() - 1)));
        } catch (NumberFormatException odd) {
            return OptionalLong.empty();
        }
    }

    /** Where file descriptor {@code fd} points: {@code socket:[inode]}, {@code pipe:[inode]}, a path. */
    String fdTarget(long pid, int fd) throws IOException {
        return Files.readSymbolicLink(dir(pid).resolve("fd").resolve(Integer.toString(fd))).toString();
    }

    /** The path of the process's memory file, for messages. */
    Path memoryPath(long pid) {
        return dir(pid).resolve("mem");
    }

    /**
     * {@code length} bytes of the process's memory at {@code address} ({@code /proc/PID/mem}: the
     * same user with ptrace allowed, or root); fewer when the mapping ends.
     */
    byte[] memory(long pid, long address, int length) throws IOException {
        try (RandomAccessFile mem = new RandomAccessFile(memoryPath(pid).toFile(), "r")) {
            mem.seek(address);
            byte[] bytes = new byte[length];
            int read = 0;
            while (read < length) {
                int n = mem.read(bytes, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return read == length ? bytes : java.util.Arrays.copyOf(bytes, read);
        }
    }

    private Path dir(long pid) {
        return root.resolve(Long.toString(pid));
    }

    private static String text(Path file) throws IOException {
        return new String(read(file), StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) throws IOException {
        // /proc files report size 0, so read as a stream, bounded.
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes((int) MAX_READ);
        }
    }

    static List<String> splitNul(byte[] raw) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    parts.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return parts;
    }
}
