package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerClients;
import io.celerymon.broker.BrokerConfigResolver;
import io.celerymon.broker.BrokerSettings;
import io.celerymon.broker.Deadline;
import io.celerymon.events.CeleryEvent;
import io.celerymon.events.EventDecoder;
import io.celerymon.events.EventStream;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.CallSpec;
import io.celerymon.inspect.Mailbox;
import io.celerymon.inspect.Target;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.RabbitVhost;
import io.celerymon.testsupport.RedisDb;
import io.celerymon.testsupport.RedisSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Celery events from real 5.2 workers of every pool arrive through {@link EventStream}, on Redis
 * db 1 and on a RabbitMQ vhost of the test's own, and the subscription leaves nothing behind.
 * Workers run without {@code -E}: heartbeats flow anyway, task events only after
 * {@code enable_events}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventReceiveIT {

    /** Two heartbeat intervals of 2 s plus slack for five workers on a small machine. */
    private static final Duration HEARTBEAT_WAIT = Duration.ofSeconds(8);
    private static final Duration TASK_EVENTS_WAIT = Duration.ofSeconds(10);
    private static final int THREADS_ATTEMPTS = 3;
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Set<String> TASK_TYPES = Set.of("task-received", "task-started", "task-succeeded");

    enum Kind { REDIS, RABBITMQ }

    private final Map<Kind, CeleryCluster> clusters = new EnumMap<>(Kind.class);
    private RabbitVhost vhost;
    private final CeleryJson json = new CeleryJson();

    private String url(Kind kind) {
        if (kind == Kind.REDIS) {
            return "redis://127.0.0.1:6379/1";
        }
        if (vhost == null) {
            vhost = RabbitVhost.create();
        }
        return vhost.amqpUrl();
    }

    private CeleryCluster cluster(Kind kind) {
        return clusters.computeIfAbsent(kind, k -> CeleryCluster.start(url(k), CeleryPool.values()));
    }

    private BrokerClient connect(Kind kind) {
        BrokerSettings settings = new BrokerSettings(url(kind), null, null, false, null, null, null, null, null);
        return BrokerClients.connect(BrokerConfigResolver.resolve(settings, Map.of()), json.mapper(),
                Deadline.in(CONNECT));
    }

    @AfterAll
    void stopClusters() {
        clusters.values().forEach(CeleryCluster::close);
        if (vhost != null) {
            vhost.close();
        }
    }

    /** What could be ours on Redis: the celeryev binding set and any key naming celeryev. */
    private static Set<String> celeryevTraces(RedisSnapshot snapshot) {
        Set<String> traces = snapshot.keys().stream().filter(k -> k.contains("celeryev"))
                .collect(Collectors.toCollection(TreeSet::new));
        snapshot.bindings().forEach((set, members) -> {
            if (set.contains("celeryev")) {
                members.forEach(m -> traces.add(set + " " + m));
            }
        });
        return traces;
    }

    private static Set<String> ourQueues(RabbitVhost vhost) {
        return vhost.queues().stream().filter(q -> q.startsWith("celeryev."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyWorkersHeartbeatArrivesAndNothingIsLeftBehind(Kind kind) {
        CeleryCluster cluster = cluster(kind);
        Set<String> expected = cluster.hostnames();
        Map<String, CeleryEvent> heartbeats = new HashMap<>();
        RedisSnapshot before = null;
        Set<String> queuesBefore = null;
        try (RedisDb db = kind == Kind.REDIS ? RedisDb.shared(1) : null; BrokerClient client = connect(kind)) {
            if (db != null) {
                before = db.snapshot();
            } else {
                // Workers run without gossip, so no celeryev queue is theirs.
                queuesBefore = ourQueues(vhost);
            }
            try (EventStream stream = EventStream.open(client, new EventDecoder(json), Deadline.in(CONNECT))) {
                if (kind == Kind.RABBITMQ) {
                    assertThat(ourQueues(vhost)).hasSize(queuesBefore.size() + 1);
                }
                Deadline deadline = Deadline.in(HEARTBEAT_WAIT);
                while (!heartbeats.keySet().containsAll(expected)) {
                    Optional<CeleryEvent> next = stream.next(deadline);
                    if (next.isEmpty()) {
                        break;
                    }
                    CeleryEvent event = next.get();
                    if (event.type().equals("worker-heartbeat") && expected.contains(event.hostname())
                            && event.fields().has("processed")) {
                        heartbeats.put(event.hostname(), event);
                    }
                }
                assertThat(stream.undecodable()).isZero();
                assertThat(stream.dropped()).isZero();
            }
            if (db != null) {
                RedisSnapshot after = db.snapshot();
                assertThat(celeryevTraces(after)).as("celeryev keys and bindings after close")
                        .isEqualTo(celeryevTraces(before));
                assertThat(after.bindingsAddedSince(before)).isEmpty();
            } else {
                assertThat(ourQueues(vhost)).as("celeryev queues after close").isEqualTo(queuesBefore);
            }
        }
        assertThat(heartbeats.keySet()).as("workers whose heartbeat arrived within " + HEARTBEAT_WAIT)
                .containsExactlyInAnyOrderElementsOf(expected);
        for (CeleryEvent beat : heartbeats.values()) {
            assertThat(beat.fields().path("freq").isNumber()).as(beat.hostname() + " freq").isTrue();
            assertThat(beat.fields().path("active").isIntegralNumber()).as(beat.hostname() + " active").isTrue();
            assertThat(beat.fields().path("processed").isIntegralNumber()).as(beat.hostname() + " processed").isTrue();
            assertThat(beat.fields().path("loadavg").size()).as(beat.hostname() + " loadavg").isEqualTo(3);
            assertThat(beat.fields().path("sw_ver").asText()).as(beat.hostname() + " sw_ver").startsWith("5.");
            assertThat(beat.timestamp()).isPositive();
            assertThat(Math.abs(beat.localReceived() - System.currentTimeMillis() / 1000.0)).isLessThan(30);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void taskEventsArriveOnceEnabledFromPreforkBatchesAndThreads(Kind kind) {
        CeleryCluster cluster = cluster(kind);
        CeleryWorker prefork = cluster.worker(CeleryPool.PREFORK);
        CeleryWorker threads = cluster.worker(CeleryPool.THREADS);
        Target ours = new Target(new ArrayList<>(cluster.hostnames()), null, null);
        try (BrokerClient client = connect(kind);
             EventStream stream = EventStream.open(client, new EventDecoder(json), Deadline.in(CONNECT))) {
            Mailbox mailbox = new Mailbox(client, json, "celery");
            try {
                assertThat(control(mailbox, "enable_events", ours)).containsOnlyKeys(cluster.hostnames());
                String preforkTask = cluster.sendTask(prefork, "cmtasks.add", 2, 3);
                assertThat(awaitTaskEvents(stream, preforkTask, prefork)).isEqualTo(TASK_TYPES);
                // Celery 5.2 buffers task events whenever the worker runs a hub, which on Redis
                // includes the threads pool; there the pool thread appends to the batch without
                // the dispatcher's lock while the main thread publishes and clears it, so an event
                // is now and then lost before it reaches the broker. Each attempt is a new task.
                Set<String> threadsSeen = Set.of();
                for (int attempt = 1; attempt <= THREADS_ATTEMPTS && !threadsSeen.equals(TASK_TYPES); attempt++) {
                    String threadsTask = cluster.sendTask(threads, "cmtasks.add", 2, 3);
                    threadsSeen = awaitTaskEvents(stream, threadsTask, threads);
                }
                assertThat(threadsSeen).isEqualTo(TASK_TYPES);
                assertThat(stream.undecodable()).isZero();
            } finally {
                control(mailbox, "disable_events", ours);
            }
        }
    }

    /** The task event types seen for {@code taskId}, all from {@code worker}, once all three arrived or at the wait's end. */
    private static Set<String> awaitTaskEvents(EventStream stream, String taskId, CeleryWorker worker) {
        Set<String> seen = new TreeSet<>();
        Deadline deadline = Deadline.in(TASK_EVENTS_WAIT);
        while (!seen.equals(TASK_TYPES)) {
            Optional<CeleryEvent> next = stream.next(deadline);
            if (next.isEmpty()) {
                break;
            }
            CeleryEvent event = next.get();
            if (TASK_TYPES.contains(event.type()) && taskId.equals(event.fields().path("uuid").asText())) {
                assertThat(event.hostname()).isEqualTo(worker.hostname());
                if (event.type().equals("task-succeeded")) {
                    assertThat(event.fields().path("result").asText()).isEqualTo("5");
                }
                seen.add(event.type());
            }
        }
        return seen;
    }

    /** Broadcasts {@code method} to our workers; the hostnames that answered ok. */
    private Map<String, WorkerReply> control(Mailbox mailbox, String method, Target target) {
        CallSpec spec = new CallSpec(method, Map.of(), target, Duration.ofSeconds(5), OptionalInt.empty());
        CallResult result = mailbox.call(spec, Deadline.in(spec.timeout()), target.destination());
        List<WorkerReply> ok = result.replies().stream().filter(WorkerReply::ok).toList();
        return ok.stream().collect(Collectors.toMap(WorkerReply::hostname, r -> r));
    }
}
