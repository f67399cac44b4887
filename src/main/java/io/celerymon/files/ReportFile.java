package io.celerymon.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a report file named on the command line without destroying what the name points at: a
 * regular or missing file is replaced atomically in its own directory; a symbolic link is
 * followed and its target replaced in the target's directory (the link stays a link); a FIFO or
 * a character device ({@code /dev/stdout}, {@code /dev/full}) is opened and written in place,
 * within a time limit, and never replaced; a regular file reached through an open descriptor
 * ({@code /dev/stdout} redirected to a file) is appended to. Directories, block devices and sockets are refused.
 * {@code -} (standard output) is the caller's business: nothing below the command line prints.
 */
public final class ReportFile {

    /** The name that means standard output. */
    public static final String STDOUT = "-";

    /** How many links a chain may have before it counts as a loop (Linux's own limit). */
    private static final int MAX_LINKS = 40;

    /** What a report path leads to, once links are followed. */
    enum Kind { REPLACE, FIFO, DEVICE, APPEND }

    /** Where and how to write: {@code path} is the file to replace, or the name to open in place. */
    record Target(Kind kind, Path path) {
    }

    private ReportFile() {
    }

    /** Whether {@code path} is {@code -}, standard output. */
    public static boolean isStdout(Path path) {
        return path.toString().equals(STDOUT);
    }

    /**
     * Refuses, before any work is done, a path no report can ever be written to: an empty name, a
     * directory, a block device or a socket. Anything else (a missing parent directory, a full
     * disk) is found when writing.
     *
     * @throws IllegalArgumentException with the reason, to be shown after the option and path
     */
    public static void checkUsable(Path path) {
        if (path.toString().isEmpty()) {
            throw new IllegalArgumentException("the file name is empty");
        }
        if (isStdout(path)) {
            return;
        }
        try {
            target(path);
        } catch (IOException e) {
            // Not knowable up front (permissions on a directory on the way, a link loop): the
            // write will say so, after the report was printed.
        }
    }

    /**
     * Writes {@code content} to {@code path}, the way the class comment describes. A FIFO or
     * device gets at most {@code limit} to be opened and written (a FIFO nobody reads would
     * otherwise block forever); the writing thread is then abandoned, as a daemon.
     */
    public static void write(Path path, byte[] content, Duration limit) throws IOException {
        try {
            Target target = target(path);
            if (target.kind() == Kind.REPLACE) {
                AtomicFile.write(target.path(), content, permissionsOf(target.path()));
            } else if (target.kind() == Kind.APPEND) {
                Files.write(target.path(), content, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } else {
                writeInPlace(target, content, limit);
            }
        } catch (IllegalArgumentException e) {
            // It became a directory (or a socket) since the check up front.
            throw new IOException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(reason(e), e);
        }
    }

    /** The operating system's reason, without the Java class name or a repeated path. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Follows links and decides; {@link IllegalArgumentException} for what is never written to. */
    static Target target(Path path) throws IOException {
        return switch (FileType.of(path, true)) {
            // Nothing at the end of the name (or of its links): create the file the last link names.
            case MISSING -> new Target(Kind.REPLACE, lastLinkTarget(path));
            // toRealPath also resolves /proc/self/fd/N to the file it stands for.
            // Through /proc/self/fd (/dev/stdout redirected to a file): that open file is the
            // caller's output, which a rename would take away from it; append to it instead.
            case REGULAR -> viaOpenDescriptor(path) ? new Target(Kind.APPEND, path)
                    : new Target(Kind.REPLACE, path.toRealPath());
            case FIFO -> new Target(Kind.FIFO, path);
            case CHARACTER_DEVICE -> new Target(Kind.DEVICE, path);
            case DIRECTORY -> throw new IllegalArgumentException("it is a directory");
            case BLOCK_DEVICE -> throw new IllegalArgumentException("it is a block device; name a file, a FIFO or "
                    + "a character device");
            case SOCKET -> throw new IllegalArgumentException("it is a socket; name a file, a FIFO or "
                    + "a character device");
            case SYMBOLIC_LINK -> throw new IllegalStateException("links are followed");
        };
    }

    /** Whether the chain of links passes through a process's open descriptors (/proc/PID/fd/N). */
    private static boolean viaOpenDescriptor(Path path) throws IOException {
        Path current = path.toAbsolutePath();
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            Path directory = current.getParent() == null ? null : current.getParent().toRealPath();
            if (directory != null && directory.getNameCount() == 3 && directory.startsWith("/proc")
                    && directory.getFileName().toString().equals("fd")) {
                return true;
            }
            if (!Files.isSymbolicLink(current)) {
                return false;
            }
            current = current.getParent().resolve(Files.readSymbolicLink(current)).normalize();
        }
        return false;
    }

    /** The missing file a (possibly dangling) chain of links ends at. */
    private static Path lastLinkTarget(Path path) throws IOException {
        Path current = path.toAbsolutePath();
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            if (FileType.of(current, false) != FileType.SYMBOLIC_LINK) {
                return current;
            }
            Path next = Files.readSymbolicLink(current);
            current = current.getParent().resolve(next).normalize();
        }
        throw new IOException("too many levels of symbolic links");
    }

    /** An existing file keeps its mode; a new report is readable by everyone (node-exporter runs as its own user). */
    private static Set<PosixFilePermission> permissionsOf(Path file) throws IOException {
        return Files.exists(file) ? Files.getPosixFilePermissions(file) : AtomicFile.SHARED;
    }

    private static void writeInPlace(Target target, byte[] content, Duration limit) throws IOException {
        Path path = target.path();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicBoolean opened = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            // No CREATE, no TRUNCATE_EXISTING: a FIFO or a device is opened as it is.
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
                opened.set(true);
                out.write(content);
                out.flush();
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "celerymon-report-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            done.get(Math.max(limit.toNanos(), 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (target.kind() == Kind.FIFO && !opened.get()) {
                FifoRelease.freeWriter(path);
            }
            throw new IOException("not written within " + limit.toMillis() + " ms (a FIFO nobody reads?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }
}
