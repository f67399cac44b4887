package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.RunningCommand;
import io.celerymon.testsupport.TempDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code celerymon events} against real workers of every pool: heartbeats, task events after
 * {@code --enable-events}, a blocked gevent hub's heartbeat gap, NDJSON that jq reads line by line.
 */
abstract class EventsContract extends ClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    CeleryPool[] pools() {
        return CeleryPool.values();
    }

    RunningCommand start(String... args) {
        List<String> all = new ArrayList<>(List.of("events", "-b", broker.url(), "-o", "ndjson"));
        all.addAll(List.of(args));
        return CelerymonProcess.of(all).timeout(Duration.ofSeconds(90)).startAsync();
    }

    static List<JsonNode> lines(String ndjson) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return out;
    }

    /** Waits until the running command has printed a line matching {@code what}. */
    static void awaitLine(RunningCommand run, String description, Predicate<JsonNode> what) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            String out = run.stdoutSoFar();
            int complete = out.lastIndexOf('\n');
            if (complete > 0 && lines(out.substring(0, complete)).stream().anyMatch(what)) {
                return;
            }
            if (!run.isAlive()) {
                break;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no line with " + description + "; so far:\n" + run.stdoutSoFar());
    }

    @Test
    void heartbeatsOfEveryPoolArriveAsNdjsonThatJqReads() throws Exception {
        CommandResult run = start("--duration", "6").await(Duration.ofSeconds(30));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Set<String> beating = new TreeSet<>();
        for (JsonNode event : lines(run.stdout())) {
            assertThat(event.has("local_received")).isTrue();
            assertThat(event.get("broker").asText()).doesNotContain("guest:guest");
            if (event.get("type").asText().equals("worker-heartbeat")) {
                beating.add(event.get("hostname").asText());
                assertThat(event.get("freq").asDouble()).isPositive();
            }
        }
        assertThat(beating).containsAll(cluster.hostnames());

        // jq, line by line: every line is one JSON value.
        Process jq = new ProcessBuilder("jq", "-c", ".hostname").redirectErrorStream(true).start();
        jq.getOutputStream().write(run.stdout().getBytes(StandardCharsets.UTF_8));
        jq.getOutputStream().close();
        String parsed = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jq.waitFor()).as(parsed).isZero();
        assertThat(parsed.lines().count()).isEqualTo(run.stdout().lines().filter(l -> !l.isBlank()).count());
    }

    @Test
    void enableEventsShowsTaskLifecyclesAndRestoreTurnsThemOffAgain() {
        CeleryWorker prefork = cluster.worker(CeleryPool.PREFORK);
        CeleryWorker solo = cluster.worker(CeleryPool.SOLO);
        java.util.Set<String> before = broker.celerymonLeftovers();
        RunningCommand run = start("--enable-events", "--restore", "--duration", "15");
        awaitLine(run, "a heartbeat", e -> e.get("type").asText().equals("worker-heartbeat"));
        String batched = cluster.sendTask(prefork, "cmtasks.add", 2, 3);
        String single = cluster.sendTask(solo, "cmtasks.add", 4, 5);
        awaitLine(run, "both tasks succeeded", e -> e.get("type").asText().equals("task-succeeded")
                && e.get("uuid").asText().equals(batched));
        awaitLine(run, "the solo task succeeded", e -> e.get("type").asText().equals("task-succeeded")
                && e.get("uuid").asText().equals(single));
        run.signal("INT");
        CommandResult done = run.await(Duration.ofSeconds(15));
        assertThat(broker.celerymonLeftovers()).as("left on the broker after Ctrl-C").isEqualTo(before);
        for (String id : List.of(batched, single)) {
            Set<String> types = new TreeSet<>();
            lines(done.stdout()).stream().filter(e -> e.path("uuid").asText().equals(id))
                    .forEach(e -> types.add(e.get("type").asText()));
            assertThat(types).as(id).contains("task-received", "task-started", "task-succeeded");
        }
        // --restore sent disable_events to the workers it had enabled, and each logged it.
        for (CeleryWorker worker : List.of(prefork, solo)) {
            assertThat(worker.log()).contains("Events of group {task} enabled by remote.")
                    .contains("Events of group {task} disabled by remote.");
        }
    }

    @Test
    void aBlockedGeventHubShowsAsStalledThenAsAHeartbeatGap() {
        CeleryWorker gevent = cluster.worker(CeleryPool.GEVENT);
        java.util.Set<String> before = broker.celerymonLeftovers();
        RunningCommand run = start("--duration", "30", "--worker", gevent.hostname());
        awaitLine(run, "a gevent heartbeat", e -> e.get("type").asText().equals("worker-heartbeat"));
        cluster.sendTask(gevent, "cmtasks.spin", 10);
        awaitLine(run, "a stalled event", e -> e.get("type").asText().equals("celerymon-heartbeat-stalled"));
        awaitLine(run, "a gap event", e -> e.get("type").asText().equals("celerymon-heartbeat-gap"));
        run.signal("TERM");
        CommandResult done = run.await(Duration.ofSeconds(15));
        assertThat(done.timedOut()).isFalse();
        assertThat(broker.celerymonLeftovers()).as("left on the broker after SIGTERM").isEqualTo(before);
        JsonNode gap = lines(done.stdout()).stream()
                .filter(e -> e.get("type").asText().equals("celerymon-heartbeat-gap")).findFirst().orElseThrow();
        assertThat(gap.get("hostname").asText()).isEqualTo(gevent.hostname());
        // A 10 s block: the silence is the block plus up to one heartbeat interval around it.
        assertThat(gap.get("gap_seconds").asDouble()).isBetween(9.0, 14.0);
    }

    @Test
    void thePoolOfEveryWorkerIsInTheSummaryAndLearntFromItsStatsReply() throws Exception {
        try (TempDir cache = TempDir.create("events-pool")) {
            CommandResult run = CelerymonProcess.of("events", "-b", broker.url(), "-o", "ndjson", "--duration", "5",
                    "--summary").env("CELERYMON_CACHE_DIR", cache.path().toString())
                    .timeout(Duration.ofSeconds(30)).run();
            assertThat(run.exitCode()).as(run.describe()).isZero();
            List<JsonNode> lines = lines(run.stdout());
            JsonNode summary = lines.get(lines.size() - 1);
            java.util.Map<String, String> pools = new java.util.TreeMap<>();
            summary.get("workers").forEach(w -> pools.put(w.get("hostname").asText(), w.path("pool").asText(null)));
            for (CeleryWorker worker : cluster.workers()) {
                assertThat(pools).as(run.describe()).containsEntry(worker.hostname(), worker.pool().cliName());
            }
            // The cache records only what stats replies said: each pool came from one, not only from /proc.
            JsonNode facts = JSON.readTree(cache.resolve("worker-facts.json").toFile());
            JsonNode forBroker = facts.elements().next();
            for (CeleryWorker worker : cluster.workers()) {
                assertThat(forBroker.path(worker.hostname()).path("pool").asText()).as(worker.hostname())
                        .isEqualTo(worker.pool().cliName());
            }
        }
    }
}
