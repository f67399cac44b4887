package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.testsupport.CeleryCliResult;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryVersion;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.CommandResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * celerymon against five real Celery workers, one per pool, compared with what Celery's own
 * {@code celery inspect <method> --json} prints for the same workers. Each broker runs it on a
 * cluster of its own.
 */
abstract class InspectContract extends ClusterTest {

    private static final Duration CELERY_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    CeleryPool[] pools() {
        return CeleryPool.values();
    }

    String allWorkers() {
        return String.join(",", cluster.hostnames());
    }

    @ParameterizedTest(name = "inspect {0}")
    @ValueSource(strings = {"ping", "registered", "active_queues", "conf", "revoked", "scheduled", "reserved",
        "active", "report", "memsample", "clock", "stats", "memdump"})
    void repliesAreWhatCeleryItselfPrints(String method) {
        CeleryCliResult celery = cluster.cli().inspect(method, cluster.hostnames(), CELERY_TIMEOUT);
        JsonNode ours = celerymon.json(0, "inspect", method, "-d", allWorkers(), "-t", "10");
        assertSameReplies(method, celery.replies(), ours.get("replies"));
        assertThat(ours.get("missing")).isEmpty();
        assertThat(names(ours.get("latency_ms"))).isEqualTo(cluster.hostnames());
    }

