package io.celerymon.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file whole or not at all: a temporary file in the same directory, then a rename, so a
 * reader (node-exporter's textfile collector, a CI job, the next celerymon run) never sees half of it.
 */
public final class AtomicFile {

    /** Reports other users' tools read (node-exporter runs as its own user): rw-r--r--. */
    public static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rw-r--r--");
    /** celerymon's own cache: rw-------. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private AtomicFile() {
    }

    /** Replaces {@code target} with {@code content}; the temporary file is removed if anything fails. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            // createTempFile makes rw-------, and the rename keeps the mode.
            Files.setPosixFilePermissions(tmp, permissions);
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@link #write(Path, byte[], Set)} for text, as UTF-8, readable by everyone. */
    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), SHARED);
    }
}
