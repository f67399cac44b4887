package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.RunningCommand;
import io.celerymon.testsupport.SilentTcpServer;
import io.celerymon.testsupport.TempDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code events --enable-events --restore} against the workers it exists for: two gevent workers
 * without {@code -E}, their hubs held in an unpatched {@code recv()} while the run starts, and a
 * prefork worker started with {@code -E}. The one released mid-run answers {@code enable_events}
 * late and is switched off at exit; the one still held is named on stderr with the command; the
 * {@code -E} worker keeps its task events.
 */
abstract class RestoreEventsContract extends ClusterTest {

    private CeleryWorker withE;
    private TempDir cache;
    private SilentTcpServer firstHold;
    private SilentTcpServer secondHold;

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.GEVENT, CeleryPool.GEVENT};
    }

    @BeforeAll
    void startTheWorkerWithTaskEvents() {
        cache = TempDir.create("restore-it");
        withE = CeleryWorker.launch(cluster.app(), CeleryPool.PREFORK, 2, List.of("-E"));
        withE.awaitReady(Duration.ofSeconds(30));
        firstHold = SilentTcpServer.start();
        secondHold = SilentTcpServer.start();
    }

    @AfterAll
    void stopTheRest() {
        if (secondHold != null) {
            secondHold.close();
        }
        if (firstHold != null) {
            firstHold.close();
        }
        if (withE != null) {
            withE.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    private RunningCommand events(String... args) {
        List<String> all = new ArrayList<>(List.of("events", "-b", broker.url(), "-o", "ndjson"));
        all.addAll(List.of(args));
        return CelerymonProcess.of(all).env("CELERYMON_CACHE_DIR", cache.path().toString())
                .timeout(Duration.ofSeconds(120)).startAsync();
    }

    private static long count(RunningCommand run, Predicate<JsonNode> what) {
        String out = run.stdoutSoFar();
        int complete = out.lastIndexOf('\n');
        return complete <= 0 ? 0 : EventsContract.lines(out.substring(0, complete)).stream().filter(what).count();
    }

    private static void await(RunningCommand run, String description, Predicate<JsonNode> what, long atLeast) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(run, what) < atLeast) {
            if (System.nanoTime() - until > 0 || !run.isAlive()) {
                throw new AssertionError("no " + description + "; so far:\n" + run.stdoutSoFar()
                        + (run.isAlive() ? "" : "\nended: " + run.await(Duration.ofSeconds(5)).describe()));
            }
            Thread.onSpinWait();
        }
    }

    private static Predicate<JsonNode> heartbeatOf(CeleryWorker worker) {
        return e -> e.get("type").asText().equals("worker-heartbeat")
                && e.get("hostname").asText().equals(worker.hostname());
    }

    private static Predicate<JsonNode> succeeded(String uuid) {
        return e -> e.get("type").asText().equals("task-succeeded") && e.path("uuid").asText().equals(uuid);
    }

    private static void awaitLog(CeleryWorker worker, String text) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!worker.log().contains(text)) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError(worker.hostname() + " never logged '" + text + "'\n" + worker.logTail(30));
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aLateEnablerIsSwitchedOffOneStillBlockedIsNamedAndAnEWorkerIsLeftOn() {
        CeleryWorker released = cluster.workers().get(0);
        CeleryWorker held = cluster.workers().get(1);
        Set<String> before = broker.celerymonLeftovers();
        // One healthy call first: on RabbitMQ the known-workers cache is how celerymon expects a silent worker.
        CommandResult ping = CelerymonProcess.of("inspect", "ping", "-b", broker.url(), "-t", "3")
                .env("CELERYMON_CACHE_DIR", cache.path().toString()).timeout(Duration.ofSeconds(30)).run();
        assertThat(ping.exitCode()).as(ping.describe()).isZero();

        cluster.sendTask(released, "cmtasks.recv_block", firstHold.port());
        cluster.sendTask(held, "cmtasks.recv_block", secondHold.port());
        BlockedGeventContract.awaitSilence(cluster, released);
        BlockedGeventContract.awaitSilence(cluster, held);

        // -t also bounds connecting, counted from process start: 5 s, so a busy CI host still connects.
        RunningCommand run = events("--enable-events", "--restore", "-t", "5");
        // Four heartbeats of the -E worker, 2 s apart: the 5 s timeout has passed since the broadcast.
        await(run, "four heartbeats of the -E worker", heartbeatOf(withE), 4);
        assertThat(released.log()).doesNotContain("Events of group {task} enabled by remote.");
        firstHold.close();
        awaitLog(released, "Events of group {task} enabled by remote.");
        String late = cluster.sendTask(released, "cmtasks.add", 2, 3);
        await(run, "task events of the released worker", succeeded(late), 1);
        run.signal("INT");
        CommandResult done = run.await(Duration.ofSeconds(20));
        assertThat(done.timedOut()).as(done.describe()).isFalse();
        assertThat(done.exitCode()).as(done.describe()).isEqualTo(130);
        assertThat(broker.celerymonLeftovers()).as("left on the broker").isEqualTo(before);

        assertThat(released.log()).as(done.describe()).contains("Events of group {task} disabled by remote.");
        assertThat(withE.log()).doesNotContain("disabled by remote");
        assertThat(held.log()).doesNotContain("enabled by remote");
        assertThat(done.stderr()).as(done.describe())
                .contains(held.hostname() + " never answered enable_events")
                .contains("celery -A cmtasks control disable_events -d " + held.hostname())
                .doesNotContain(released.hostname()).doesNotContain(withE.hostname());

        // The real check: a fresh stream, no enable_events; a task on each worker.
        RunningCommand after = events();
        await(after, "a heartbeat of the released worker", heartbeatOf(released), 1);
        String quiet = cluster.sendTask(released, "cmtasks.add", 4, 5);
        String loud = cluster.sendTask(withE, "cmtasks.add", 6, 7);
        await(after, "the -E worker's task events", succeeded(loud), 1);
        awaitLog(released, "Task cmtasks.add[" + quiet + "] succeeded");
        // Its next heartbeat left after the task ended: any task event it sent came before it.
        long beats = count(after, heartbeatOf(released));
        await(after, "a later heartbeat of the released worker", heartbeatOf(released), beats + 1);
        after.signal("TERM");
        CommandResult second = after.await(Duration.ofSeconds(20));
        assertThat(EventsContract.lines(second.stdout())).as("task events of the released worker")
                .noneMatch(e -> e.path("uuid").asText().equals(quiet));
    }
}
