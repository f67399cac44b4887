package io.celerymon.events;

import java.util.List;

/**
 * What the event stream says about one worker at one moment.
 *
 * @param hostname node name
 * @param status liveness
 * @param lastHeartbeatAgeSeconds seconds since the last heartbeat arrived (local clock); NaN if none yet
 * @param freq the heartbeat interval the worker announced, seconds; NaN if unknown
 * @param active tasks executing, from the last heartbeat; -1 if unknown
 * @param processed tasks processed, from the last heartbeat; -1 if unknown
 * @param loadavg the host's load averages from the last heartbeat; empty if unknown
 * @param pool the pool type if known (e.g. from a {@code stats} reply), else null
 * @param swVersion the Celery version it announced ({@code sw_ver}), or null
 * @param longestGapSeconds the longest silence between two heartbeats seen so far
 * @param clockSkewSeconds the last {@code local_received - timestamp}; NaN if unknown
 */
public record WorkerView(String hostname, WorkerStatus status, double lastHeartbeatAgeSeconds, double freq, int active,
                         long processed, List<Double> loadavg, String pool, String swVersion,
                         double longestGapSeconds, double clockSkewSeconds) {

    public WorkerView {
        loadavg = List.copyOf(loadavg);
    }
}
