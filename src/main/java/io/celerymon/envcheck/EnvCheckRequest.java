package io.celerymon.envcheck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One env-check run.
 *
 * @param pids the processes to scan; empty: every Celery worker, beat and Flower process
 * @param python the interpreter for the probe, or null: a scanned process's interpreter, else {@code python3}
 * @param app {@code MODULE[:ATTR]} for the probe to import, or null
 * @param probe whether to run the Python probe at all
 * @param connect whether to ask each Flower process directly ({@code GET /healthcheck})
 * @param probeTimeout the probe's hard limit
 * @param scanDeadline the scan's limit
 * @param workingDirectory where the probe runs (the app is imported from here)
 * @param environment the probe's environment
 */
public record EnvCheckRequest(List<Long> pids, String python, String app, boolean probe, boolean connect,
        Duration probeTimeout,
        Duration scanDeadline, Path workingDirectory, Map<String, String> environment) {

    public EnvCheckRequest {
        pids = List.copyOf(pids);
        environment = Map.copyOf(environment);
    }
}
