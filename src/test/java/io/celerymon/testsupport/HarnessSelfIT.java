package io.celerymon.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Proves the harness itself: real workers start, answer, can be blocked, and are gone afterwards. */
class HarnessSelfIT {
    private static final String REDIS_DB1 = "redis://127.0.0.1:6379/1";
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @Test
    void redisClusterAnswersPingAndSpinBlocksOnlyTheGeventWorker() {
        List<Long> pids;
        CeleryWorker prefork;
        CeleryWorker gevent;
        try (CeleryCluster cluster = CeleryCluster.start(REDIS_DB1, CeleryPool.PREFORK, CeleryPool.GEVENT)) {
            prefork = cluster.worker(CeleryPool.PREFORK);
            gevent = cluster.worker(CeleryPool.GEVENT);
            assertThat(prefork.hostname()).matches("prefork-[0-9a-f]{8}@cmtest");
            assertThat(gevent.hostname()).matches("gevent-[0-9a-f]{8}@cmtest");

            CeleryCliResult ping = cluster.cli().inspect("ping", cluster.hostnames(), ONE_SECOND);
            assertThat(ping.exitCode()).as(ping.stderr()).isZero();
            assertThat(ping.nodes()).isEqualTo(cluster.hostnames());
            assertThat(ping.replies().path(gevent.hostname()).path("ok").asText()).isEqualTo("pong");

            try (RedisDb db = RedisDb.shared(1)) {
                assertThat(db.snapshot().allBindingMembers())
                        .anyMatch(m -> m.endsWith(prefork.hostname() + ".celery.pidbox"))
                        .anyMatch(m -> m.endsWith(gevent.hostname() + ".celery.pidbox"));
            }

            pids = cluster.livePids();
            assertThat(prefork.livePids()).as("prefork main process plus its 2 pool children").hasSize(3);

            cluster.sendTask(gevent, "cmtasks.spin", 8);
            CeleryCliResult blocked = pollUntilGeventIsSilent(cluster, prefork, gevent);
            assertThat(blocked.nodes()).contains(prefork.hostname()).doesNotContain(gevent.hostname());
            assertThat(gevent.isAlive()).isTrue();
        }
        assertAllDead(pids);
        assertNoTraceInRedisDb1(prefork.hostname(), gevent.hostname());
    }

    @Test
    void everyPoolStartsAndAnswersPing() {
        try (CeleryCluster cluster = CeleryCluster.start(REDIS_DB1, CeleryPool.SOLO, CeleryPool.THREADS,
                CeleryPool.EVENTLET)) {
            CeleryCliResult ping = cluster.cli().inspect("ping", cluster.hostnames(), ONE_SECOND);
            assertThat(ping.nodes()).isEqualTo(cluster.hostnames());
            CeleryCliResult stats = cluster.cli().inspect("stats", cluster.hostnames(), ONE_SECOND);
            for (CeleryWorker worker : cluster.workers()) {
                assertThat(stats.replies().path(worker.hostname()).path("pid").asLong()).isEqualTo(worker.pid());
            }
            assertThat(stats.replies().path(cluster.worker(CeleryPool.EVENTLET).hostname()).path("pool")
                    .has("free-threads")).as("eventlet pool stats").isTrue();
        }
    }

    @Test
    void appSettingsReachTheWorkers() {
        CeleryAppConfig app = CeleryAppConfig.of(REDIS_DB1).withControlExchange("cmx").withKeyPrefix("cmpfx:")
                .withTaskSerializer("pickle");
        String hostname;
        try (CeleryCluster cluster = CeleryCluster.start(app, CeleryPool.THREADS);
                RedisDb db = RedisDb.shared(1)) {
            hostname = cluster.worker(CeleryPool.THREADS).hostname();
            assertThat(db.commands().smembers("cmpfx:_kombu.binding.cmx.pidbox"))
                    .contains("\u0006\u0016\u0006\u0016" + hostname + ".cmx.pidbox");
            CeleryCliResult defaults = new CeleryCli(CeleryAppConfig.of(REDIS_DB1))
                    .inspect("ping", List.of(hostname), ONE_SECOND);
            assertThat(defaults.noNodesReplied()).as("default exchange and no prefix miss the worker").isTrue();
            assertThat(app.toString()).contains("pickle", "cmx", "cmpfx:");
        }
        assertNoTraceInRedisDb1(hostname);
    }

