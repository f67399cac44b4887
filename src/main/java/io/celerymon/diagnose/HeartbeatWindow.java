package io.celerymon.diagnose;

import io.celerymon.events.WorkerStatus;
import io.celerymon.events.WorkerView;
import io.celerymon.inspect.WorkerFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the event stream showed while celerymon listened.
 *
 * @param windowSeconds how long it listened
 * @param endEpoch epoch seconds (local clock) when listening ended
 * @param workers every worker that sent a worker event in the window, as the heartbeat monitor saw it at the end
 * @param events how many events arrived
 */
public record HeartbeatWindow(double windowSeconds, double endEpoch, List<WorkerView> workers, long events) {

    public HeartbeatWindow {
        workers = List.copyOf(workers);
    }

    public Optional<WorkerView> worker(String hostname) {
        return workers.stream().filter(w -> w.hostname().equals(hostname)).findFirst();
    }

    /** Whether the worker's heartbeats were on time at the end of the window. */
    public boolean online(String hostname) {
        return worker(hostname).map(w -> w.status() == WorkerStatus.ONLINE).orElse(false);
    }

    /**
     * How long the worker has been silent at the end of the window: exact when its last heartbeat
     * fell in the window, else at least the window. The last heartbeat an earlier run saw (the
     * facts cache) is given too: the worker may have beaten since, unseen, so that is an upper bound.
     */
    public Silence silence(String hostname, Map<String, WorkerFacts> facts) {
        Optional<WorkerView> seen = worker(hostname);
        if (seen.isPresent() && Double.isFinite(seen.get().lastHeartbeatAgeSeconds())) {
            return new Silence(seen.get().lastHeartbeatAgeSeconds(), false, OptionalDouble.empty());
        }
        WorkerFacts known = facts.get(hostname);
        OptionalDouble lastSeen = known != null && known.lastHeartbeat().isPresent()
                && endEpoch - known.lastHeartbeat().getAsDouble() >= windowSeconds
                ? OptionalDouble.of(endEpoch - known.lastHeartbeat().getAsDouble()) : OptionalDouble.empty();
        return new Silence(windowSeconds, true, lastSeen);
    }

    /** The heartbeat interval the worker announced in the window, else the cached one, else Celery's default. */
    public double freq(String hostname, Map<String, WorkerFacts> facts) {
        Optional<WorkerView> seen = worker(hostname);
        if (seen.isPresent() && Double.isFinite(seen.get().freq()) && seen.get().freq() > 0) {
            return seen.get().freq();
        }
        WorkerFacts known = facts.get(hostname);
        return known != null && known.freq().isPresent() ? known.freq().getAsDouble()
                : DiagnoseSettings.DEFAULT_FREQ_SECONDS;
    }

    /**
     * A worker's silence.
     *
     * @param seconds seconds since its last heartbeat
     * @param atLeast true when none came in the window and this is only the window's length
     * @param lastSeenAgo seconds since the last heartbeat an earlier run saw, when that is longer
     *     than the window
     */
    public record Silence(double seconds, boolean atLeast, OptionalDouble lastSeenAgo) {

        /** "12.3 s", "at least 5.0 s", or "at least 5.0 s (last seen 40.2 s ago)". */
        public String describe() {
            String gap = (atLeast ? "at least " : "") + Evidence.seconds(seconds) + " s";
            return lastSeenAgo.isPresent()
                    ? gap + " (last heartbeat celerymon saw: " + Evidence.seconds(lastSeenAgo.getAsDouble()) + " s ago)"
                    : gap;
        }

        /** Adds the silence to a finding's evidence. */
        Evidence addTo(Evidence evidence) {
            return evidence.and("heartbeat_gap_seconds", Evidence.seconds(seconds)).and("gap_is_lower_bound", atLeast)
                    .and("last_heartbeat_seen_ago_seconds",
                            lastSeenAgo.isPresent() ? Evidence.seconds(lastSeenAgo.getAsDouble()) : null);
        }
    }
}
