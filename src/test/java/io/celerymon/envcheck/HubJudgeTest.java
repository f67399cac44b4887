package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubJudgeTest {
    private static final long PID = 100;
    private static final long HALF_SECOND = 500_000_000L;
    private static final HubJudge JUDGE = new HubJudge(Syscalls.forArch("amd64"));

    @TempDir
    Path dir;

    private DescriptorResolver resolver;
    private FakeProc proc;
    private NetTables tables;

    @BeforeEach
    void process() {
        proc = new FakeProc(dir).process(PID, List.of("python3", "server.py"), Map.of(), 1, 1, List.of())
                .fd(PID, 9, "socket:[777]").fd(PID, 4, "pipe:[55]").fd(PID, 0, "/dev/null")
                .tcpRows("tcp", "   0: 0100007F:A0B2 0100007F:18EB 01 00000000:00000000 00:00000000 00000000     0"
                        + "        0 777 1 0000000 20 4 30 10 -1");
        ProcFiles files = new ProcFiles(proc.root());
        tables = new NetTables(files);
        resolver = new DescriptorResolver(files, PID, tables, Deadline.in(Duration.ofSeconds(30)));
    }

    private static ThreadSampler.Snapshot at(long nanos, String state, long ticks, String syscall) {
        ThreadSample hub = new ThreadSample(PID, state, ticks, syscall == null ? null : ThreadCall.parse(syscall),
                "poll_schedule_timeout", syscall == null ? "/proc/100/task/100/syscall: Permission denied" : null);
        return new ThreadSampler.Snapshot(nanos, Map.of(PID, hub), null);
    }

    private static final String PSELECT = "270 0xa 0x1000 0x0 0x0 0x7ffd 0x0 0x1 0x2";
    private static final String RECV_9 = "45 0x9 0x7f30 0x1 0x0 0x0 0x0 0x1 0x2";
    private static final String EPOLL = "232 0x3 0x1 0x40 0xe95f 0x0 0x0 0x1 0x2";

    @Test
    void epollWaitIsTheEventLoop() {
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 10, EPOLL), at(HALF_SECOND, "S", 10, EPOLL), resolver);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.EVENT_LOOP);
        assertThat(hub.syscall()).isEqualTo("epoll_wait");
        assertThat(hub.cpuShare()).isZero();
        assertThat(hub.samples()).hasSize(2);
        assertThat(hub.intervalMs()).isEqualTo(500);
    }

    @Test
    void pselect6InBothSamplesOnASocketIsBlockedWithItsPeer() {
        byte[] set = new byte[2];
        set[1] = 0b10; // fd 9
        // The hub still waits in the same call when it is read again after its fd_set.
        proc.memory(PID, 0x1000, set).thread(PID, PID, "S", 10, PSELECT, "poll_schedule_timeout");
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 10, PSELECT), at(HALF_SECOND, "S", 10, PSELECT), resolver);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.BLOCKED_IN_CALL);
        assertThat(hub.syscall()).isEqualTo("pselect6");
        assertThat(hub.wchan()).isEqualTo("poll_schedule_timeout");
        assertThat(hub.waitsOn()).containsExactly(new WaitTarget(9, "tcp", "127.0.0.1:41138", "127.0.0.1:6379",
                "socket:[777]"));
        assertThat(hub.waitsOnText()).isEqualTo("TCP 127.0.0.1:41138 → 127.0.0.1:6379");
        assertThat(hub.error()).isNull();
    }

    @Test
    void recvfromOnASocketIsBlockedButReadOfAPipeIsNot() {
        HubState socket = JUDGE.judge(PID, "gevent", at(0, "S", 1, RECV_9), at(HALF_SECOND, "S", 1, RECV_9), resolver);
        assertThat(socket.kind()).isEqualTo(HubState.Kind.BLOCKED_IN_CALL);
        assertThat(socket.waitsOn()).extracting(WaitTarget::peer).containsExactly("127.0.0.1:6379");
        String readPipe = "0 0x4 0x7f30 0x1 0x0 0x0 0x0 0x1 0x2";
        assertThat(JUDGE.judge(PID, "gevent", at(0, "S", 1, readPipe), at(HALF_SECOND, "S", 1, readPipe), resolver)
                .kind()).isEqualTo(HubState.Kind.OTHER);
    }

    @Test
    void withoutAGreenHubTheSameCallIsNotABlock() {
        assertThat(JUDGE.judge(PID, null, at(0, "S", 1, RECV_9), at(HALF_SECOND, "S", 1, RECV_9), resolver).kind())
                .isEqualTo(HubState.Kind.OTHER);
    }

    @Test
    void differentCallsBetweenSamplesAreNotABlock() {
        String poll = "7 0x1000 0x1 0x3e8 0x0 0x0 0x0 0x1 0x2";
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 1, PSELECT), at(HALF_SECOND, "S", 1, poll), resolver);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.OTHER);
        assertThat(hub.syscall()).isEqualTo("poll");
        // A hub that left the call for its loop in between is serving.
        assertThat(JUDGE.judge(PID, "gevent", at(0, "S", 1, PSELECT), at(HALF_SECOND, "S", 1, EPOLL), resolver).kind())
                .isEqualTo(HubState.Kind.EVENT_LOOP);
    }

    @Test
    void cpuTimeAdvancingByAtLeastEightyPercentIsBusy() {
        HubState busy = JUDGE.judge(PID, "gevent", at(0, "R", 100, "running"), at(HALF_SECOND, "R", 148, "running"),
                resolver);
        assertThat(busy.kind()).isEqualTo(HubState.Kind.BUSY_CPU);
        assertThat(busy.cpuShare()).isCloseTo(0.96, org.assertj.core.data.Offset.offset(0.001));
        assertThat(busy.cpuPercent()).isEqualTo(96);
        HubState lazy = JUDGE.judge(PID, "gevent", at(0, "R", 100, "running"), at(HALF_SECOND, "R", 139, "running"),
                resolver);
        assertThat(lazy.kind()).isEqualTo(HubState.Kind.OTHER);
        // Busy even when syscall cannot be read: stat alone tells CPU time.
        assertThat(JUDGE.judge(PID, "gevent", at(0, "R", 0, null), at(HALF_SECOND, "R", 50, null), resolver).kind())
                .isEqualTo(HubState.Kind.BUSY_CPU);
    }

    private static ThreadSampler.Snapshot sched(long nanos, String state, long ticks, long run, long wait) {
        ThreadSample hub = new ThreadSample(PID, state, ticks, ThreadCall.parse("running"), null, null, run, wait);
        return new ThreadSampler.Snapshot(nanos, Map.of(PID, hub), null);
    }

    @Test
    void onAContendedHostAHubRunnableAllAlongIsBusyThoughItGotLessThanACore() {
        // 0.15 s on a CPU and 0.34 s waiting for one out of 0.5 s: 98 % runnable, 30 % of a core.
        HubState starved = JUDGE.judge(PID, "gevent", sched(0, "R", 100, 1_000_000_000L, 2_000_000_000L),
                sched(HALF_SECOND, "R", 115, 1_150_000_000L, 2_340_000_000L), resolver);
        assertThat(starved.kind()).isEqualTo(HubState.Kind.BUSY_CPU);
        assertThat(starved.cpuShare()).isCloseTo(0.30, org.assertj.core.data.Offset.offset(0.001));
        assertThat(starved.runnableShare()).isCloseTo(0.98, org.assertj.core.data.Offset.offset(0.001));
        assertThat(HubRules.why(starved)).contains("busy on CPU (30 % of a core over 0.5 s, running or waiting for a "
                + "CPU 98 % of it: the host's CPUs are contended): a CPU-bound task");
        // Sleeping in between (state S) is not busy, whatever the run queue said.
        assertThat(JUDGE.judge(PID, "gevent", sched(0, "R", 100, 0, 0), sched(HALF_SECOND, "S", 115, 150_000_000L,
                340_000_000L), resolver).kind()).isEqualTo(HubState.Kind.OTHER);
    }

    @Test
    void anUnreadableSyscallFileIsUnreadableWithTheReason() {
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 1, null), at(HALF_SECOND, "S", 1, null), resolver);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.UNREADABLE);
        assertThat(hub.error()).isEqualTo("/proc/100/task/100/syscall: Permission denied");
        ThreadSampler.Snapshot gone = new ThreadSampler.Snapshot(0, Map.of(), "/proc/100/task/100/stat: No such file");
        assertThat(JUDGE.judge(PID, "gevent", gone, null, resolver).error()).contains("stat: No such file");
    }

    @Test
    void unreadableMemoryLeavesTheBlockProvenButSaysWhyTheDescriptorsAreMissing() {
        // No mem file at all: reading it fails, the call is still held in both samples.
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 1, PSELECT), at(HALF_SECOND, "S", 1, PSELECT), resolver);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.BLOCKED_IN_CALL);
        assertThat(hub.waitsOn()).isEmpty();
        assertThat(hub.error()).startsWith(dir.resolve("100").resolve("mem").toString()).contains("No such file");
    }

    @Test
    void aSingleSampleProvesNothing() {
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 1, PSELECT), null, resolver);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.OTHER);
        assertThat(hub.samples()).hasSize(1);
    }

    private static ThreadSampler.Snapshot exited(long nanos) {
        return new ThreadSampler.Snapshot(nanos, Map.of(), "/proc/100/task/100/stat: No such file or directory", true);
    }

    @Test
    void aProcessThatExitedBetweenTheSamplesHasExitedNotUnreadable() {
        HubState gone = JUDGE.judge(PID, "gevent", at(0, "S", 1, EPOLL), exited(HALF_SECOND), resolver);
        assertThat(gone.kind()).isEqualTo(HubState.Kind.EXITED);
        assertThat(gone.samples()).hasSize(1);
        // A zombie still has its stat, in state Z, and no call to read: exited as well.
        HubState zombie = JUDGE.judge(PID, "gevent", at(0, "S", 1, EPOLL), at(HALF_SECOND, "Z", 1, null), resolver);
        assertThat(zombie.kind()).isEqualTo(HubState.Kind.EXITED);
    }

    @Test
    void aBusyHubSeenInItsEventLoopInEitherSampleIsNotBusy() {
        // 96 % of a core, running in both samples by state, but one sample caught it in epoll_wait: it serves its loop.
        HubState serving = JUDGE.judge(PID, "gevent", at(0, "R", 100, EPOLL), at(HALF_SECOND, "R", 148, "running"),
                resolver);
        assertThat(serving.kind()).isNotEqualTo(HubState.Kind.BUSY_CPU);
        HubState servingLast = JUDGE.judge(PID, "gevent", at(0, "R", 100, "running"), at(HALF_SECOND, "R", 148, EPOLL),
                resolver);
        assertThat(servingLast.kind()).isEqualTo(HubState.Kind.EVENT_LOOP);
        assertThat(servingLast.cpuShare()).isCloseTo(0.96, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void overAShortIntervalTheShareComesFromSchedstat() {
        long tenthSecond = 100_000_000L;
        // 95 ms on a CPU out of 100 ms, though the tick counter has not moved yet.
        HubState busy = JUDGE.judge(PID, "gevent", sched(0, "R", 100, 1_000_000_000L, 0),
                sched(tenthSecond, "R", 100, 1_095_000_000L, 0), resolver);
        assertThat(busy.kind()).isEqualTo(HubState.Kind.BUSY_CPU);
        assertThat(busy.cpuShare()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void overAShortIntervalWithoutSchedstatTicksGiveNoBusyVerdict() {
        long tenthSecond = 100_000_000L;
        // One tick more than the interval would allow: ticks this coarse prove nothing over 0.1 s.
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "R", 100, "running"), at(tenthSecond, "R", 110, "running"),
                resolver);
        assertThat(hub.kind()).isNotEqualTo(HubState.Kind.BUSY_CPU);
        assertThat(hub.cpuShare()).isEqualTo(-1);
        // From 0.2 s on, ticks are used.
        assertThat(JUDGE.judge(PID, "gevent", at(0, "R", 100, "running"), at(200_000_000L, "R", 119, "running"),
                resolver).kind()).isEqualTo(HubState.Kind.BUSY_CPU);
    }

    @Test
    void pastTheDeadlineTheBlockStandsButNoDescriptorIsResolved() {
        byte[] set = new byte[2];
        set[1] = 0b10;
        proc.memory(PID, 0x1000, set).thread(PID, PID, "S", 10, PSELECT, "poll_schedule_timeout");
        ProcFiles files = new ProcFiles(dir);
        NetTables late = new NetTables(files);
        DescriptorResolver expired = new DescriptorResolver(files, PID, late, new Deadline(System.nanoTime() - 1));
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 1, PSELECT), at(HALF_SECOND, "S", 1, PSELECT), expired);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.BLOCKED_IN_CALL);
        assertThat(hub.waitsOn()).isEmpty();
        assertThat(hub.error()).isEqualTo(HubJudge.DEADLINE_PASSED);
        assertThat(late.parsed()).as("no tcp table read past the deadline").isZero();
        assertThat(JUDGE.judge(PID, "gevent", at(0, "S", 1, RECV_9), at(HALF_SECOND, "S", 1, RECV_9), expired).kind())
                .isEqualTo(HubState.Kind.BLOCKED_IN_CALL);
    }

    @Test
    void theSameCallNumberWithOtherArgumentsIsNotOneHeldCall() {
        // poll() re-entered with another timeout (third argument): the loop came back in between.
        String pollA = "7 0x1000 0x1 0x3e8 0x0 0x0 0x0 0x1 0x2";
        String pollB = "7 0x1000 0x1 0x1f4 0x0 0x0 0x0 0x1 0x2";
        assertThat(JUDGE.judge(PID, "gevent", at(0, "S", 1, pollA), at(HALF_SECOND, "S", 1, pollB), resolver).kind())
                .isEqualTo(HubState.Kind.OTHER);
    }

    @Test
    void descriptorsReadWhileTheCallChangedAreDropped() {
        byte[] set = new byte[2];
        set[1] = 0b10;
        // By the time the fd_set has been read, the hub is in another call (its memory may hold another array).
        proc.memory(PID, 0x1000, set).thread(PID, PID, "S", 10, EPOLL, "do_epoll_wait");
        HubState hub = JUDGE.judge(PID, "gevent", at(0, "S", 1, PSELECT), at(HALF_SECOND, "S", 1, PSELECT), resolver);
        assertThat(hub.kind()).isEqualTo(HubState.Kind.BLOCKED_IN_CALL);
        assertThat(hub.waitsOn()).isEmpty();
        assertThat(hub.error()).contains("the call returned while they were read");
        assertThat(hub.waitsOnText()).startsWith("descriptors that could not be read (the call returned");
    }

    @Test
    void aConfiguredPollOrSelectBackendIsTheIdleLoopNotABlock() {
        String poll = "7 0x1000 0x1 0xffffffffffffffff 0x0 0x0 0x0 0x1 0x2";
        var geventPoll = HubJudge.eventLoopCalls("gevent", Map.of("GEVENT_BACKEND", "poll"));
        HubState idle = JUDGE.judge(PID, "gevent", geventPoll, at(0, "S", 1, poll), at(HALF_SECOND, "S", 1, poll),
                resolver);
        assertThat(idle.kind()).isEqualTo(HubState.Kind.EVENT_LOOP);
        var eventletSelects = HubJudge.eventLoopCalls("eventlet", Map.of("EVENTLET_HUB", "selects"));
        assertThat(JUDGE.judge(PID, "eventlet", eventletSelects, at(0, "S", 1, PSELECT), at(HALF_SECOND, "S", 1,
                PSELECT), resolver).kind()).isEqualTo(HubState.Kind.EVENT_LOOP);
        // The variable of the other library, or an epoll backend, changes nothing.
        assertThat(HubJudge.eventLoopCalls("gevent", Map.of("EVENTLET_HUB", "poll")))
                .isEqualTo(HubJudge.EVENT_LOOP_CALLS);
        assertThat(HubJudge.eventLoopCalls("gevent", Map.of("GEVENT_BACKEND", "epoll")))
                .isEqualTo(HubJudge.EVENT_LOOP_CALLS);
    }
}
