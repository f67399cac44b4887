package io.celerymon.output.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.events.ClusterSnapshot;
import io.celerymon.events.TaskFailure;
import io.celerymon.events.WorkerView;
import io.celerymon.output.OutputJson;
import io.celerymon.secrets.SecretText;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a cluster snapshot as the {@code --summary} JSON document:
 * <pre>
 * {
 *   "broker": "redis://:****@localhost:6379/0",
 *   "taken_at": 1795705250.1,            epoch seconds
 *   "elapsed_seconds": 30.0,
 *   "events": 1234,                       received, synthetic ones not counted
 *   "workers": [
 *     {"hostname": "w1@lab", "status": "online",   online | stalled | offline
 *      "last_heartbeat_age_seconds": 0.4, "freq": 2.0, "active": 0, "processed": 12,
 *      "loadavg": [0.42, 0.5, 0.61], "pool": "prefork", "sw_version": "5.2.6",
 *      "longest_gap_seconds": 2.1, "clock_skew_seconds": 0.003}
 *   ],
 *   "task_counts": {"failed": 1, "received": 10, ...},       events by state, keys sorted
 *   "task_rates": {"failed": 0.017, "received": 0.167, ...}, per second over the last minute
 *   "recent_failures": [
 *     {"uuid": "...", "name": "tasks.div", "hostname": "w1@lab", "timestamp": 1795705249.9,
 *      "exception": "ZeroDivisionError('division by zero')"}
 *   ],
 *   "tasks_tracked": 10
 * }
 * </pre>
 * Every key is always present. An unknown value is null (never NaN): an age before the first
 * heartbeat, a freq, active or processed count not yet announced, a pool not known; loadavg is
 * then {@code []}. Durations and rates are rounded to 3 decimals, load averages to 2; epoch times are kept as they are. Workers keep
 * the snapshot's order (by hostname); failures are newest first. URL passwords in any text are
 * masked.
 */
public final class ClusterSummaryRenderer {
    private final OutputJson json = new OutputJson();

    /** The document, indented, ending in a newline. */
    public String render(ClusterSnapshot snapshot) {
        return json.pretty(document(snapshot)) + "\n";
    }

    /** The same document compact on one line (no spaces between tokens), ending in a newline: for NDJSON output. */
    public String renderLine(ClusterSnapshot snapshot) {
        return json.compact(document(snapshot)) + "\n";
    }

    /** The document as a tree, for callers that embed it. */
    public ObjectNode document(ClusterSnapshot snapshot) {
        ObjectNode root = json.object();
        root.put("broker", SecretText.mask(snapshot.broker()));
        root.set("taken_at", epoch(snapshot.takenAt()));
        root.set("elapsed_seconds", seconds(snapshot.elapsedSeconds(), 3));
        root.put("events", snapshot.events());
        ArrayNode workers = root.putArray("workers");
        snapshot.workers().forEach(worker -> workers.add(worker(worker)));
        ObjectNode counts = root.putObject("task_counts");
        new TreeMap<>(snapshot.taskCounts()).forEach((state, count) -> counts.put(text(state), count));
        ObjectNode rates = root.putObject("task_rates");
        for (Map.Entry<String, Double> rate : new TreeMap<>(snapshot.taskRates()).entrySet()) {
            rates.set(text(rate.getKey()), seconds(rate.getValue(), 3));
        }
        ArrayNode failures = root.putArray("recent_failures");
        snapshot.recentFailures().forEach(failure -> failures.add(failure(failure)));
        root.put("tasks_tracked", snapshot.tasksTracked());
        return root;
    }

    private ObjectNode worker(WorkerView worker) {
        ObjectNode node = json.object();
        node.put("hostname", text(worker.hostname()));
        node.put("status", worker.status().name().toLowerCase(Locale.ROOT));
        node.set("last_heartbeat_age_seconds", seconds(worker.lastHeartbeatAgeSeconds(), 3));
        node.set("freq", seconds(worker.freq(), 3));
        if (worker.active() < 0) {
            node.putNull("active");
        } else {
            node.put("active", worker.active());
        }
        if (worker.processed() < 0) {
            node.putNull("processed");
        } else {
            node.put("processed", worker.processed());
        }
        ArrayNode load = node.putArray("loadavg");
        worker.loadavg().forEach(value -> load.add(seconds(value, 2)));
        node.put("pool", text(worker.pool()));
        node.put("sw_version", text(worker.swVersion()));
        node.set("longest_gap_seconds", seconds(worker.longestGapSeconds(), 3));
        node.set("clock_skew_seconds", seconds(worker.clockSkewSeconds(), 3));
        return node;
    }

    private ObjectNode failure(TaskFailure failure) {
        ObjectNode node = json.object();
        node.put("uuid", text(failure.uuid()));
        node.put("name", text(failure.name()));
        node.put("hostname", text(failure.hostname()));
        node.set("timestamp", epoch(failure.timestamp()));
        node.put("exception", text(failure.exception()));
        return node;
    }

    /** Epoch seconds as they are (rounding them would only add float noise); null when not finite. */
    private static JsonNode epoch(double value) {
        return Double.isFinite(value) ? DoubleNode.valueOf(value) : NullNode.instance;
    }

    /** Rounded to {@code decimals}; null when not finite (unknown). */
    private static JsonNode seconds(Double value, int decimals) {
        if (value == null || !Double.isFinite(value)) {
            return NullNode.instance;
        }
        double scale = Math.pow(10, decimals);
        return DoubleNode.valueOf(Math.round(value * scale) / scale);
    }

    private static String text(String value) {
        return SecretText.mask(value);
    }
}
