package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

    @BeforeEach
    void process() {
        FakeProc proc = new FakeProc(dir).process(PID, List.of("python3", "server.py"), Map.of(), 1, 1, List.of())
                .fd(PID, 9, "socket:[777]").fd(PID, 4, "pipe:[55]").fd(PID, 0, "/dev/null")
                .tcpRows("tcp", "   0: 0100007F:A0B2 0100007F:18EB 01 00000000:00000000 00:00000000 00000000     0"
                        + "        0 777 1 0000000 20 4 30 10 -1");
        resolver = new DescriptorResolver(new ProcFiles(proc.root()), PID);
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
        new FakeProc(dir).memory(PID, 0x1000, set);
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
}
