package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryCliResult;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.WallMargin;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The case celerymon exists for: a gevent worker whose hub is blocked by a CPU-bound task stops
 * answering. Celery's own CLI leaves it out and exits 0; celerymon names it and exits 1, within
 * the deadline.
 */
abstract class BlockedGeventContract extends ClusterTest {

    /**
     * Start-up of the JVM counts against --timeout, and the spinning task takes one of CI's two
     * cores: the slack allowed on top of it (see WallMargin).
     */
    private static final long MARGIN_MS = WallMargin.LOADED_CI_MS;
    /**
     * The spinning task keeps one of CI's two cores busy, which slows JVM start-up; 2 s leaves the
     * broker phase room while the bound stays deadline + margin.
     */
    private static final long TIMEOUT_MS = 2000;

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.PREFORK, CeleryPool.THREADS, CeleryPool.GEVENT};
    }

    @Test
    void aBlockedGeventWorkerIsNamedMissingWhileTheOthersReply() {
        // One healthy call first: on AMQP this is how celerymon learns who to expect.
        JsonNode healthy = celerymon.json(0, "inspect", "ping", "-t", "3");
        assertThat(InspectContract.names(healthy.get("replies"))).containsAll(cluster.hostnames());

        CeleryWorker gevent = cluster.worker(CeleryPool.GEVENT);
        cluster.sendTask(gevent, "cmtasks.spin", 20);
        awaitSilence(gevent);

        CeleryCliResult celery = cluster.cli().ping(Duration.ofSeconds(1));
        assertThat(celery.exitCode()).as("Celery's own CLI hides the silent worker").isZero();
        assertThat(celery.nodes()).doesNotContain(gevent.hostname());

        for (String method : List.of("ping", "stats", "active_queues")) {
            CommandResult run = celerymon.run("inspect", method, "-t", String.valueOf(TIMEOUT_MS / 1000.0), "-o", "json");
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.wallMillis()).as("wall time of " + method + "\n" + run.describe())
                    .isLessThanOrEqualTo(TIMEOUT_MS + MARGIN_MS);
            JsonNode doc = CelerymonRunner.parse(run);
            assertThat(InspectContract.names(doc.get("missing"))).containsExactly(gevent.hostname());
            assertThat(InspectContract.names(doc.get("replies")))
                    .contains(cluster.worker(CeleryPool.PREFORK).hostname(), cluster.worker(CeleryPool.THREADS).hostname())
                    .doesNotContain(gevent.hostname());
        }
        CommandResult table = celerymon.run("status", "-t", String.valueOf(TIMEOUT_MS / 1000.0));
        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.stdout()).contains(gevent.hostname()).contains("missing");
    }

    private void awaitSilence(CeleryWorker worker) {
        awaitSilence(cluster, worker);
    }

    /** Waits until the worker no longer answers a directed ping: the spin has started. */
    static void awaitSilence(io.celerymon.testsupport.CeleryCluster cluster, CeleryWorker worker) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            CeleryCliResult ping = cluster.cli().inspect("ping", List.of(worker.hostname()), Duration.ofMillis(500));
            if (!ping.nodes().contains(worker.hostname())) {
                return;
            }
        }
        throw new AssertionError(worker.hostname() + " kept answering while spinning");
    }
}