    @Test
    void rabbitVhostHostsAThreadsWorkerAndIsDeletedAfterwards() {
        String vhostName;
        List<Long> pids;
        try (RabbitVhost vhost = RabbitVhost.create()) {
            vhostName = vhost.name();
            assertThat(vhost.amqpUrl()).isEqualTo("amqp://guest:guest@127.0.0.1:5672/" + vhostName);
            try (CeleryCluster cluster = CeleryCluster.start(vhost.amqpUrl(), CeleryPool.THREADS)) {
                CeleryWorker threads = cluster.worker(CeleryPool.THREADS);
                CeleryCliResult ping = cluster.cli().ping(ONE_SECOND);
                assertThat(ping.nodes()).containsExactly(threads.hostname());
                assertThat(vhost.queues()).contains(threads.hostname() + ".celery.pidbox", threads.queue());
                assertThat(vhost.exchanges()).contains("celery.pidbox");
                pids = cluster.livePids();
                assertThat(pids).isNotEmpty();
            }
            assertAllDead(pids);
            CeleryCliResult none = new CeleryCli(CeleryAppConfig.of(vhost.amqpUrl())).ping(ONE_SECOND);
            assertThat(none.noNodesReplied()).as(none.stderr()).isTrue();
            assertThat(none.nodes()).isEmpty();
        }
        assertThat(RabbitVhost.allVhosts()).doesNotContain(vhostName);
    }

    @Test
    void kill9LeavesNoProcessAndNoReply() {
        try (CeleryCluster cluster = CeleryCluster.start(REDIS_DB1, CeleryPool.PREFORK)) {
            CeleryWorker worker = cluster.worker(CeleryPool.PREFORK);
            List<Long> pids = worker.livePids();
            cluster.kill9(worker);
            assertAllDead(pids);
            CeleryCliResult ping = cluster.cli().inspect("ping", List.of(worker.hostname()), ONE_SECOND);
            assertThat(ping.noNodesReplied()).as(ping.stderr()).isTrue();
        }
    }

    @Test
    void privateRedisServerRequiresItsPasswordAndStopsOnClose() {
        long pid;
        try (PrivateRedisServer server = PrivateRedisServer.start()) {
            pid = server.pid();
            assertThat(server.url(3)).doesNotContain("6379");
            try (RedisDb db = RedisDb.open(server.url(3))) {
                db.commands().set("cmtest:key", "v");
                assertThat(db.keys()).containsExactly("cmtest:key");
                db.flush();
                assertThat(db.keys()).isEmpty();
            }
            assertThatThrownBy(() -> RedisDb.open(server.urlWithoutPassword(3)).commands().set("k", "v"))
                    .hasStackTraceContaining("NOAUTH");
            assertThat(UrlMasking.mask(server.url(3))).doesNotContain(server.password());
        }
        assertAllDead(List.of(pid));
    }

    @Test
    void sharedRedisDbsZeroAndOneAreNeverFlushed() {
        try (RedisDb db = RedisDb.shared(1)) {
            assertThatThrownBy(db::flush).hasMessageContaining("refusing");
        }
    }

    @Test
    void silentTcpServerAcceptsButNeverWrites() throws Exception {
        try (SilentTcpServer server = SilentTcpServer.start();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(300);
            socket.getOutputStream().write("PING\r\n".getBytes());
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void runningCommandCanBeInterruptedWithSigint() {
        RunningCommand sleep = RunningCommand.start(new ProcessBuilder("sleep", "30"), "sleep 30");
        sleep.signal("INT");
        CommandResult result = sleep.await(Duration.ofSeconds(10));
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).as("128 + SIGINT").isEqualTo(130);
        assertThat(result.wallMillis()).isLessThan(10_000);
    }

    @Test
    void runningCommandIsKilledAtItsHardTimeout() {
        CommandResult result = CommandRunner.run(List.of("sleep", "30"), java.util.Map.of(), Duration.ofMillis(300));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(CommandResult.KILLED_AT_TIMEOUT);
        assertThat(result.wallMillis()).isBetween(300L, 5_000L);
    }

    private static CeleryCliResult pollUntilGeventIsSilent(CeleryCluster cluster, CeleryWorker prefork,
            CeleryWorker gevent) {
        Set<String> both = Set.of(prefork.hostname(), gevent.hostname());
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        CeleryCliResult last;
        do {
            last = cluster.cli().inspect("ping", both, ONE_SECOND);
            if (!last.nodes().contains(gevent.hostname())) {
                return last;
            }
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("gevent worker kept answering ping while spin(8) should block its hub: "
                + last.nodes() + "\n" + gevent.logTail(20));
    }

    private static void assertNoTraceInRedisDb1(String... hostnames) {
        try (RedisDb db = RedisDb.shared(1)) {
            RedisSnapshot after = db.snapshot();
            for (String hostname : hostnames) {
                assertThat(after.keys()).noneMatch(k -> k.contains(hostname));
                assertThat(after.allBindingMembers()).noneMatch(m -> m.contains(hostname));
            }
        }
    }

    private static void assertAllDead(List<Long> pids) {
        assertThat(pids).isNotEmpty();
        assertThat(pids).as("worker processes still alive")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
