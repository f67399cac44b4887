package io.celerymon.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.Deadline;
import io.celerymon.envcheck.GreenLibrary;
import io.celerymon.envcheck.HubSample;
import io.celerymon.envcheck.HubState;
import io.celerymon.envcheck.WaitTarget;
import io.celerymon.envcheck.ProcessRole;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.protocol.PoolKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Blocked, dead, unresponsive and deaf-to-control workers told apart from one round and one window. */
class PoolCheckTest {

    private static final Deadline SOON = Deadline.in(Duration.ofSeconds(5));

    private static List<Finding> run(InspectRound round, HeartbeatWindow window,
                                     Map<String, io.celerymon.inspect.WorkerFacts> facts) throws Exception {
        return new PoolCheck().run(Fixtures.context(Fixtures.settings(), null, round, window, facts), SOON).findings();
    }

    @Test
    void theLocalProcessGivesThePoolAndPidOfABlockedWorkerNoReplyOrCacheNamed() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("g@h", "p@h"), 2, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of());
        LocalProcesses local = Fixtures.local(
                Fixtures.process(4242, ProcessRole.WORKER, "gevent", "g@%h", Set.of(GreenLibrary.GEVENT), List.of()),
                Fixtures.process(4343, ProcessRole.WORKER, "solo", "other@%h", Set.of(), List.of()));

        List<Finding> findings = new PoolCheck().run(Fixtures.context(Fixtures.settings(), null, round,
                Fixtures.window(Fixtures.online("p@h", 0.5)), Map.of(), local), SOON).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("worker_blocked");
            assertThat(f.evidence()).containsEntry("pool", "gevent").containsEntry("pool_from", "local_process")
                    .containsEntry("local_pid", 4242L);
            assertThat(f.remedy()).contains("py-spy dump --pid 4242");
        });
    }

    private static Finding blockedWith(HubState hub) throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("g@h", "p@h"), 2, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of());
        LocalProcesses local = Fixtures.local(Fixtures.process(4242, ProcessRole.WORKER, "gevent", "g@%h",
                Set.of(GreenLibrary.GEVENT), List.of()).withHub(hub));
        List<Finding> findings = new PoolCheck().run(Fixtures.context(Fixtures.settings(), null, round,
                Fixtures.window(Fixtures.online("p@h", 0.5)), Map.of(), local), SOON).findings();
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    private static List<HubSample> twice(String state, String syscall) {
        return List.of(new HubSample(state, syscall, null, 100), new HubSample(state, syscall, null, 148));
    }

    @Test
    void aBusyHubOfALocalWorkerSaysItIsACpuBoundTask() throws Exception {
        Finding f = blockedWith(new HubState(HubState.Kind.BUSY_CPU, "gevent", 4242, "R", "running", null, 0.97,
                List.of(), twice("R", "running"), 500, null));
        assertThat(f.id()).isEqualTo("worker_blocked");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.summary()).startsWith("g@h (gevent pool): hub busy on CPU (97 % of a core over 0.5 s): a CPU-bound "
                + "task; no reply to any inspect method").doesNotContain("CPU-bound code or a blocking call");
        assertThat(f.evidence()).containsEntry("hub", "busy_cpu").containsEntry("hub_cpu_share", 0.97)
                .containsEntry("local_pid", 4242L);
        assertThat(f.remedy()).contains("prefork").contains("gevent.sleep(0)").contains("py-spy dump --pid 4242")
                .doesNotContain("psycogreen");
    }

    @Test
    void aHubHeldInACallOfALocalWorkerNamesTheCallAndThePeer() throws Exception {
        Finding f = blockedWith(new HubState(HubState.Kind.BLOCKED_IN_CALL, "gevent", 4242, "S", "recvfrom",
                "wait_woken", 0.0, List.of(new WaitTarget(7, "tcp", "127.0.0.1:41234", "10.0.0.5:5432", "socket:[9]")),
                twice("S", "recvfrom"), 500, null));
        assertThat(f.summary()).startsWith("g@h (gevent pool): hub waiting in recvfrom() on TCP 127.0.0.1:41234 → "
                + "10.0.0.5:5432; no reply");
        assertThat(f.evidence()).containsEntry("hub", "blocked_in_call").containsEntry("hub_syscall", "recvfrom")
                .containsEntry("hub_waits_on", List.of("TCP 127.0.0.1:41234 → 10.0.0.5:5432"));
        assertThat(f.remedy()).contains("psycogreen").contains("init_gevent()").contains("py-spy dump --pid 4242");
    }

    @Test
    void anIdleOrUnreadableHubKeepsTheGeneralWording() throws Exception {
        Finding f = blockedWith(new HubState(HubState.Kind.UNREADABLE, "gevent", 4242, null, null, null, -1, List.of(),
                List.of(), 0, "/proc/4242/task/4242/syscall: Permission denied"));
        assertThat(f.summary()).contains("CPU-bound code, or a blocking call that gevent does not patch");
        assertThat(f.evidence()).doesNotContainKey("hub");
    }

    @Test
    void aHubIdleInItsEventLoopIsNotBlockedByATaskTheSilenceLiesElsewhere() throws Exception {
        Finding f = blockedWith(new HubState(HubState.Kind.EVENT_LOOP, "gevent", 4242, "S", "epoll_wait",
                "do_epoll_wait", 0.0, List.of(), twice("S", "epoll_wait"), 500, null));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.id()).isEqualTo("worker_unresponsive");
        assertThat(f.summary()).startsWith("g@h (gevent pool): hub serving its event loop (idle in epoll_wait)")
                .contains("broker connection").doesNotContain("blocked by a running task");
        assertThat(f.evidence()).containsEntry("hub", "event_loop").containsEntry("hub_syscall", "epoll_wait");
        assertThat(f.remedy()).contains("broker connection").contains("py-spy dump --pid 4242")
                .doesNotContain("prefork");
    }

    @Test
    void aStatsReplyOutranksTheLocalProcessAndTheLocalProcessOutranksTheCache() {
        InspectRound round = Fixtures.redisRound(List.of("p@h", "g@h"), 2, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of());
        LocalProcesses local = Fixtures.local(
                Fixtures.process(1, ProcessRole.WORKER, "threads", "p@%h", Set.of(), List.of()),
                Fixtures.process(2, ProcessRole.WORKER, "eventlet", "g@%h", Set.of(GreenLibrary.GREENLET), List.of()));
        var facts = Map.of("g@h", Fixtures.facts("g@h", "gevent", null, null, null));

        assertThat(PoolCheck.pool(round, facts, local, "p@h")).isEqualTo(new PoolKind.Known("prefork", "stats"));
        assertThat(PoolCheck.pool(round, facts, local, "g@h")).isEqualTo(new PoolKind.Known("eventlet", "local_process"));
        assertThat(PoolCheck.pool(round, facts, LocalProcesses.none(), "g@h"))
                .isEqualTo(new PoolKind.Known("gevent", "cache"));
    }

    @Test
    void aSilentGeventWorkerWithALivePidboxAndNoHeartbeatIsBlocked() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("g@h", "p@h"), 2, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of());
        HeartbeatWindow window = Fixtures.window(Fixtures.online("p@h", 0.5));
        var facts = Map.of("g@h", Fixtures.facts("g@h", "gevent", 1_000_000.0 - 42, null, List.of("cmtasks.spin[t1]")));

        List<Finding> findings = run(round, window, facts);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("worker_blocked");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo("g@h");
            assertThat(f.summary()).contains("hub blocked by a running task").contains("cmtasks.spin[t1]");
            assertThat(f.evidence()).containsEntry("pool", "gevent").containsEntry("pool_from", "cache")
                    .containsEntry("timed_out_methods", InspectRound.METHODS)
                    .containsEntry("heartbeat_gap_seconds", 5.0).containsEntry("gap_is_lower_bound", true)
                    .containsEntry("last_heartbeat_seen_ago_seconds", 42.0)
                    .containsEntry("pidbox_subscribed", true);
        });
    }

    @Test
    void aStaleBindingWithoutHeartbeatsIsDeadNotBlocked() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("g@h", "p@h"), 1, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of());
        var facts = Map.of("g@h", Fixtures.facts("g@h", "gevent", null, List.of("q.g"), null));

        List<Finding> findings = run(round, Fixtures.window(Fixtures.online("p@h", 0.5)), facts);

        assertThat(findings).extracting(Finding::id).containsExactly("worker_dead");
        assertThat(findings.get(0).subject()).isEqualTo("g@h");
        assertThat(findings.get(0).evidence()).containsEntry("stale_binding", true).containsEntry("pool", "gevent");
    }

    @Test
    void aSilentPreforkWorkerIsUnresponsiveNotHubBlocked() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("p@h"), 1, Map.of(), Map.of());
        var facts = Map.of("p@h", Fixtures.facts("p@h", "prefork", null, null, null));

        List<Finding> findings = run(round, Fixtures.window(), facts);

        assertThat(findings).extracting(Finding::id).containsExactly("worker_unresponsive");
    }

    @Test
    void heartbeatsOnTimeButNoRepliesIsARemoteControlProblem() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("g@h"), 1, Map.of(), Map.of());

        List<Finding> findings = run(round, Fixtures.window(Fixtures.online("g@h", 0.3)), Map.of());

        assertThat(findings).extracting(Finding::id).containsExactly("worker_control_unresponsive");
    }

    @Test
    void whenRedisCannotSayWhichSilentWorkerIsDeadTheFindingSaysSo() throws Exception {
        // Three registered, two subscribers, one reply: one of the two silent ones is dead.
        InspectRound round = Fixtures.redisRound(List.of("a@h", "b@h", "p@h"), 2, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of());

        List<Finding> findings = run(round, Fixtures.window(Fixtures.online("p@h", 0.1)), Map.of());

        assertThat(findings).hasSize(2).allSatisfy(f -> {
            assertThat(f.summary()).contains("Or it is dead: 1 of the 2 silent workers");
            assertThat(f.evidence()).containsEntry("pidbox_subscribed", "unknown");
        });
    }

    @Test
    void healthyWorkersGiveOneOkFindingWithTheirPools() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("g@h", "p@h"), 2,
                Map.of("g@h", Fixtures.GEVENT_STATS, "p@h", Fixtures.PREFORK_STATS), Map.of());

        List<Finding> findings = run(round, Fixtures.window(Fixtures.online("g@h", 1), Fixtures.online("p@h", 1)),
                Map.of());

        assertThat(findings).extracting(Finding::id).containsExactly("pools_ok");
        assertThat(findings.get(0).evidence().get("pools")).isEqualTo(Map.of("g@h", "gevent", "p@h", "prefork"));
    }
}
