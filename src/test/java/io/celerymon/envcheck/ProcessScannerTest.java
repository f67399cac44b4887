package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessScannerTest {
    private static final String GEVENT_SO =
            "/usr/lib/python3/dist-packages/gevent/_gevent_cgreenlet.cpython-311-x86_64-linux-gnu.so";
    private static final String GREENLET_SO =
            "/usr/lib/python3/dist-packages/greenlet/_greenlet.cpython-311-x86_64-linux-gnu.so";

    @TempDir
    Path dir;

    private static final Deadline LONG = Deadline.in(Duration.ofSeconds(30));

    private FakeProc cluster() {
        Map<Long, int[]> tcp = new LinkedHashMap<>();
        tcp.put(9001L, new int[] {5555, 4});
        tcp.put(9002L, new int[] {8080, 0});
        return new FakeProc(dir)
                .process(100, List.of("/usr/bin/python3", "/usr/bin/celery", "-A", "app.celery", "flower"),
                        Map.of("CELERY_BROKER_URL", "redis://:hunter22@redis:6379/1", "PATH", "/usr/bin",
                                "GEVENT_NOPATCH", "1", "SECRET_KEY", "abc"),
                        1, 1, List.of(GEVENT_SO, GREENLET_SO), 9001)
                .process(200, List.of("celery", "-A", "app.celery", "worker", "-P", "gevent", "-n", "w1@h"),
                        Map.of("CELERY_SENTINEL_PASSWORD", "s3cret!"), 3, 1, List.of(GREENLET_SO))
                .process(201, List.of("celery", "-A", "app.celery", "worker", "-P", "gevent", "-n", "w1@h"),
                        Map.of(), 1, 200, List.of())
                .process(300, List.of("/usr/bin/python3", "server.py"), Map.of(), 2, 1, List.of(), 9002)
                .listening(tcp);
    }

    @Test
    void findsCeleryProcessesWithTheirEvidence() {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes()).extracting(ScannedProcess::pid).containsExactly(100L, 200L);
        ScannedProcess flower = scan.processes().get(0);
        assertThat(flower.role()).isEqualTo(ProcessRole.FLOWER);
        assertThat(flower.app()).isEqualTo("app.celery");
        assertThat(flower.greenLibraries()).containsExactlyInAnyOrder(GreenLibrary.GEVENT, GreenLibrary.GREENLET);
        assertThat(flower.greenModules()).contains("_greenlet.cpython-311-x86_64-linux-gnu.so");
        assertThat(flower.threads()).isEqualTo(1);
        assertThat(flower.interpreter()).endsWith("/usr/bin/python3.11");
        assertThat(flower.listening()).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo("127.0.0.1:5555");
            assertThat(s.acceptQueue()).containsExactly(4, 4);
            assertThat(s.neverDrained()).isTrue();
        });
        ScannedProcess worker = scan.processes().get(1);
        assertThat(worker.pool()).isEqualTo("gevent");
        assertThat(worker.nodeName()).isEqualTo("w1@h");
        assertThat(worker.listening()).isEmpty();
    }

    @Test
    void masksSecretsAndKeepsOnlyTheVariablesThatMatter() {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes().get(0).environment()).containsOnlyKeys("CELERY_BROKER_URL", "GEVENT_NOPATCH")
                .containsEntry("CELERY_BROKER_URL", "redis://:****@redis:6379/1");
        assertThat(scan.processes().get(1).environment()).containsEntry("CELERY_SENTINEL_PASSWORD", "********");
        assertThat(scan.toString()).doesNotContain("hunter22").doesNotContain("s3cret!");
    }

    @Test
    void namedPidsAreScannedWhateverTheyAre() throws Exception {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanPids(List.of(300L), LONG);
        assertThat(scan.processes()).singleElement().satisfies(p -> {
            assertThat(p.role()).isEqualTo(ProcessRole.OTHER);
            assertThat(p.listening()).extracting(ListeningSocket::address).containsExactly("127.0.0.1:8080");
        });
        assertThatThrownBy(() -> new ProcessScanner(dir, Duration.ZERO).scanPids(List.of(300L, 4242L), LONG))
                .isInstanceOf(NoSuchProcessException.class).hasMessageContaining("4242");
    }

    @Test
    void unreadableAndVanishedProcessesAreSkippedAndCounted() throws IOException {
        cluster();
        // A process that vanished between the listing and the read: its directory is there, its files are not.
        Files.createDirectories(dir.resolve("400"));
        // Another user's worker: cmdline readable, maps not (here: a directory where a file should be).
        new FakeProc(dir).process(500, List.of("celery", "worker"), Map.of(), 1, 1, List.of());
        Files.delete(dir.resolve("500").resolve("maps"));
        Files.createDirectory(dir.resolve("500").resolve("maps"));
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes()).extracting(ScannedProcess::pid).containsExactly(100L, 200L);
        assertThat(scan.unreadable()).isEqualTo(2);
        assertThat(scan.complete()).isTrue();
    }

    @Test
    void anExpiredDeadlineEndsTheScanIncomplete() {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(Deadline.in(Duration.ZERO));
        assertThat(scan.complete()).isFalse();
        assertThat(scan.processes()).isEmpty();
    }

    @Test
    void aMissingRootIsAnEmptyIncompleteScan() {
        ProcessScan scan = new ProcessScanner(dir.resolve("nope"), Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes()).isEmpty();
        assertThat(scan.complete()).isFalse();
        assertThat(scan.unreadable()).isZero();
        assertThat(scan.sampleIntervalMs()).isZero();
    }

    @Test
    void samplesEveryThreadAndJudgesTheHub() throws IOException {
        byte[] readfds = new byte[2];
        readfds[1] = 0b10; // fd 9
        cluster().thread(100, 100, "S", 40, "270 0xa 0x1000 0x0 0x0 0x7ffd 0x0 0x1 0x2", "poll_schedule_timeout")
                .thread(100, 101, "S", 3, "202 0x7f00 0x80 0x0 0x0 0x0 0x0 0x1 0x2", "futex_wait_queue")
                .fd(100, 9, "socket:[9100]").memory(100, 0x1000, readfds)
                .thread(200, 200, "S", 5, "232 0x3 0x1 0x40 0xe95f 0x0 0x0 0x1 0x2", "do_epoll_wait")
                .tcpRows("tcp6", "   0: 0000000000000000FFFF00000100007F:A0B2 0000000000000000FFFF00000100007F:18EB 01 "
                        + "00000000:00000000 00:00000000 00000000   100        0 9100 1 0000000 20 4 30 10 -1");
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO, Syscalls.forArch("amd64")).scanCelery(LONG);
        ScannedProcess flower = scan.processes().get(0);
        assertThat(flower.hub().kind()).isEqualTo(HubState.Kind.BLOCKED_IN_CALL);
        assertThat(flower.hub().library()).isEqualTo("gevent");
        assertThat(flower.hub().samples()).extracting(HubSample::syscall).containsExactly("pselect6", "pselect6");
        assertThat(flower.hub().waitsOn()).singleElement().satisfies(w -> {
            assertThat(w.fd()).isEqualTo(9);
            assertThat(w.peer()).isEqualTo("127.0.0.1:6379");
        });
        assertThat(flower.threadStates()).containsExactly(new ThreadBrief(100, "S", "pselect6"),
                new ThreadBrief(101, "S", "futex"));
        ScannedProcess worker = scan.processes().get(1);
        // Greenlet alone is no hub: -P gevent with gevent unmapped is judged as a plain main thread.
        assertThat(worker.hub().kind()).isEqualTo(HubState.Kind.EVENT_LOOP);
        assertThat(worker.hub().library()).isNull();
    }

    @Test
    void aProcessWhoseThreadsCannotBeReadIsUnreadableNotSkipped() throws IOException {
        cluster().thread(100, 100, "S", 40, null, null);
        // The syscall file cannot be read (here: a directory where the file should be).
        Files.createDirectory(dir.resolve("100/task/100/syscall"));
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes()).extracting(ScannedProcess::pid).contains(100L, 200L);
        HubState hub = scan.processes().get(0).hub();
        assertThat(hub.kind()).isEqualTo(HubState.Kind.UNREADABLE);
        assertThat(hub.error()).contains("100/task/100/syscall");
        // No task directory at all: the main thread's stat is what is missing.
        assertThat(scan.processes().get(1).hub().error()).contains("200/task/200/stat");
    }

    @Test
    void aProcessGoneByTheSecondSampleIsToldFromAnUnreadableOne() throws IOException {
        cluster().thread(100, 100, "S", 40, "232 0x3 0x1 0x40 0xe95f 0x0 0x0 0x1 0x2", "do_epoll_wait");
        ThreadSampler sampler = new ThreadSampler(new ProcFiles(dir));
        assertThat(sampler.sample(100).exited()).isFalse();
        // Still listed but its task directory unreadable (here: missing): not an exit.
        assertThat(sampler.sample(200)).satisfies(s -> {
            assertThat(s.exited()).isFalse();
            assertThat(s.error()).contains("200/task/200/stat");
        });
        // Reaped: /proc/PID itself is gone.
        ThreadSampler.Snapshot gone = sampler.sample(4242);
        assertThat(gone.exited()).isTrue();
        assertThat(new HubJudge(Syscalls.forArch("amd64")).judge(100, "gevent", sampler.sample(100), gone,
                new DescriptorResolver(new ProcFiles(dir), 100, new NetTables(new ProcFiles(dir)), LONG)).kind())
                .isEqualTo(HubState.Kind.EXITED);
    }

    @Test
    void aJudgeThatFailsCostsTheProcessItsVerdictNotTheScan() {
        cluster();
        HubJudge failing = new HubJudge(Syscalls.forArch("amd64")) {
            @Override
            HubState judge(long pid, String library, Set<String> loopCalls, ThreadSampler.Snapshot first,
                    ThreadSampler.Snapshot second, DescriptorResolver resolver) {
                throw new IllegalStateException("odd sample");
            }
        };
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO, failing).scanCelery(LONG);
        assertThat(scan.processes()).extracting(ScannedProcess::pid).containsExactly(100L, 200L);
        assertThat(scan.processes()).allSatisfy(p -> {
            assertThat(p.hub().kind()).isEqualTo(HubState.Kind.UNREADABLE);
            assertThat(p.hub().error()).isEqualTo("the hub's samples could not be judged: odd sample");
        });
    }

    @Test
    void processesOfOneNetworkNamespaceShareOneParsedTable() throws IOException {
        cluster().process(600, List.of("celery", "beat"), Map.of(), 1, 1, List.of());
        for (long pid : List.of(100L, 200L, 600L)) {
            Files.createDirectories(dir.resolve(pid + "/ns"));
            Files.createSymbolicLink(dir.resolve(pid + "/ns/net"), Path.of(pid == 600 ? "net:[2]" : "net:[1]"));
        }
        NetTables tables = new NetTables(new ProcFiles(dir));
        assertThat(tables.of(100).listening()).containsKey(9001L);
        assertThat(tables.of(200)).isSameAs(tables.of(100));
        tables.of(600);
        // A process whose namespace link cannot be read keeps a table of its own.
        tables.of(300);
        assertThat(tables.parsed()).isEqualTo(3);
    }
}
