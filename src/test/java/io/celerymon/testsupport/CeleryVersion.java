package io.celerymon.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Which Celery the test workers and Celery's own CLI run: Debian 12's system packages (5.2.6), or
 * the Debian 13 tree that {@code scripts/celery55.sh} unpacks (5.5.2 with kombu 5.5.3), put in
 * front of the system's on PYTHONPATH under the same {@code /usr/bin/python3}.
 */
public enum CeleryVersion {
    /** Debian 12's python3-celery 5.2.6 / python3-kombu 5.2.4, as installed. */
    V5_2("5.2"),
    /** Debian 13's python3-celery 5.5.2 / python3-kombu 5.5.3, from the tree of scripts/celery55.sh. */
    V5_5("5.5");

    /** Set to 1 (offline development only) to skip the Celery 5.5 classes instead of failing them. */
    public static final String SKIP_VARIABLE = "CELERYMON_SKIP_CELERY55";

    private final String line;

    CeleryVersion(String line) {
        this.line = line;
    }

    /** "5.2" or "5.5": the release line, as in version strings and test names. */
    public String line() {
        return line;
    }

    /**
     * The directory to put first on PYTHONPATH, empty for the system's Celery. For 5.5 it must be
     * there: call {@link #require} in a class's set-up so that a missing tree fails (or skips) it once.
     */
    public Optional<Path> sitePackages() {
        if (this == V5_2) {
            return Optional.empty();
        }
        return Optional.of(cacheDir().resolve("tree/usr/lib/python3/dist-packages"));
    }

    /**
     * Fails the caller when this version's tree is missing, naming the script that provides it; with
     * {@value #SKIP_VARIABLE}=1 in the environment the caller is skipped instead.
     */
    public void require() {
        Optional<Path> site = sitePackages();
        if (site.isEmpty()) {
            return;
        }
        boolean present = Files.isDirectory(site.get().resolve("celery"))
                && Files.isRegularFile(cacheDir().resolve("complete"));
        if (present) {
            return;
        }
        Assumptions.assumeFalse("1".equals(System.getenv(SKIP_VARIABLE)),
                SKIP_VARIABLE + "=1: Celery " + line + " not tested");
        throw new IllegalStateException("no Celery " + line + " tree in " + cacheDir()
                + ": run scripts/celery55.sh (or set " + SKIP_VARIABLE + "=1 to skip these classes offline)");
    }

    /** Where scripts/celery55.sh keeps the tree: the same defaults as the script. */
    static Path cacheDir() {
        String dir = System.getenv("CELERYMON_CELERY55_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("celerymon/celery55");
    }
}
