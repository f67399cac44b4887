package io.celerymon.envcheck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the Python probe.
 *
 * @param python the interpreter: a path, or a name looked up on the environment's PATH
 * @param app {@code MODULE[:ATTR]} to import as {@code celery -A} does, or null for versions only
 * @param timeout hard limit; the probe and its children are killed when it passes
 * @param workingDirectory the directory the app is imported from (on sys.path, as with {@code celery -A})
 * @param environment the probe's whole environment
 * @param context the process whose context the probe runs in (its namespaces, user and working
 *     directory, through {@code nsenter}), or null to run it here as this user
 */
public record ProbeRequest(String python, String app, Duration timeout, Path workingDirectory,
        Map<String, String> environment, ProcessContext context) {

    /** A probe run here, as this user. */
    public ProbeRequest(String python, String app, Duration timeout, Path workingDirectory,
            Map<String, String> environment) {
        this(python, app, timeout, workingDirectory, environment, null);
    }

    public ProbeRequest {
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
    }

    /** What findings about this probe are about: the app and interpreter, or the interpreter. */
    public String subject() {
        return app == null ? "python " + python : "app " + app + " (" + python + ")";
    }
}
