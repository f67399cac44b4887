package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.RabbitVhost;
import io.celerymon.testsupport.RedisDb;
import io.celerymon.testsupport.RedisSnapshot;
import io.celerymon.testsupport.RunningCommand;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A run leaves the broker as it found it: after many calls, after errors, after SIGTERM. */
class BrokerCleanupIT {

    private static final String REDIS_URL = "redis://127.0.0.1:6379/1";

    private static void await(String what, BooleanSupplier condition) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /**
     * kombu's Redis QoS in the worker takes a short-lived {@code unacked_mutex} lock on its own
     * schedule; celerymon never reads or writes {@code unacked*} keys (protocol.md 3.7).
     */
    private static Set<String> withoutWorkerSweeps(Set<String> keys) {
        return keys.stream().filter(k -> !k.startsWith("unacked")).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void redisHoldsNoNewKeysOrBindingsAfterManyRunsAndASigterm() {
        try (CeleryCluster cluster = CeleryCluster.start(REDIS_URL, CeleryPool.THREADS);
             RedisDb db = RedisDb.shared(1);
             CelerymonRunner celerymon = new CelerymonRunner(REDIS_URL)) {
            RedisSnapshot before = db.snapshot();
            String worker = cluster.workers().get(0).hostname();
            for (int i = 0; i < 5; i++) {
                for (String method : new String[] {"ping", "stats", "active_queues", "registered"}) {
                    CommandResult run = celerymon.run("inspect", method, "-t", "2");
                    assertThat(run.exitCode()).as(run.describe()).isZero();
                }
                assertThat(celerymon.run("inspect", "ping", "-d", worker, "-t", "2").exitCode()).isZero();
                CommandResult nobody = celerymon.run("inspect", "ping", "-d", "nobody@nowhere", "-t", "3");
                assertThat(nobody.exitCode()).as(nobody.describe()).isEqualTo(3);
            }
            RedisSnapshot after = db.snapshot();
            assertThat(withoutWorkerSweeps(after.keysAddedSince(before))).isEmpty();
            assertThat(after.bindingsAddedSince(before)).isEmpty();

            RunningCommand waiting = CelerymonProcess.of("inspect", "ping", "--expect", "99", "-t", "30", "-b", REDIS_URL)
                    .startAsync();
            await("celerymon's reply binding", () -> db.snapshot().bindingsAddedSince(before).size() == 1);
            waiting.signal("TERM");
            CommandResult terminated = waiting.await(Duration.ofSeconds(10));
            assertThat(terminated.timedOut()).isFalse();
            RedisSnapshot afterTerm = db.snapshot();
            assertThat(afterTerm.bindingsAddedSince(before)).isEmpty();
            assertThat(withoutWorkerSweeps(afterTerm.keysAddedSince(before))).isEmpty();
        }
    }

    @Test
    void rabbitMqHoldsNoNewQueuesAfterManyRunsAndASigterm() {
        try (RabbitVhost vhost = RabbitVhost.create();
             CeleryCluster cluster = CeleryCluster.start(vhost.amqpUrl(), CeleryPool.THREADS);
             CelerymonRunner celerymon = new CelerymonRunner(vhost.amqpUrl())) {
            Set<String> before = vhost.queues();
            for (int i = 0; i < 5; i++) {
                for (String method : new String[] {"ping", "stats", "registered"}) {
                    CommandResult run = celerymon.run("inspect", method, "-t", "2");
                    assertThat(run.exitCode()).as(run.describe()).isZero();
                }
            }
            assertThat(vhost.queues()).isEqualTo(before);

            RunningCommand waiting = CelerymonProcess.of("inspect", "ping", "--expect", "99", "-t", "30",
                    "-b", vhost.amqpUrl()).startAsync();
            await("celerymon's reply queue", () -> vhost.queues().stream().anyMatch(q -> q.endsWith(".reply.celery.pidbox")));
            waiting.signal("TERM");
            assertThat(waiting.await(Duration.ofSeconds(10)).timedOut()).isFalse();
            assertThat(vhost.queues()).isEqualTo(before);
        }
    }
}
