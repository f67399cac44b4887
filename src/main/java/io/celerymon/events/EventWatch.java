package io.celerymon.events;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.Deadline;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.CallSpec;
import io.celerymon.inspect.Mailbox;
import io.celerymon.inspect.Target;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.protocol.CeleryJson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One session of watching the event stream: the subscription, the cluster state and heartbeat
 * monitor it feeds, the filter, and the {@code enable_events} / {@code disable_events} calls
 * around it. Thread-safe where the live view needs it: one thread runs, another may take
 * snapshots.
 */
public final class EventWatch implements AutoCloseable {

    /**
     * Events held for the output at most. Small on purpose: a reader that falls behind a flood
     * drops and counts events rather than holding hundreds of megabytes for the GC to walk.
     */
    static final int BACKLOG = 10_000;

    /** How often, at the latest, the heartbeat monitor looks for overdue workers. */
    private static final Duration TICK = Duration.ofMillis(250);
    /** While events keep coming, how often the monitor looks for overdue workers. */
    private static final long BUSY_TICK_NANOS = Duration.ofMillis(10).toNanos();

    private final BrokerClient client;
    private final Mailbox mailbox;
    private final EventStream stream;
    private final ClusterState state;
    private final EventFilter filter;
    private long received;
    /** Events handed to the sink: those the filter let through, synthetic ones included. */
    private long passed;

    private EventWatch(BrokerClient client, Mailbox mailbox, EventStream stream, ClusterState state, EventFilter filter) {
        this.client = client;
        this.mailbox = mailbox;
        this.stream = stream;
        this.state = state;
        this.filter = filter;
    }

    /** Subscribes to the events through {@code client}, which the watch closes with itself. */
    public static EventWatch open(BrokerClient client, CeleryJson json, String controlExchange, EventFilter filter,
                                  Deadline deadline) {
        EventStream stream;
        try {
            stream = EventStream.open(client, new EventDecoder(json), BACKLOG, deadline);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        ClusterState state = new ClusterState(client.endpoint(), NanoEpoch.anchor(Clock.systemUTC(), System.nanoTime()));
        return new EventWatch(client, new Mailbox(client, json, controlExchange), stream, state, filter);
    }

    /**
     * Broadcasts {@code enable_events}; returns the workers that had task events off and now have
     * them on (those {@code --restore} turns off again).
     */
    public List<String> enableEvents(Duration timeout, Collection<String> knownWorkers) {
        return control("enable_events", Target.ALL, timeout, knownWorkers, "task events enabled");
    }

    /** Sends {@code disable_events} to exactly these workers. */
    public List<String> disableEvents(List<String> workers, Duration timeout) {
        if (workers.isEmpty()) {
            return List.of();
        }
        return control("disable_events", new Target(workers, null, null), timeout, List.of(), "task events disabled");
    }

    private List<String> control(String method, Target target, Duration timeout, Collection<String> known,
                                 String changed) {
        CallSpec spec = new CallSpec(method, Map.of(), target, timeout, OptionalInt.empty());
        CallResult result = mailbox.call(spec, Deadline.in(timeout), known);
        return result.replies().stream()
                .filter(r -> r.ok() && r.reply() != null && changed.equals(r.reply().path("ok").asText()))
                .map(WorkerReply::hostname).toList();
    }

    /**
     * Feeds events into the state until {@code until} passes, {@code count} accepted events were
     * handed on ({@code count < 0}: no limit), or {@code stop} says so; every accepted event,
     * synthetic ones included, goes to {@code sink} on this thread; {@code caughtUp} runs whenever
     * no further event is waiting, so output can be flushed then rather than per event under load.
     *
     * @return events received from the broker (synthetic ones not counted)
     */
    public long run(Deadline until, long count, BooleanSupplier stop, Consumer<CeleryEvent> sink, Runnable caughtUp) {
        long handed = 0;
        long lastTick = System.nanoTime();
        List<CeleryEvent> out = new ArrayList<>();
        while (!stop.getAsBoolean() && !until.expired() && (count < 0 || handed < count)) {
            var next = stream.next(until.capped(TICK));
            boolean pending = stream.hasPending();
            out.clear();
            synchronized (this) {
                long now = System.nanoTime();
                if (next.isPresent()) {
                    received++;
                    out.add(next.get());
                    out.addAll(state.onEvent(next.get(), now));
                }
                // Under a flood, not after every event: silences are measured in seconds.
                if (!pending || now - lastTick >= BUSY_TICK_NANOS) {
                    out.addAll(state.tick(now));
                    lastTick = now;
                }
            }
            long before = handed;
            for (CeleryEvent event : out) {
                if (filter.accepts(event) && (count < 0 || handed < count)) {
                    sink.accept(event);
                    handed++;
                }
            }
            if (handed > before) {
                synchronized (this) {
                    passed += handed - before;
                }
            }
            if (!pending) {
                caughtUp.run();
            }
        }
        caughtUp.run();
        return received();
    }

    public synchronized long received() {
        return received;
    }

    /** Events the filter let through to the output so far (all of them without a filter). */
    public synchronized long passed() {
        return passed;
    }

    public synchronized ClusterSnapshot snapshot() {
        return state.snapshot(System.nanoTime());
    }

    /** Messages on the event exchange that were not decodable Celery events. */
    public long undecodable() {
        return stream.undecodable();
    }

    /** Events dropped because output could not keep up. */
    public long dropped() {
        return stream.dropped();
    }

    public String endpoint() {
        return client.endpoint();
    }

    /** Ends the subscription and closes the broker connection; leaves nothing on the broker. */
    @Override
    public void close() {
        try {
            stream.close();
        } finally {
            client.close();
        }
    }
}
