package io.celerymon.broker;

import io.celerymon.files.FifoRelease;
import io.celerymon.files.FileType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a small configuration file whole, with a size limit and a deadline. The file may be a
 * FIFO or a process substitution, whose writer may be slow or never come, so the read runs on a
 * daemon thread of its own. At the deadline that thread is freed, not just left behind: the JVM
 * waits 0.3 s at exit for threads blocked in a system call. Closing the channel ends a blocked
 * read; nothing in Java can cut off a FIFO's open(2), so a writer of our own (a FIFO opened for
 * reading and writing never blocks) lets it return, and the read then sees end of file.
 */
final class BoundedRead {

    /** How long a FIFO's reader gets to leave open(2) once it has a writer. */
    private static final long RELEASE_WAIT_MILLIS = 50;

    private BoundedRead() {
    }

    /**
     * The bytes of {@code path}, at most {@code limit} of them.
     *
     * @throws BrokerConfigException when the file is missing, unreadable, a directory, larger
     *     than {@code limit}, or not read whole by {@code deadline}; the message is one line
     *     naming the file and the reason
     */
    static byte[] bytes(Path path, int limit, Deadline deadline) {
        if (path.toString().isEmpty()) {
            throw new BrokerConfigException("the env file path is empty");
        }
        if (Files.isDirectory(path)) {
            throw failure(path, "it is a directory", null);
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        AtomicReference<FileChannel> opened = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                result.complete(readUpTo(path, limit, opened));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "celerymon-env-file");
        reader.setDaemon(true);
        reader.start();
        try {
            return result.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            release(path, opened, reader);
            throw failure(path, "not read whole within the deadline (a FIFO without a writer, or a slow one?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(path, opened, reader);
            throw failure(path, "interrupted", e);
        } catch (ExecutionException e) {
            throw mapped(path, limit, e.getCause());
        }
    }

    private static byte[] readUpTo(Path path, int limit, AtomicReference<FileChannel> opened) throws IOException {
        // A regular file says its size up front: a huge one is refused without reading it.
        if (Files.isRegularFile(path) && Files.size(path) > limit) {
            throw new TooLarge();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            opened.set(channel);
            ByteBuffer buffer = ByteBuffer.allocate(Math.min(limit + 1, 64 * 1024));
            while (true) {
                if (!buffer.hasRemaining()) {
                    if (buffer.position() > limit) {
                        throw new TooLarge();
                    }
                    buffer = ByteBuffer.allocate(Math.min(limit + 1, buffer.capacity() * 2)).put(buffer.flip());
                }
                if (channel.read(buffer) < 0) {
                    return Arrays.copyOf(buffer.array(), buffer.position());
                }
            }
        }
    }

    /** Frees the reader thread from a blocked open(2) or read(2); best effort. */
    private static void release(Path path, AtomicReference<FileChannel> opened, Thread reader) {
        try {
            // Pipes reopened by path (/dev/fd/N) are FIFOs too.
            if (opened.get() == null && FileType.of(path, true) == FileType.FIFO) {
                FifoRelease.freeReader(path);
                reader.join(RELEASE_WAIT_MILLIS);
            }
            FileChannel channel = opened.get();
            if (channel != null) {
                channel.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the command fails either way; at worst the JVM waits a moment longer at exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BrokerConfigException mapped(Path path, int limit, Throwable error) {
        if (error instanceof TooLarge) {
            return new BrokerConfigException("env file " + path + " is larger than " + size(limit)
                    + ", the most an env file may hold");
        }
        if (error instanceof NoSuchFileException) {
            return failure(path, "no such file", error);
        }
        if (error instanceof AccessDeniedException) {
            return failure(path, "permission denied", error);
        }
        // A FileSystemException's message repeats the path; its reason alone is the cause.
        String text = error instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : error.getMessage();
        String reason = text == null || text.isBlank() ? "the read failed without a reason"
                : text.replaceAll("\\s+", " ").strip();
        return failure(path, reason, error);
    }

    private static BrokerConfigException failure(Path path, String reason, Throwable cause) {
        return new BrokerConfigException("cannot read env file " + path + ": " + reason, cause);
    }

    private static String size(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : String.format(Locale.ROOT, "%d bytes", bytes);
    }

    /** Thrown on the reader thread when the file holds more than the limit. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("over the limit");
        }
    }
}
