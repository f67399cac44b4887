package io.celerymon.envcheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Python probe reported about an interpreter and, with {@code --app}, an app. Secrets
 * are masked.
 *
 * @param executable {@code sys.executable}
 * @param pythonVersion e.g. {@code 3.11.2}
 * @param packages package name → installed version, null when not installed (celery, kombu,
 *     billiard, gevent, greenlet, eventlet, tornado, flower, redis, amqp)
 * @param celeryRequires celery's declared requirements (without extras), as its metadata lists them
 * @param environment the relevant variables of the probe's environment, masked
 * @param app the app import, or null without {@code --app}
 * @param process the probe's own process as it saw itself, or null when it did not say
 */
public record ProbeReport(String executable, String pythonVersion, Map<String, String> packages,
        List<String> celeryRequires, Map<String, String> environment, AppProbe app, ProbeProcess process) {

    /**
     * The probe's process as it saw itself: inside a container, its PID there and its user.
     *
     * @param pid its PID in its own PID namespace
     * @param uid its real user id
     * @param gid its real group id
     * @param cwd its working directory
     */
    public record ProbeProcess(long pid, int uid, int gid, String cwd) {
    }

    /** A report that did not say who ran it. */
    public ProbeReport(String executable, String pythonVersion, Map<String, String> packages,
            List<String> celeryRequires, Map<String, String> environment, AppProbe app) {
        this(executable, pythonVersion, packages, celeryRequires, environment, app, null);
    }

    public ProbeReport {
        packages = Collections.unmodifiableMap(new LinkedHashMap<>(packages));
        celeryRequires = List.copyOf(celeryRequires);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** The installed version of a package, or null. */
    public String version(String name) {
        return packages.get(name);
    }
}
