package io.celerymon.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What kind of file a path names, read from its Unix mode ({@code stat(2)}'s file-type bits). */
public enum FileType {
    REGULAR, DIRECTORY, SYMBOLIC_LINK, FIFO, CHARACTER_DEVICE, BLOCK_DEVICE, SOCKET, MISSING;

    private static final int S_IFMT = 0170000;

    /**
     * The type of {@code path}, following links when {@code follow}; {@link #MISSING} when
     * nothing is there (or a followed link dangles).
     */
    public static FileType of(Path path, boolean follow) throws IOException {
        Object mode;
        try {
            mode = follow ? Files.getAttribute(path, "unix:mode")
                    : Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return MISSING;
        }
        return switch (((Integer) mode) & S_IFMT) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMBOLIC_LINK;
            case 0010000 -> FIFO;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0140000 -> SOCKET;
            default -> throw new IOException("unknown file type");
        };
    }
}
