package io.celerymon.envcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /**
     * As {@link #trusted}, for a file inside another process's root ({@code /proc/PID/root}, its
     * mount namespace), where {@code alsoOwner} — the user the probe will run as — may own it too.
     * Links are not followed: an absolute link in there would be resolved against this host's root.
     */
    public static boolean trustedInside(Path root, String file, int alsoOwner) {
        try {
            Path exe = root.resolve(file.startsWith("/") ? file.substring(1) : file);
            int self = Euid.current();
            return Files.isRegularFile(exe, LinkOption.NOFOLLOW_LINKS)
                    && ownedSafely(exe, self, alsoOwner) && ownedSafely(exe.getParent(), self, alsoOwner);
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }

    private static boolean ownedSafely(Path path, int self) throws IOException {
        return ownedSafely(path, self, 0);
    }

    private static boolean ownedSafely(Path path, int self, int alsoOwner) throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return (owner == 0 || owner == self || owner == alsoOwner)
                && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }
}
