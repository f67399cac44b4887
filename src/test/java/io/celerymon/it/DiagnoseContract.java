package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.SilentTcpServer;
import io.celerymon.testsupport.WallMargin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code celerymon diagnose} against one real cluster (prefork, gevent, threads), in the order a
 * cluster goes bad: healthy; a silent Flower; a queue nobody consumes; the gevent hub blocked by
 * a CPU-bound task; a worker killed with SIGKILL. One cluster for all of it, to spare the two cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DiagnoseContract extends ClusterTest {

    /** Default per-call timeout and heartbeat window of diagnose (2 × freq 2 s + 1 s). */
    private static final long TIMEOUT_MS = 1000;
    private static final long WINDOW_MS = 5000;
    /** What the issue allows a run on top of the longer of the two. */
    private static final long RUN_MARGIN_MS = 500;
    /** What the deadline contract allows the process on top of --deadline, on a loaded CI host (see WallMargin). */
    private static final long DEADLINE_MARGIN_MS = WallMargin.LOADED_CI_MS;

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.PREFORK, CeleryPool.GEVENT, CeleryPool.THREADS};
    }

    private JsonNode diagnose(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of("diagnose"));
        all.addAll(List.of(args));
        return celerymon.json(expectedExit, all.toArray(String[]::new));
    }

    private static List<JsonNode> findings(JsonNode doc, String id) {
        List<JsonNode> found = new ArrayList<>();
        doc.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id)) {
                found.add(f);
            }
        });
        return found;
    }

    /**
     * Each finding as "id severity subject", info findings left out: on RabbitMQ the very first
     * run has no list of workers yet and says so, a later one does not.
     */
    /**
     * The cluster's non-info verdicts. The local scan's findings are left out: they are about every
     * Celery process on this host, which other test classes and builds start and stop between runs.
     */
    private static Set<String> verdicts(JsonNode doc) {
        Set<String> all = new TreeSet<>();
        doc.get("findings").forEach(f -> {
            if (!f.get("severity").asText().equals("info") && !f.get("check").asText().equals("local_processes")) {
                all.add(f.get("id").asText() + " " + f.get("severity").asText() + " " + f.get("subject").asText());
            }
        });
        return all;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    @Order(1)
    void aHealthyClusterExitsZeroWithNoCriticalFindingAndDiagnoseBlockingAgrees() throws InterruptedException {
        // --slow at the call timeout: a reply slowed by this busy machine in one run and not in
        // the other would make the two verdicts differ for no reason of the cluster's.
        JsonNode doc = diagnose(0, "--slow", "1.0");

        assertThat(doc.get("summary").get("findings").get("critical").asInt()).as(doc.toPrettyString()).isZero();
        assertThat(doc.get("failed").asBoolean()).isFalse();
        doc.get("findings").forEach(f -> assertThat(f.fieldNames()).toIterable()
                .contains("id", "severity", "subject", "evidence", "remedy"));
        JsonNode matrix = doc.get("matrix").get("workers");
        for (String worker : cluster.hostnames()) {
            assertThat(matrix.has(worker)).as(worker + " in " + matrix).isTrue();
            matrix.get(worker).forEach(cell -> assertThat(cell.get("status").asText()).isIn("ok", "slow"));
            assertThat(matrix.get(worker).size()).isEqualTo(9);
        }
        assertThat(findings(doc, "pools_ok").get(0).get("evidence").get("pools")
                .get(cluster.worker(CeleryPool.GEVENT).hostname()).asText()).isEqualTo("gevent");

        JsonNode blocking = celerymon.json(0, "diagnose-blocking", "--slow", "1.0");
        assertThat(verdicts(blocking)).isEqualTo(verdicts(doc));
        // Reply queues and the event subscription are gone once the process is (RabbitMQ deletes
        // an exclusive queue as the connection closes, which may take a moment).
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!broker.celerymonLeftovers().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(broker.celerymonLeftovers()).isEmpty();
    }

    @Test
    @Order(2)
    void aFlowerThatAcceptsAndNeverAnswersIsAFinding() {
        try (SilentTcpServer flower = SilentTcpServer.start()) {
            String url = "http://127.0.0.1:" + flower.port() + "/";
            JsonNode doc = diagnose(1, "--flower", url, "--flower-timeout", "1", "--heartbeat-window", "1");

            List<JsonNode> found = findings(doc, "flower_no_response");
            assertThat(found).as(doc.toPrettyString()).hasSize(1);
            assertThat(found.get(0).get("severity").asText()).isEqualTo("critical");
            assertThat(found.get(0).get("subject").asText()).isEqualTo(url);
            assertThat(found.get(0).get("evidence").has("connect_ms")).isTrue();
            assertThat(found.get(0).get("evidence").get("response").asText()).startsWith("no response within");
            assertThat(flower.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    @Order(3)
    void aQueueWithBacklogAndNoConsumerIsAFinding() {
        String queue = "diag-orphan-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        CeleryWorker anyone = cluster.worker(CeleryPool.PREFORK);
        try {
            for (int i = 0; i < 3; i++) {
                cluster.cli().sendTask(queue, "cmtasks.add", 1, 2);
            }
            JsonNode doc = diagnose(1, "--queue", queue, "--heartbeat-window", "1");

            List<JsonNode> found = findings(doc, "queue_no_consumer");
            assertThat(found).as(doc.toPrettyString()).hasSize(1);
            assertThat(found.get(0).get("subject").asText()).isEqualTo(queue);
            assertThat(found.get(0).get("severity").asText()).isEqualTo("critical");
            assertThat(found.get(0).get("evidence").get("messages").asLong()).isEqualTo(3);
        } finally {
            removeQueue(queue);
        }
        assertThat(anyone.isAlive()).isTrue();
    }

    /** Removes a task queue the test created (RabbitMQ: the vhost goes with the class). */
    abstract void removeQueue(String queue);

    @Test
    @Order(4)
    void aGeventWorkerBlockedByACpuBoundTaskIsNamedWithItsMethodsGapAndPoolWithinTheBound() {
        CeleryWorker gevent = cluster.worker(CeleryPool.GEVENT);
        cluster.sendTask(gevent, "cmtasks.spin", 40);
        BlockedGeventContract.awaitSilence(cluster, gevent);

        CommandResult run = celerymon.run("diagnose", "--slow", "1.0", "-o", "json");
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        JsonNode doc = CelerymonRunner.parse(run);
        List<JsonNode> blocked = findings(doc, "worker_blocked");
        assertThat(blocked).as(doc.toPrettyString()).hasSize(1);
        JsonNode finding = blocked.get(0);
        assertThat(finding.get("severity").asText()).isEqualTo("critical");
        assertThat(finding.get("subject").asText()).isEqualTo(gevent.hostname());
        JsonNode evidence = finding.get("evidence");
        assertThat(strings(evidence.get("timed_out_methods"))).containsExactlyInAnyOrder("ping", "stats",
                "active_queues", "registered", "scheduled", "active", "reserved", "revoked", "conf");
        assertThat(evidence.get("pool").asText()).isEqualTo("gevent");
        // A blocked worker cannot answer stats; this one runs here, so its -P comes from /proc.
        assertThat(evidence.get("pool_from").asText()).isEqualTo("local_process");
        assertThat(evidence.get("local_pid").asLong()).isEqualTo(gevent.pid());
        assertThat(finding.get("remedy").asText()).contains("py-spy dump --pid " + gevent.pid());
        List<Long> localPids = new ArrayList<>();
        doc.get("local_processes").forEach(p -> localPids.add(p.get("pid").asLong()));
        assertThat(localPids).contains(gevent.pid());
        assertThat(evidence.get("heartbeat_gap_seconds").asDouble()).isGreaterThan(2 * 2.0);
        // Its own process is here: its hub thread says it is busy on the CPU; where the CPUs are too contended for
        // the share to be proven, the general wording stays.
        assertThat(finding.get("summary").asText()).containsAnyOf("hub busy on CPU (", "hub blocked by a running task");
        assertThat(findings(doc, "worker_dead")).isEmpty();
        assertThat(doc.get("matrix").get("workers").get(gevent.hostname()).get("stats").get("status").asText())
                .isEqualTo("timeout");
        assertThat(doc.get("elapsed_ms").asDouble()).as("one run with one hung worker and nine methods")
                .isLessThanOrEqualTo(Math.max(TIMEOUT_MS, WINDOW_MS) + RUN_MARGIN_MS);

        JsonNode blocking = celerymon.json(1, "diagnose-blocking", "--slow", "1.0");
        assertThat(verdicts(blocking)).isEqualTo(verdicts(doc));

        // A Flower that would hold its check for 30 s: the run ends at the deadline anyway, and the
        // window ends well before it, so the blocked worker is still named (on a machine whose
        // other core the spinning task keeps busy, start-up alone can take a second or two).
        try (SilentTcpServer flower = SilentTcpServer.start()) {
            CommandResult bounded = celerymon.run("diagnose", "--deadline", "5", "--heartbeat-window", "3",
                    "--flower-timeout", "30", "--flower", "http://127.0.0.1:" + flower.port() + "/", "-o", "json");
            assertThat(bounded.exitCode()).as(bounded.describe()).isEqualTo(1);
            assertThat(bounded.wallMillis()).as("the process against --deadline 5\n" + bounded.describe())
                    .isLessThanOrEqualTo(5000 + DEADLINE_MARGIN_MS);
            assertThat(CelerymonRunner.parse(bounded).get("elapsed_ms").asDouble()).as(bounded.describe())
                    .isLessThanOrEqualTo(5000 + WallMargin.QUIET_MS);
            assertThat(findings(CelerymonRunner.parse(bounded), "worker_blocked")).hasSize(1);
        }
    }

    @Test
    @Order(5)
    void aWorkerKilledWithSigkillIsDeadNotBlocked() {
        cluster.awaitPingable(Duration.ofSeconds(60));
        CeleryWorker threads = cluster.worker(CeleryPool.THREADS);
        cluster.kill9(threads);
        cluster.sendTask(threads, "cmtasks.add", 1, 2);

        JsonNode doc = diagnose(1, "--heartbeat-window", "3");

        List<JsonNode> dead = findings(doc, "worker_dead");
        assertThat(dead).as(doc.toPrettyString()).hasSize(1);
        assertThat(dead.get(0).get("subject").asText()).isEqualTo(threads.hostname());
        assertThat(dead.get(0).get("evidence").get("pidbox_subscribed").asBoolean()).isFalse();
        for (String blockedOrSilent : List.of("worker_blocked", "worker_unresponsive", "inspect_timeout")) {
            assertThat(findings(doc, blockedOrSilent)).as(blockedOrSilent).isEmpty();
        }
        List<JsonNode> orphaned = findings(doc, "queue_no_consumer");
        assertThat(orphaned).extracting(f -> f.get("subject").asText()).containsExactly(threads.queue());
    }
}
