package io.celerymon.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Frees a thread of ours blocked in a FIFO's {@code open(2)}, which nothing in Java can
 * interrupt: by opening the FIFO's other end. A thread left blocked in a system call holds the
 * JVM's exit for 0.3 s (HotSpot waits that long for threads in native code), past a deadline.
 */
public final class FifoRelease {

    private FifoRelease() {
    }

    /**
     * Frees a reader blocked waiting for a writer: a FIFO opened for reading and writing never
     * blocks on Linux, and once closed again the reader sees end of file.
     */
    public static void freeReader(Path fifo) {
        try (FileChannel ownWriter = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Opening is all it takes.
        } catch (IOException | RuntimeException ignored) {
            // Best effort: at worst the JVM waits a moment longer at exit.
        }
    }

    /**
     * Frees a writer blocked waiting for a reader, and drains what it then writes so it does not
     * block again on a full pipe. On a daemon thread of its own: should the writer have finished
     * meanwhile, this open() waits for a writer that never comes.
     */
    public static void freeWriter(Path fifo) {
        Thread release = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // Nothing to release, or already released.
            }
        }, "celerymon-fifo-release");
        release.setDaemon(true);
        release.start();
    }
}
