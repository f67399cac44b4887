package io.celerymon.envcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's user id, as the kernel sees it (Java has no getuid). */
final class Euid {

    private Euid() {
    }

    /** The owner of {@code /proc/self}, which is the effective user id; -1 when it cannot be read. */
    static int current() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }
}
