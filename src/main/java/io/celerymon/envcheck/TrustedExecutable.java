package io.celerymon.envcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Whether an interpreter found in another process may be run by celerymon without being asked:
 * only when it and its directory belong to root or to this user and nobody else can write them.
 * Otherwise any local user could start a process named like a Celery worker from a binary of their
 * own and have env-check (often run as root) execute it.
 */
public final class TrustedExecutable {

    private TrustedExecutable() {
    }

    /** True when {@code file} is a regular file that only root or this process's user can change. */
    public static boolean trusted(String file) {
        try {
            Path exe = Path.of(file).toRealPath();
            int self = Euid.current();
            return Files.isRegularFile(exe) && ownedSafely(exe, self) && ownedSafely(exe.getParent(), self);
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }

    private static boolean ownedSafely(Path path, int self) throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid");
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        return (owner == 0 || owner == self)
                && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
