package io.celerymon.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.Deadline;
import io.celerymon.envcheck.FlowerHealthchecks;
import io.celerymon.envcheck.ProcessScan;
import io.celerymon.envcheck.ProcessScanner;
import io.celerymon.events.WorkerView;
import io.celerymon.findings.Severity;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.CallSpec;
import io.celerymon.inspect.InspectSession;
import io.celerymon.inspect.KnownWorkersStore;
import io.celerymon.inspect.Target;
import io.celerymon.inspect.WorkerFacts;
import io.celerymon.inspect.WorkerFactsStore;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.protocol.PoolKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One diagnose run: scans local processes and asks Flower while it connects, proves the broker
 * usable, starts the inspect round and the heartbeat window side by side, runs every check under
 * the deadline, remembers what it learnt about the workers, and leaves nothing on the broker.
 * Closing it (also from a shutdown hook) closes the broker connection.
 */
public final class Diagnosis implements AutoCloseable {

    /** At most this many checks and observations run at once. */
    private static final int MAX_THREADS = 16;
    /** Time the checks get to conclude after the heartbeat window, when the deadline cuts it short. */
    private static final Duration CONCLUDE = Duration.ofMillis(150);
    /**
     * Less time than this left for connecting and the broker is not tried at all: the checks are
     * "not checked" (the deadline's fault, exit 1), not "broker unreachable" (exit 4).
     */
    static final Duration MIN_CONNECT = Duration.ofMillis(100);
    /** A connect that timed out with less than this to go blames the deadline, not the broker. */
    static final Duration CONNECT_FLOOR = Duration.ofSeconds(1);
    /** What counts as "the time ran out" when a connect fails. */
    private static final Duration OUT_OF_TIME = Duration.ofMillis(30);

    private final CeleryJson json;
    private final KnownWorkersStore knownWorkers;
    private final WorkerFactsStore factsStore;
    private final ProcessScanner localScanner;
    private volatile InspectSession session;

    public Diagnosis(CeleryJson json, KnownWorkersStore knownWorkers, WorkerFactsStore factsStore,
                     ProcessScanner localScanner) {
        this.json = json;
        this.knownWorkers = knownWorkers;
        this.factsStore = factsStore;
        this.localScanner = localScanner;
    }

