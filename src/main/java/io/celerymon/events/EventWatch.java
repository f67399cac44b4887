package io.celerymon.events;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.CallSpec;
import io.celerymon.inspect.Mailbox;
import io.celerymon.inspect.StandingCall;
import io.celerymon.inspect.Target;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.protocol.PoolKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
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

    private static final String ENABLE = "enable_events";
    private static final String STATS = "stats";

    /** How often, at the latest, the heartbeat monitor looks for overdue workers. */
    private static final Duration TICK = Duration.ofMillis(250);
    /** While events keep coming, how often the monitor looks for overdue workers. */
    private static final long BUSY_TICK_NANOS = Duration.ofMillis(10).toNanos();

    private final BrokerClient client;
    private final Mailbox mailbox;
    private final EventStream stream;
    private final ClusterState state;
    private final EventFilter filter;
    private final PoolSources pools = new PoolSources();
    /** When each worker last announced {@code worker-online} (nanoTime), to know who came after the broadcast. */
    private final Map<String, Long> onlineAt = new HashMap<>();
    private StandingCall calls;
    private boolean enableAsked;
    private RestoreOutcome restored;
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
     * Broadcasts {@code stats} (for the pool column) and, with {@code enableEvents},
     * {@code enable_events}, without waiting: replies are gathered in the background until
     * {@link #restoreEvents} or {@link #close()}, late ones too. Call once, after {@link #open}.
     *
     * @param timeout bounds working out who is expected and publishing
     * @param knownWorkers node names seen on this broker before (see {@link Mailbox#call})
     */
    public void startCalls(boolean enableEvents, Duration timeout, Collection<String> knownWorkers) {
        List<CallSpec> specs = new ArrayList<>();
        if (enableEvents) {
            specs.add(new CallSpec(ENABLE, Map.of(), Target.ALL, timeout, OptionalInt.empty()));
        }
        specs.add(new CallSpec(STATS, Map.of(), Target.ALL, timeout, OptionalInt.empty()));
        StandingCall started = mailbox.start(specs, knownWorkers, timeout, this::onReply);
        synchronized (this) {
            calls = started;
            enableAsked = enableEvents;
        }
    }

    private void onReply(String method, WorkerReply reply) {
        if (STATS.equals(method) && reply.ok() && reply.reply() != null) {
            synchronized (this) {
                pools.stats(reply.hostname(), reply.reply());
                PoolKind.Known known = pools.resolved(reply.hostname());
                if (known.isKnown()) {
                    state.setPool(reply.hostname(), known.kind());
                }
            }
        }
    }

    /** The pools an earlier run remembered (the facts cache), by node name. */
    public synchronized void cachedPools(Map<String, String> poolsByNode) {
        pools.cached(poolsByNode);
        pools.resolved().forEach(state::setPool);
    }

    /** The {@code -P} of the worker processes running on this host, by the node name they answer to. */
    public synchronized void localPools(Map<String, String> optionsByNode) {
        pools.local(optionsByNode);
        pools.resolved().forEach(state::setPool);
    }

    /** The pools this run's {@code stats} replies gave, by node name: for the facts cache. */
    public synchronized Map<String, String> poolsFromStats() {
        return pools.fromStats();
    }

    /**
     * For {@code --restore}, at exit: stops gathering, sends {@code disable_events} to exactly the
     * workers whose {@code enable_events} reply (in time or late) said "task events enabled", and
     * names the expected workers that never answered; those are left alone (celerymon cannot know
     * how they were before). Runs once; later calls return the first outcome. Never throws for
     * the broker: a failure is in the outcome.
     */
    public RestoreOutcome restoreEvents(Duration timeout) {
        StandingCall standing;
        synchronized (this) {
            if (restored != null) {
                return restored;
            }
            standing = enableAsked ? calls : null;
        }
        RestoreOutcome outcome = standing == null ? RestoreOutcome.nothing() : restore(standing, timeout);
        synchronized (this) {
            restored = outcome;
        }
        return outcome;
    }

    private RestoreOutcome restore(StandingCall standing, Duration timeout) {
        // Closed first: a reply that comes later is not seen, so what is reported is final.
        standing.close();
        if (!standing.published()) {
            return RestoreOutcome.nothing();
        }
        CallResult enable = standing.results().get(0);
        List<String> enabled = hostsSaying(enable, "task events enabled");
        List<String> unanswered = unanswered(enable, standing.publishedAtNanos());
        if (enabled.isEmpty()) {
            return new RestoreOutcome(List.of(), List.of(), unanswered, null);
        }
        try {
            CallSpec spec = new CallSpec("disable_events", Map.of(), new Target(enabled, null, null), timeout,
                    OptionalInt.empty());
            CallResult disable = mailbox.call(spec, Deadline.in(timeout), List.of());
            // "already disabled" too: someone else switched them off meanwhile, and off is what was wanted.
            Set<String> off = new TreeSet<>(hostsSaying(disable, "task events disabled"));
            off.addAll(hostsSaying(disable, "task events already disabled"));
            return new RestoreOutcome(enabled.stream().filter(off::contains).toList(),
                    enabled.stream().filter(h -> !off.contains(h)).toList(), unanswered, null);
        } catch (BrokerException e) {
            return new RestoreOutcome(List.of(), enabled, unanswered, e.getMessage());
        }
    }

    private static List<String> hostsSaying(CallResult result, String ok) {
        return result.replies().stream()
                .filter(r -> r.ok() && r.reply() != null && ok.equals(r.reply().path("ok").asText()))
                .map(WorkerReply::hostname).sorted().toList();
    }

    /**
     * Workers that should have got {@code enable_events} and never answered it: those the call
     * expected (the Redis binding set, or the known workers with a live pidbox on RabbitMQ) and
     * those heard during the stream, less any that answered, said goodbye, or came online after
     * the request went out (they never got it).
     */
    private synchronized List<String> unanswered(CallResult enable, long publishedAtNanos) {
        Set<String> expected = new TreeSet<>(enable.missing());
        Set<String> offline = new TreeSet<>();
        for (WorkerView worker : state.snapshot(System.nanoTime()).workers()) {
            (worker.status() == WorkerStatus.OFFLINE ? offline : expected).add(worker.hostname());
        }
        enable.replies().forEach(r -> expected.remove(r.hostname()));
        expected.removeAll(offline);
        onlineAt.forEach((host, at) -> {
            if (at - publishedAtNanos > 0) {
                expected.remove(host);
            }
        });
        return List.copyOf(expected);
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
                    if ("worker-online".equals(next.get().type()) && next.get().hostname() != null) {
                        onlineAt.put(next.get().hostname(), now);
                    }
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
        StandingCall standing;
        synchronized (this) {
            standing = calls;
        }
        try {
            if (standing != null) {
                standing.close();
            }
            stream.close();
        } finally {
            client.close();
        }
    }
}
