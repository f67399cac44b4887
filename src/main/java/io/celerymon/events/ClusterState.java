package io.celerymon.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster as the event stream shows it: worker liveness (through a {@link HeartbeatMonitor}),
 * task states in a bounded LRU table, counts and one-minute rates of task events by state, and the
 * latest failures. Memory stays flat however many events arrive. Not thread-safe: one consumer
 * thread feeds it.
 */
public final class ClusterState {

    /** Default bound of the task table. */
    public static final int DEFAULT_MAX_TASKS = 10_000;
    /** Default bound of the recent-failure list. */
    public static final int DEFAULT_MAX_FAILURES = 20;
    /** Distinct task event subtypes counted by name; further custom ones are counted as {@link #OTHER_KIND}. */
    public static final int MAX_KINDS = 32;
    /** The count key for custom task event subtypes beyond {@link #MAX_KINDS}. */
    public static final String OTHER_KIND = "other";

    private static final String TASK_PREFIX = "task-";

    private final String broker;
    private final NanoEpoch epoch;
    private final HeartbeatMonitor monitor;
    private final int maxFailures;
    private final Map<String, TaskRow> tasks;
    private final Map<String, Long> counts = new TreeMap<>();
    private final RateWindow rates;
    private final Deque<TaskFailure> failures = new ArrayDeque<>();
    private long events;

    /** A state with the default bounds and its own monitor; elapsed time counts from the epoch's anchor. */
    public ClusterState(String maskedBroker, NanoEpoch epoch) {
        this(maskedBroker, epoch, new HeartbeatMonitor(epoch), DEFAULT_MAX_TASKS, DEFAULT_MAX_FAILURES);
    }

    /**
     * @param maskedBroker the broker endpoint as shown in snapshots; the caller masks it
     * @param epoch converts nanoTime to epoch; its anchor is the stream's start
     * @param monitor receives every event for worker liveness
     * @param maxTasks how many tasks the table keeps (least recently updated ones are dropped)
     * @param maxFailures how many recent failures are kept
     */
    public ClusterState(String maskedBroker, NanoEpoch epoch, HeartbeatMonitor monitor, int maxTasks,
                        int maxFailures) {
        if (maxTasks < 1 || maxFailures < 0) {
            throw new IllegalArgumentException("bounds must be positive: tasks=" + maxTasks + " failures=" + maxFailures);
        }
        this.broker = maskedBroker;
        this.epoch = epoch;
        this.monitor = monitor;
        this.maxFailures = maxFailures;
        this.rates = new RateWindow(epoch.anchorNanos());
        this.tasks = new LinkedHashMap<>(Math.min(maxTasks, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TaskRow> eldest) {
                return size() > maxTasks;
            }
        };
    }

    /** Takes one received event; returns the synthetic events the monitor emits. */
    public List<CeleryEvent> onEvent(CeleryEvent event, long nowNanos) {
        if (!event.synthetic()) {
            events++;
        }
        List<CeleryEvent> synthetic = monitor.onEvent(event, nowNanos);
        if (event.isTaskEvent() && !event.synthetic()) {
            String subtype = event.type().substring(TASK_PREFIX.length());
            String kind = countedKind(subtype);
            counts.merge(kind, 1L, Long::sum);
            rates.record(kind, nowNanos);
            track(event, subtype);
        }
        return synthetic;
    }

    /** Lets the monitor notice silent workers; returns the synthetic events to emit. */
    public List<CeleryEvent> tick(long nowNanos) {
        return monitor.tick(nowNanos);
    }

    /** Records a worker's pool type learnt elsewhere (e.g. {@code stats}). */
    public void setPool(String hostname, String pool) {
        monitor.setPool(hostname, pool);
    }

    /** The tracked task with this id, if the table still holds it (counts as a use for the LRU order). */
    public Optional<TaskView> task(String uuid) {
        TaskRow row = tasks.get(uuid);
        return row == null ? Optional.empty() : Optional.of(row.view(uuid));
    }

    /** How many tasks the table holds now. */
    public int tasksTracked() {
        return tasks.size();
    }

    /** Everything at {@code nowNanos}. */
    public ClusterSnapshot snapshot(long nowNanos) {
        return new ClusterSnapshot(broker, epoch.toEpoch(nowNanos), NanoEpoch.seconds(epoch.anchorNanos(), nowNanos),
                events, monitor.workers(nowNanos), counts, rates.rates(nowNanos), new ArrayList<>(failures),
                tasks.size());
    }

    private String countedKind(String subtype) {
        // Custom events can carry any subtype; bounding the keys keeps counts and rates flat.
        return counts.containsKey(subtype) || counts.size() < MAX_KINDS ? subtype : OTHER_KIND;
    }

    private void track(CeleryEvent event, String subtype) {
        JsonNode fields = event.fields();
        JsonNode uuidNode = fields.get("uuid");
        if (uuidNode == null || !uuidNode.isTextual()) {
            return;
        }
        String uuid = uuidNode.asText();
        TaskRow row = tasks.computeIfAbsent(uuid, k -> new TaskRow());
        String state = TaskStates.stateOf(subtype);
        boolean fromWorker = !subtype.equals("sent");
        boolean advances = TaskStates.advances(row.state, state);
        if (advances) {
            row.state = state;
            row.timestamp = event.timestamp();
        }
        // Late (older) events only fill in what the table does not know yet.
        JsonNode name = fields.get("name");
        if (name != null && name.isTextual() && (advances || row.name == null)) {
            row.name = name.asText();
        }
        JsonNode retries = fields.get("retries");
        if (retries != null && retries.canConvertToInt() && (advances || row.retries < 0)) {
            row.retries = retries.asInt();
        }
        if (fromWorker && event.hostname() != null && (advances || row.hostname == null)) {
            row.hostname = event.hostname();
        }
        if (subtype.equals("failed")) {
            JsonNode traceback = fields.get("traceback");
            remember(new TaskFailure(uuid, row.name, event.hostname(), event.timestamp(),
                    fields.path("exception").asText(""),
                    traceback != null && traceback.isTextual() ? traceback.asText() : null));
        }
    }

    private void remember(TaskFailure failure) {
        if (maxFailures == 0) {
            return;
        }
        failures.addFirst(failure);
        while (failures.size() > maxFailures) {
            failures.removeLast();
        }
    }

    /** Mutable row of the task table; kept small on purpose (no args, kwargs or results). */
    private static final class TaskRow {
        String name;
        String hostname;
        String state;
        double timestamp = Double.NaN;
        int retries = -1;

        TaskView view(String uuid) {
            return new TaskView(uuid, name, hostname, state, timestamp, retries);
        }
    }
}
