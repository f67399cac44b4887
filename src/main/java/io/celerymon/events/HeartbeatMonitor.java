package io.celerymon.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Worker liveness from the heartbeat stream (protocol.md 6.5), measured on the local receive clock,
 * with synthetic events for stalls, the gaps they end, and clock skew. Pure logic: the caller
 * passes the {@code System.nanoTime()} of each arrival and calls {@link #tick} regularly so a
 * silence is noticed while it lasts.
 *
 * <p>Decisions, where Celery's {@code State} differs or leaves room:
 * <ul>
 *   <li>Only {@code worker-online}, {@code worker-heartbeat} and {@code worker-offline} are
 *       heartbeats. Task events do not prove a worker alive here, although Celery counts them:
 *       Celery stores the sender's timestamp for them (swapped arguments), which ties liveness to
 *       the remote clock; task events are flushed by the same event loop whose blocking we want
 *       to see; and a heart that stopped while tasks still run is itself worth reporting.</li>
 *   <li>A heartbeat sent in answer to the {@code heartbeat} control command (it has no
 *       {@code active} field, and {@code freq: 5}) proves the worker alive but does not change
 *       the expected interval once a periodic heartbeat has announced one: the worker's timer
 *       keeps its own interval, and adopting 5 s would hide a stall for up to 10 s. Before any
 *       periodic heartbeat its freq is used provisionally, which only delays detection.</li>
 *   <li>{@code worker-offline} makes a worker OFFLINE at once; it is not checked for stalls until
 *       it sends a heartbeat again, and that return is not reported as a gap.</li>
 *   <li>Clock skew ({@code local_received - timestamp}) is taken from worker events only: task
 *       events may wait in the sender's buffer, which would look like skew.</li>
 * </ul>
 */
public final class HeartbeatMonitor {

    /** Celery's {@code HEARTBEAT_DRIFT_MAX}, seconds. */
    public static final double DEFAULT_SKEW_THRESHOLD_SECONDS = 16.0;
    /** A worker is stalled when silent for more than this many heartbeat intervals (Celery's 200 %). */
    public static final double EXPIRE_FACTOR = 2.0;

    /** A worker went silent for more than {@link #EXPIRE_FACTOR} × freq. */
    public static final String HEARTBEAT_STALLED = CeleryEvent.SYNTHETIC_PREFIX + "heartbeat-stalled";
    /** A stalled worker's heartbeats resumed; carries the whole silence. */
    public static final String HEARTBEAT_GAP = CeleryEvent.SYNTHETIC_PREFIX + "heartbeat-gap";
    /** A worker's clock crossed the skew threshold. */
    public static final String CLOCK_SKEW = CeleryEvent.SYNTHETIC_PREFIX + "clock-skew";

    private final NanoEpoch epoch;
    private final double skewThresholdSeconds;
    private final Map<String, Track> tracks = new TreeMap<>();
    private final Map<String, String> pools = new HashMap<>();

    public HeartbeatMonitor(NanoEpoch epoch) {
        this(epoch, DEFAULT_SKEW_THRESHOLD_SECONDS);
    }

    public HeartbeatMonitor(NanoEpoch epoch, double skewThresholdSeconds) {
        if (!(skewThresholdSeconds > 0)) {
            throw new IllegalArgumentException("skew threshold must be positive: " + skewThresholdSeconds);
        }
        this.epoch = epoch;
        this.skewThresholdSeconds = skewThresholdSeconds;
    }

    /** Takes one received event (anything but worker-online/-heartbeat/-offline is ignored); returns synthetic events to emit. */
    public List<CeleryEvent> onEvent(CeleryEvent event, long nowNanos) {
        boolean offline = event.type().equals("worker-offline");
        boolean beat = offline || event.type().equals("worker-online") || event.type().equals("worker-heartbeat");
        if (!beat || event.hostname() == null) {
            return List.of();
        }
        List<CeleryEvent> out = new ArrayList<>(1);
        Track track = tracks.computeIfAbsent(event.hostname(), Track::new);
        JsonNode fields = event.fields();
        boolean manual = event.type().equals("worker-heartbeat") && !fields.has("active");
        if (track.hasHeartbeat && track.status != WorkerStatus.OFFLINE) {
            double silence = NanoEpoch.seconds(track.lastNanos, nowNanos);
            if (track.status == WorkerStatus.ONLINE && overdue(track, nowNanos)) {
                out.add(stalled(track, nowNanos));
            }
            if (track.status == WorkerStatus.STALLED) {
                out.add(gap(track, silence, nowNanos));
            }
            track.longestGap = Double.isNaN(track.longestGap) ? silence : Math.max(track.longestGap, silence);
        }
        track.status = offline ? WorkerStatus.OFFLINE : WorkerStatus.ONLINE;
        track.hasHeartbeat = true;
        track.lastNanos = nowNanos;
        absorb(track, fields, manual);
        checkSkew(track, event, nowNanos, out);
        return out;
    }

    /** Notices workers whose silence has just exceeded {@link #EXPIRE_FACTOR} × freq; one stalled event each. */
    public List<CeleryEvent> tick(long nowNanos) {
        List<CeleryEvent> out = new ArrayList<>(0);
        for (Track track : tracks.values()) {
            if (track.status == WorkerStatus.ONLINE && overdue(track, nowNanos)) {
                out.add(stalled(track, nowNanos));
            }
        }
        return out;
    }

    /** Every worker seen, sorted by hostname; a worker overdue but not yet ticked already shows STALLED. */
    public List<WorkerView> workers(long nowNanos) {
        List<WorkerView> views = new ArrayList<>(tracks.size());
        for (Track track : tracks.values()) {
            views.add(view(track, nowNanos));
        }
        return views;
    }

    /** One worker's view, if it was seen. */
    public Optional<WorkerView> worker(String hostname, long nowNanos) {
        Track track = tracks.get(hostname);
        return track == null ? Optional.empty() : Optional.of(view(track, nowNanos));
    }

    /** Records the pool type learnt elsewhere (e.g. a {@code stats} reply); shown once the worker is seen. */
    public void setPool(String hostname, String pool) {
        pools.put(hostname, pool);
    }

    private boolean overdue(Track track, long nowNanos) {
        double freq = track.freq();
        return track.hasHeartbeat && freq > 0 && NanoEpoch.seconds(track.lastNanos, nowNanos) > EXPIRE_FACTOR * freq;
    }

    private WorkerView view(Track track, long nowNanos) {
        WorkerStatus status = track.status == WorkerStatus.ONLINE && overdue(track, nowNanos)
                ? WorkerStatus.STALLED : track.status;
        double age = track.hasHeartbeat ? NanoEpoch.seconds(track.lastNanos, nowNanos) : Double.NaN;
        return new WorkerView(track.hostname, status, age, track.freq(), track.active, track.processed,
                track.loadavg, pools.get(track.hostname), track.swVersion, track.longestGap, track.skew);
    }

    private static void absorb(Track track, JsonNode fields, boolean manual) {
        JsonNode freq = fields.get("freq");
        if (freq != null && freq.isNumber() && freq.asDouble() > 0) {
            if (!manual) {
                track.periodicFreq = freq.asDouble();
            } else if (Double.isNaN(track.periodicFreq)) {
                track.provisionalFreq = freq.asDouble();
            }
        }
        JsonNode active = fields.get("active");
        if (active != null && active.canConvertToInt()) {
            track.active = active.asInt();
        }
        JsonNode processed = fields.get("processed");
        if (processed != null && processed.canConvertToLong()) {
            track.processed = processed.asLong();
        }
        JsonNode loadavg = fields.get("loadavg");
        if (loadavg != null && loadavg.isArray()) {
            List<Double> values = new ArrayList<>(3);
            loadavg.forEach(v -> {
                if (v.isNumber()) {
                    values.add(v.asDouble());
                }
            });
            track.loadavg = List.copyOf(values);
        }
        JsonNode swVer = fields.get("sw_ver");
        if (swVer != null && swVer.isTextual()) {
            track.swVersion = swVer.asText();
        }
    }

    private void checkSkew(Track track, CeleryEvent event, long nowNanos, List<CeleryEvent> out) {
        if (!Double.isFinite(event.timestamp())) {
            return;
        }
        double received = Double.isFinite(event.localReceived()) ? event.localReceived() : epoch.toEpoch(nowNanos);
        track.skew = received - event.timestamp();
        boolean beyond = Math.abs(track.skew) > skewThresholdSeconds;
        if (beyond && !track.skewed) {
            ObjectNode own = JsonNodeFactory.instance.objectNode();
            own.put("skew_seconds", roundedSeconds(track.skew));
            out.add(synthetic(CLOCK_SKEW, track.hostname, nowNanos, own));
        }
        track.skewed = beyond;
    }

    private CeleryEvent stalled(Track track, long nowNanos) {
        track.status = WorkerStatus.STALLED;
        ObjectNode own = JsonNodeFactory.instance.objectNode();
        own.put("freq", track.freq());
        own.put("silent_seconds", roundedSeconds(NanoEpoch.seconds(track.lastNanos, nowNanos)));
        own.put("last_heartbeat", epoch.toEpoch(track.lastNanos));
        return synthetic(HEARTBEAT_STALLED, track.hostname, nowNanos, own);
    }

    private CeleryEvent gap(Track track, double silence, long nowNanos) {
        ObjectNode own = JsonNodeFactory.instance.objectNode();
        own.put("gap_seconds", roundedSeconds(silence));
        own.put("freq", track.freq());
        return synthetic(HEARTBEAT_GAP, track.hostname, nowNanos, own);
    }

    private CeleryEvent synthetic(String type, String hostname, long nowNanos, ObjectNode own) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("type", type);
        fields.put("hostname", hostname);
        fields.setAll(own);
        // The timestamp a Celery event carries is its sender's time.time(); celerymon is the sender here.
        double now = epoch.toEpoch(nowNanos);
        return new CeleryEvent(type, hostname, now, now, fields);
    }

    /** Seconds to 3 decimals: a silence is measured on 250 ms ticks, so more digits would be noise. */
    static double roundedSeconds(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    /** Mutable per-worker bookkeeping; never leaves this class. */
    private static final class Track {
        final String hostname;
        WorkerStatus status = WorkerStatus.ONLINE;
        boolean hasHeartbeat;
        long lastNanos;
        double periodicFreq = Double.NaN;
        double provisionalFreq = Double.NaN;
        int active = -1;
        long processed = -1;
        List<Double> loadavg = List.of();
        String swVersion;
        double longestGap = Double.NaN;
        double skew = Double.NaN;
        boolean skewed;

        Track(String hostname) {
            this.hostname = hostname;
        }

        double freq() {
            return Double.isNaN(periodicFreq) ? provisionalFreq : periodicFreq;
        }
    }
}