    @Test
    void queryTaskKnowsARunningTask() {
        CeleryWorker threads = cluster.worker(CeleryPool.THREADS);
        // Long enough for three checks, two of them Python processes, on a loaded 2-core machine
        // (6 s was not); short enough to end before the class stops its workers.
        String id = cluster.sendTask(threads, "cmtasks.sleep", 12);
        JsonNode reply = null;
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            reply = celerymon.json(0, "inspect", "query_task", id, "-d", threads.hostname(), "-t", "5")
                    .get("replies").get(threads.hostname());
            if (reply.has(id)) {
                break;
            }
        }
        assertThat(reply.get(id).get(0).asText()).isIn("active", "reserved");
        CeleryCliResult celery = cluster.cli().inspect("query_task", List.of(id), List.of(threads.hostname()),
                CELERY_TIMEOUT);
        assertThat(celery.replies().get(threads.hostname()).get(id).get(1).get("id").asText()).isEqualTo(id);
        JsonNode active = celerymon.json(0, "inspect", "active", "-d", threads.hostname(), "-t", "5");
        assertThat(active.get("replies").get(threads.hostname()).get(0).get("id").asText()).isEqualTo(id);
    }

    /**
     * kombu 5.2 writes a datetime, Decimal or UUID argument as a string; kombu 5.3 on wraps it as
     * {@code {"__type__", "__value__"}}, which Celery 5.5's own CLI prints as it is. celerymon shows
     * the plain value from either version.
     */
    @Test
    void typedArgumentsOfAnActiveTaskShowAsPlainValues() throws Exception {
        CeleryWorker threads = cluster.worker(CeleryPool.THREADS);
        String host = threads.hostname();
        String id = cluster.cli().sendTaskWithPythonArgs(threads.queue(), "cmtasks.hold", "[3, "
                + "datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal('1.50'), "
                + "uuid.UUID('0b6ca8b4-2f1e-4c1a-9d0e-5a7b3c2d1e0f')]");
        try {
            JsonNode task = awaitActive(host, id);
            assertThat(task.get("args")).isEqualTo(JSON.readTree(
                    "[3, \"2024-01-02T03:04:05\", \"1.50\", \"0b6ca8b4-2f1e-4c1a-9d0e-5a7b3c2d1e0f\"]"));
            JsonNode theirs = null;
            for (JsonNode t : cluster.cli().inspect("active", List.of(host), CELERY_TIMEOUT).replies().get(host)) {
                if (t.get("id").asText().equals(id)) {
                    theirs = t.get("args");
                }
            }
            assertThat(theirs).as("Celery's own active reply").isNotNull();
            if (cluster.app().celery() == CeleryVersion.V5_2) {
                assertThat(theirs).isEqualTo(task.get("args"));
            } else {
                assertThat(theirs.get(1)).isEqualTo(JSON.readTree(
                        "{\"__type__\": \"datetime\", \"__value__\": \"2024-01-02T03:04:05\"}"));
                assertThat(theirs.get(2).get("__type__").asText()).isEqualTo("decimal");
                assertThat(theirs.get(3).get("__type__").asText()).isEqualTo("uuid");
            }
        } finally {
            // Gone before the next test, whose active replies are compared with Celery's.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && activeTask(host, id) != null) {
                Thread.onSpinWait();
            }
        }
    }

    private JsonNode awaitActive(String host, String id) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            JsonNode task = activeTask(host, id);
            if (task != null) {
                return task;
            }
        }
        throw new AssertionError("task " + id + " never showed in " + host + "'s active list");
    }

    private JsonNode activeTask(String host, String id) {
        for (JsonNode task : celerymon.json(0, "inspect", "active", "-d", host, "-t", "5").get("replies").get(host)) {
            if (task.get("id").asText().equals(id)) {
                return task;
            }
        }
        return null;
    }

    @Test
    void statusListsEveryWorkerOnline() {
        JsonNode status = celerymon.json(0, "status", "-d", allWorkers(), "-t", "5");
        assertThat(names(status.get("online"))).isEqualTo(cluster.hostnames());
        assertThat(status.get("missing")).isEmpty();
    }

    @Test
    void statsTableShowsEachWorkersPool() {
        CommandResult table = celerymon.run("inspect", "stats", "-d", allWorkers(), "-t", "5");
        assertThat(table.exitCode()).as(table.describe()).isZero();
        for (CeleryWorker worker : cluster.workers()) {
            String row = table.stdout().lines().filter(l -> l.startsWith(worker.hostname())).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + worker.hostname() + "\n" + table.stdout()));
            assertThat(row).contains("ok").contains("pool=" + worker.pool().cliName());
        }
    }

    @Test
    void ndjsonIsOneParsableLinePerWorker() throws Exception {
        CommandResult result = celerymon.run("inspect", "ping", "-d", allWorkers(), "-t", "5", "-o", "ndjson");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Set<String> hosts = new TreeSet<>();
        for (String line : result.stdout().strip().split("\n")) {
            JsonNode doc = JSON.readTree(line);
            assertThat(doc.get("status").asText()).isEqualTo("ok");
            assertThat(doc.get("reply").get("ok").asText()).isEqualTo("pong");
            hosts.add(doc.get("hostname").asText());
        }
        assertThat(hosts).isEqualTo(cluster.hostnames());
    }

    @Test
    void patternAddressesOnlyMatchingWorkers() {
        String gevent = cluster.worker(CeleryPool.GEVENT).hostname();
        String prefix = gevent.substring(0, gevent.indexOf('@'));
        JsonNode glob = celerymon.json(0, "inspect", "ping", "--pattern", prefix + "@*", "--expect", "1", "-t", "5");
        assertThat(names(glob.get("replies"))).containsExactly(gevent);
        JsonNode pcre = celerymon.json(0, "inspect", "ping", "--pattern", prefix, "--matcher", "pcre", "--expect", "1",
                "-t", "5");
        assertThat(names(pcre.get("replies"))).containsExactly(gevent);
    }

    static Set<String> names(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    /**
     * Exact equality where a reply is stable between two calls; for replies that move on their
     * own (uptime, clocks, memory samples) the same shape and the stable parts.
     */
    static void assertSameReplies(String method, JsonNode celery, JsonNode ours) {
        assertThat(names(ours)).as("who replied to " + method).isEqualTo(names(celery));
        for (Iterator<String> it = celery.fieldNames(); it.hasNext(); ) {
            String host = it.next();
            JsonNode theirs = celery.get(host);
            JsonNode mine = ours.get(host);
            switch (method) {
                case "stats" -> {
                    assertThat(names(mine)).isEqualTo(names(theirs));
                    for (String stable : List.of("pid", "pool", "broker", "prefetch_count")) {
                        if (!stable.equals("pool") || !theirs.get("pool").has("writes")) {
                            assertThat(mine.get(stable)).as(host + " " + stable).isEqualTo(theirs.get(stable));
                        }
                    }
                }
                case "clock" -> assertThat(mine.get("clock").isIntegralNumber()).isTrue();
                case "memdump", "memsample" -> assertThat(mine.getNodeType()).isEqualTo(theirs.getNodeType());
                default -> assertThat(mine).as(method + " reply of " + host).isEqualTo(theirs);
            }
        }
    }
}