    /** Runs every check by {@code deadline}; a broker that cannot be reached is a finding, not an exception. */
    public DiagnoseReport run(BrokerConfig config, DiagnoseSettings settings, Severity failOn, Deadline deadline) {
        long start = System.nanoTime();
        double startedEpoch = System.currentTimeMillis() / 1000.0;
        List<Check> checks = Checks.standard(settings);
        // A thread for every check and for the three observations (local scan, inspect round,
        // heartbeat window): a silent Flower holds its thread to the end, and must not queue a check behind it.
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_THREADS, checks.size() + 3), daemons());
        try {
            // The scan needs no broker, so it runs while the connection is made.
            Future<LocalProcesses> local = settings.localScan()
                    ? executor.submit(() -> localProcesses(deadline))
                    : CompletableFuture.completedFuture(LocalProcesses.none());
            DiagnoseContext early = DiagnoseContext.beforeConnect(settings, config.masked(), local);
            AtomicReference<DiagnoseContext> connected = new AtomicReference<>();
            List<CheckOutcome> outcomes = new ArrayList<>(new DiagnoseRunner(executor).run(checks, early, () -> {
                connected.set(open(config, settings, deadline, executor, start, local));
                return connected.get();
            }, deadline));
            outcomes.addAll(Checks.notRequested(settings));
            if (session != null) {
                factsStore.remember(KnownWorkersStore.keyFor(config), learnt(connected.get()));
            }
            return new DiagnoseReport(config.masked(), startedEpoch, (System.nanoTime() - start) / 1e6, failOn, outcomes);
        } finally {
            executor.shutdownNow();
            close();
        }
    }

    /** env-check's scan, and the direct question to each local Flower, within the run's deadline. */
    private LocalProcesses localProcesses(Deadline deadline) {
        ProcessScan scan = localScanner.scanCelery(deadline);
        return new LocalProcesses(scan, localScanner.hostname().orElse(null),
                new FlowerHealthchecks().ask(scan, deadline));
    }

    private DiagnoseContext open(BrokerConfig config, DiagnoseSettings settings, Deadline deadline,
                                 ExecutorService executor, long runStart, Future<LocalProcesses> local) {
        // Connecting stops a little before the deadline, so the broker check can still say why it failed.
        Deadline connectBy = new Deadline(deadline.atNanos() - CONCLUDE.toNanos());
        Duration left = connectBy.remaining();
        if (left.compareTo(MIN_CONNECT) < 0) {
            return DiagnoseContext.notChecked(settings, config.masked(), "the deadline left " + left.toMillis()
                    + " ms after start-up, too little to connect to the broker (at least " + MIN_CONNECT.toMillis()
                    + " ms)", local);
        }
        long connecting = System.nanoTime();
        InspectSession opened;
        try {
            opened = InspectSession.open(config, json, knownWorkers, connectBy);
        } catch (BrokerException e) {
            if (outOfTime(e, connectBy, left)) {
                return DiagnoseContext.notChecked(settings, config.masked(), tooShort(left, "connect to"), local);
            }
            return DiagnoseContext.withoutBroker(settings, config.masked(), e, (System.nanoTime() - connecting) / 1e6,
                    local);
        }
        session = opened;
        double connectMs = (System.nanoTime() - connecting) / 1e6;
        long verifying = System.nanoTime();
        try {
            // Before any check uses it: a broker that cannot do what they do fails once, with its own words.
            opened.broker().verifyUsable(connectBy);
        } catch (BrokerException e) {
            double verifyMs = (System.nanoTime() - verifying) / 1e6;
            session = null;
            opened.close();
            if (outOfTime(e, connectBy, left)) {
                return DiagnoseContext.notChecked(settings, config.masked(), tooShort(left, "connect to and try"), local);
            }
            return DiagnoseContext.unusableBroker(settings, opened.endpoint(), e, connectMs, verifyMs, local);
        }
        double verifyMs = (System.nanoTime() - verifying) / 1e6;
        Map<String, WorkerFacts> facts = factsStore.load(KnownWorkersStore.keyFor(config));
        Duration window = settings.heartbeatWindow() != null ? settings.heartbeatWindow() : defaultWindow(facts);
        Future<InspectRound> inspect = executor.submit(() -> inspectRound(opened, settings, deadline));
        // The window counts from the start of the run, connecting included, so a run lasts the
        // window plus little more; and it stops a little before the deadline, so the checks that
        // read it still finish by then.
        Deadline listenUntil = new Deadline(Math.min(deadline.atNanos() - CONCLUDE.toNanos(),
                runStart + window.toNanos()));
        Future<HeartbeatWindow> heartbeats = executor.submit(
                () -> new HeartbeatListener(opened.broker(), json).listen(window, listenUntil));
        return new DiagnoseContext(settings, opened.endpoint(), opened.broker(), null, connectMs, facts, inspect,
                heartbeats, local).withVerifyMs(verifyMs);
    }

    /**
     * Whether the broker failed only because the little time the deadline gave ran out: a slow start
     * (a JVM connecting for the first time takes 0.3-0.7 s on a busy host) cannot then be told from a
     * hung broker, so the run is "not checked" (exit 1), not "broker unreachable" (exit 4).
     */
    private static boolean outOfTime(BrokerException failure, Deadline connectBy, Duration budget) {
        return failure instanceof BrokerUnreachableException && connectBy.remaining().compareTo(OUT_OF_TIME) <= 0
                && budget.compareTo(CONNECT_FLOOR) < 0;
    }

    private static String tooShort(Duration left, String what) {
        return "the deadline left " + left.toMillis() + " ms to " + what + " the broker, and it had not answered by then; "
                + "too little to tell a slow connection from a broken broker (give it at least "
                + CONNECT_FLOOR.toMillis() + " ms)";
    }

    /** 2 × the largest heartbeat interval known + 1 s: long enough to see every live worker beat once and a stall. */
    static Duration defaultWindow(Map<String, WorkerFacts> facts) {
        double freq = facts.values().stream().map(WorkerFacts::freq).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max().orElse(DiagnoseSettings.DEFAULT_FREQ_SECONDS);
        return Duration.ofMillis(Math.round((2 * freq + 1) * 1000));
    }

    private static InspectRound inspectRound(InspectSession session, DiagnoseSettings settings, Deadline deadline) {
        BrokerClient client = session.broker();
        Set<String> known = session.knownWorkers();
        Optional<Map<String, Boolean>> live = known.isEmpty() ? Optional.empty()
                : client.pidboxConsumers(known, deadline.capped(settings.callTimeout()));
        List<CallSpec> specs = InspectRound.METHODS.stream()
                .map(m -> new CallSpec(m, Map.of(), Target.ALL, settings.callTimeout(), OptionalInt.empty())).toList();
        List<CallResult> results = session.callAll(specs, deadline.capped(settings.callTimeout()));
        Map<String, CallResult> byMethod = new LinkedHashMap<>();
        results.forEach(r -> byMethod.put(r.method(), r));
        return new InspectRound(byMethod, live);
    }

    /** Pool, queues and active tasks from this run's replies; freq and last heartbeat from the window. */
    private static Map<String, WorkerFacts> learnt(DiagnoseContext context) {
        Map<String, WorkerFacts> learnt = new LinkedHashMap<>();
        double now = System.currentTimeMillis() / 1000.0;
        Deadline already = Deadline.in(Duration.ZERO);
        InspectRound round = null;
        HeartbeatWindow window = null;
        try {
            round = context.inspect(already);
        } catch (Exception notDone) {
            // A round that did not finish teaches nothing.
        }
        try {
            window = context.heartbeats(already);
        } catch (Exception notDone) {
            // Same for the window.
        }
        if (round != null) {
            for (String worker : round.workers()) {
                Optional<JsonNode> stats = reply(round, "stats", worker);
                String pool = stats.map(PoolKind::of).filter(p -> !p.equals(PoolKind.UNKNOWN)).orElse(null);
                List<String> queues = reply(round, "active_queues", worker).filter(JsonNode::isArray)
                        .map(InspectRound::queueNames).orElse(null);
                List<String> tasks = reply(round, "active", worker).filter(JsonNode::isArray)
                        .map(Diagnosis::taskNames).orElse(null);
                if (pool != null || queues != null || tasks != null) {
                    learnt.put(worker, new WorkerFacts(worker, pool, OptionalDouble.empty(), OptionalDouble.empty(),
                            queues, tasks, now));
                }
            }
        }
        if (window != null) {
            for (WorkerView view : window.workers()) {
                OptionalDouble freq = Double.isFinite(view.freq()) && view.freq() > 0
                        ? OptionalDouble.of(view.freq()) : OptionalDouble.empty();
                OptionalDouble last = Double.isFinite(view.lastHeartbeatAgeSeconds())
                        ? OptionalDouble.of(window.endEpoch() - view.lastHeartbeatAgeSeconds()) : OptionalDouble.empty();
                WorkerFacts beat = new WorkerFacts(view.hostname(), null, freq, last, null, null, now);
                learnt.merge(view.hostname(), beat, WorkerFacts::mergedWith);
            }
        }
        return learnt;
    }

    private static Optional<JsonNode> reply(InspectRound round, String method, String worker) {
        return round.reply(method, worker).filter(WorkerReply::ok).map(WorkerReply::reply);
    }

    private static List<String> taskNames(JsonNode tasks) {
        List<String> names = new ArrayList<>();
        tasks.forEach(t -> names.add(t.path("name").asText("?") + "[" + t.path("id").asText("?") + "]"));
        return names;
    }

    private static ThreadFactory daemons() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "celerymon-diagnose-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Closes the broker connection, removing anything celerymon created; idempotent. */
    @Override
    public void close() {
        InspectSession open = session;
        if (open != null) {
            open.close();
        }
    }
}
