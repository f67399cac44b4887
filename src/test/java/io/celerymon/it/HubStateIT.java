package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.FreePorts;
import io.celerymon.testsupport.ManagedProcess;
import io.celerymon.testsupport.PrivateRedisServer;
import io.celerymon.testsupport.SilentTcpServer;
import io.celerymon.testsupport.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub thread's verdict from /proc alone, against real gevent processes (Debian's
 * /usr/bin/python3 with gevent, Tornado and Celery 5.2): a hub held by a CPU-bound greenlet, one
 * held in recv() of the C module {@code _socket} on a listener that never answers, and the seed's
 * late-patch Tornado server — with no client ever connected — beside its patch-first twin; and a
 * real {@code -P gevent} Celery worker running a CPU-bound task, as env-check and diagnose see it.
 * Everything runs on a Redis of the test's own.
 */
class HubStateIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration READY = Duration.ofSeconds(30);
    /**
     * The call numbers of the calls the scripts' hubs end up in, by architecture, to tell from
     * {@code /proc/PID/task/PID/syscall} alone that a script has reached its state (the test reads
     * the file itself: it must not lean on the code under test to know when to look).
     */
    private static final Map<String, Map<String, Integer>> CALLS = Map.of(
            "amd64", Map.of("recvfrom", 45, "select", 23, "pselect6", 270, "epoll_wait", 232, "epoll_pwait", 281,
                    "epoll_pwait2", 441),
            "aarch64", Map.of("recvfrom", 207, "pselect6", 72, "epoll_pwait", 22, "epoll_pwait2", 441));

    private static TempDir logs;
    private static PrivateRedisServer redis;
    private static SilentTcpServer silent;
    private static final List<ManagedProcess> started = new ArrayList<>();
    private static ManagedProcess busy;
    private static ManagedProcess recv;
    private static ManagedProcess late;
    private static ManagedProcess first;

    @BeforeAll
    static void startProcesses() throws Exception {
        logs = TempDir.create("hubstate-it");
        redis = PrivateRedisServer.start();
        silent = SilentTcpServer.start();
        Path hubScripts = script("/hubstate/busy_hub.py").getParent();
        Path envScripts = script("/envcheck/late_patch_server.py").getParent();
        busy = start(hubScripts.resolve("busy_hub.py"), "spinning");
        recv = start(hubScripts.resolve("recv_hub.py"), "receiving", Integer.toString(silent.port()));
        late = start(envScripts.resolve("late_patch_server.py"), "listening", Integer.toString(FreePorts.loopback()));
        first = start(envScripts.resolve("patch_first_server.py"), "listening", Integer.toString(FreePorts.loopback()));
    }

    @AfterAll
    static void stopProcesses() {
        // By PID, with their descendants: ManagedProcess never kills by name.
        started.forEach(ManagedProcess::killTree);
        if (silent != null) {
            silent.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static Path script(String resource) throws Exception {
        return Path.of(HubStateIT.class.getResource(resource).toURI());
    }

    private static ManagedProcess start(Path script, String readyLine, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        Path log = logs.resolve(script.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CELERY_BROKER_URL", redis.url(13));
        ManagedProcess process = ManagedProcess.start(builder, script.getFileName().toString());
        started.add(process);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!Files.readString(log).contains(readyLine)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(script.getFileName() + " did not print " + readyLine + ":\n"
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return process;
    }

    /** One env-check of the named processes, /proc only. */
    private static Scan scan(ManagedProcess... processes) {
        String pids = String.join(",", java.util.Arrays.stream(processes).map(p -> Long.toString(p.pid())).toList());
        CommandResult result = CelerymonProcess.of("env-check", "--no-probe", "-o", "json", "--pid", pids)
                .timeout(Duration.ofSeconds(60)).run();
        return new Scan(result, CelerymonRunner.parse(result));
    }

    /**
     * Waits until {@code process}'s main thread is seen in one of {@code calls} (or, for
     * {@code running}, on the CPU) by reading its {@code syscall} file directly: a script reaches
     * its state a moment after it prints its ready line. Readiness only; the verdict is then
     * asserted on one scan.
     */
    private static void awaitCall(ManagedProcess process, String... calls) throws Exception {
        String arch = System.getProperty("os.arch").equals("x86_64") ? "amd64" : System.getProperty("os.arch");
        Map<String, Integer> numbers = CALLS.getOrDefault(arch, Map.of());
        Set<String> wanted = new HashSet<>();
        for (String call : calls) {
            wanted.add(call.equals("running") ? "running"
                    : numbers.containsKey(call) ? Integer.toString(numbers.get(call)) : "none");
        }
        Path file = Path.of("/proc", Long.toString(process.pid()), "task", Long.toString(process.pid()), "syscall");
        long deadline = System.nanoTime() + READY.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = Files.readString(file).strip();
            if (wanted.contains(seen.split("\\s+")[0])) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pid " + process.pid() + " never reached " + String.join("/", calls) + "; last: " + seen);
    }

    private record Scan(CommandResult result, JsonNode doc) {
        JsonNode process(ManagedProcess process) {
            return StreamSupport.stream(doc.path("processes").spliterator(), false)
                    .filter(p -> p.path("pid").asLong() == process.pid()).findFirst()
                    .orElseThrow(() -> new AssertionError("pid " + process.pid() + " not scanned\n" + result.describe()));
        }

        List<JsonNode> findings(String id, ManagedProcess process) {
            return StreamSupport.stream(doc.path("findings").spliterator(), false)
                    .filter(f -> f.path("id").asText().equals(id))
                    .filter(f -> f.path("subject").asText().equals("pid " + process.pid())).toList();
        }
    }

    /**
     * The hub's share of a core, or of the interval it was runnable when that is larger: on a host
     * whose CPUs are contended (CI, with the other ITs running) a spinning hub gets less than a core.
     */
    private static double busyShare(JsonNode hub) {
        return Math.max(hub.path("cpu_share").asDouble(), hub.path("runnable_share").asDouble());
    }

    @Test
    void aHubHeldByACpuBoundGreenletIsBusyWithItsShare() throws Exception {
        awaitCall(busy, "running");
        Scan scan = scan(busy);
        assertThat(scan.result().exitCode()).as(scan.result().describe()).isEqualTo(1);
        JsonNode hub = scan.process(busy).path("hub");
        assertThat(hub.path("kind").asText()).as(hub.toString()).isEqualTo("busy_cpu");
        assertThat(hub.path("library").asText()).isEqualTo("gevent");
        assertThat(hub.path("tid").asLong()).isEqualTo(busy.pid());
        assertThat(busyShare(hub)).as(hub.toString()).isGreaterThanOrEqualTo(0.8);
        assertThat(hub.path("samples")).hasSize(2);
        assertThat(hub.path("samples").get(1).path("cpu_ticks").asLong())
                .isGreaterThan(hub.path("samples").get(0).path("cpu_ticks").asLong());
        assertThat(hub.path("interval_ms").asLong()).isGreaterThanOrEqualTo(400);
        assertThat(scan.findings("hub_busy_cpu", busy)).singleElement().satisfies(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("critical");
            assertThat(f.path("summary").asText()).contains("busy on CPU (").contains("% of a core over ")
                    .contains("a CPU-bound task");
            assertThat(Math.max(f.path("evidence").path("cpu_share").asDouble(),
                    f.path("evidence").path("runnable_share").asDouble())).isGreaterThanOrEqualTo(0.8);
            assertThat(f.path("remedy").asText()).contains("prefork");
        });
    }

    @Test
    void aHubHeldInRecvOfTheCSocketModuleNamesTheCallAndThePeer() throws Exception {
        awaitCall(recv, "recvfrom");
        Scan scan = scan(recv);
        assertThat(scan.result().exitCode()).as(scan.result().describe()).isEqualTo(1);
        JsonNode hub = scan.process(recv).path("hub");
        assertThat(hub.path("kind").asText()).as(hub.toString()).isEqualTo("blocked_in_call");
        assertThat(hub.path("syscall").asText()).isEqualTo("recvfrom");
        assertThat(hub.path("samples")).hasSize(2)
                .allSatisfy(s -> assertThat(s.path("syscall").asText()).isEqualTo("recvfrom"));
        String peer = "127.0.0.1:" + silent.port();
        assertThat(hub.path("waits_on")).singleElement().satisfies(w -> {
            assertThat(w.path("kind").asText()).isEqualTo("tcp");
            assertThat(w.path("peer").asText()).isEqualTo(peer);
            assertThat(w.path("local").asText()).startsWith("127.0.0.1:");
        });
        assertThat(scan.findings("hub_blocked_in_call", recv)).singleElement().satisfies(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("critical");
            assertThat(f.path("summary").asText()).contains("recvfrom() on TCP ").contains("→ " + peer)
                    .contains("in both samples");
            assertThat(f.path("evidence").path("syscall").asText()).isEqualTo("recvfrom");
            assertThat(f.path("evidence").path("samples")).hasSize(2);
            assertThat(f.path("remedy").asText()).contains("psycogreen").contains("py-spy dump --pid " + recv.pid());
        });
    }

    @Test
    void theLatePatchedServerIsBlockedInSelectFromThreadStateAloneAndItsTwinIsInItsLoop() throws Exception {
        awaitCall(late, "select", "pselect6");
        awaitCall(first, "epoll_wait", "epoll_pwait", "epoll_pwait2");
        Scan scan = scan(late, first);
        assertThat(scan.result().exitCode()).as(scan.result().describe()).isEqualTo(1);
        JsonNode hub = scan.process(late).path("hub");
        assertThat(hub.path("kind").asText()).as(hub.toString()).isEqualTo("blocked_in_call");
        assertThat(hub.path("syscall").asText()).isIn("select", "pselect6");
        assertThat(hub.path("samples")).hasSize(2)
                .allSatisfy(s -> assertThat(s.path("syscall").asText()).isEqualTo(hub.path("syscall").asText()));
        // No client ever connected: the accept queue is empty, and the verdict stands on the thread alone.
        assertThat(scan.process(late).path("listening").get(0).path("accept_queue"))
                .allSatisfy(q -> assertThat(q.asInt()).isZero());
        assertThat(scan.findings("listener_not_accepting", late)).isEmpty();
        // kombu's real select waits on the event receiver's Redis connection (read from /proc/PID/mem: we run as root
        // in CI, or as the servers' own user).
        assertThat(hub.path("waits_on")).anySatisfy(w -> assertThat(w.path("peer").asText())
                .isEqualTo("127.0.0.1:" + redis.port()));
        assertThat(scan.findings("hub_blocked_in_call", late)).singleElement().satisfies(f ->
                assertThat(f.path("severity").asText()).isEqualTo("critical"));

        JsonNode twin = scan.process(first).path("hub");
        assertThat(twin.path("kind").asText()).as(twin.toString()).isEqualTo("event_loop");
        assertThat(twin.path("syscall").asText()).startsWith("epoll_");
        assertThat(twin.path("samples")).hasSize(2);
        assertThat(scan.doc().path("findings")).noneMatch(f -> f.path("subject").asText()
                .equals("pid " + first.pid()));
    }

    @Test
    void realGeventWorkersHeldByACpuBoundTaskAndByAnUnpatchedRecvAreToldApartByDiagnose() throws Exception {
        try (CeleryCluster cluster = CeleryCluster.start(redis.url(14), CeleryPool.GEVENT, CeleryPool.GEVENT)) {
            CeleryWorker spinning = cluster.workers().get(0);
            CeleryWorker receiving = cluster.workers().get(1);
            cluster.sendTask(spinning, "cmtasks.spin", 60);
            // recv() of the C module _socket on a listener that never answers: what an unpatched driver does.
            cluster.sendTask(receiving, "cmtasks.recv_block", silent.port());
            BlockedGeventContract.awaitSilence(cluster, spinning);
            BlockedGeventContract.awaitSilence(cluster, receiving);

            CommandResult run = CelerymonProcess.of("diagnose", "-b", redis.url(14), "--heartbeat-window", "3",
                    "-o", "json").timeout(Duration.ofSeconds(60)).run();
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            JsonNode doc = CelerymonRunner.parse(run);

            JsonNode busy = blocked(doc, spinning, run);
            JsonNode local = localProcess(doc, spinning);
            assertThat(local.path("hub").path("kind").asText()).as(local.toString()).isEqualTo("busy_cpu");
            assertThat(busy.path("summary").asText()).as(busy.toString())
                    .contains("(gevent pool): hub busy on CPU (").contains("% of a core over ").contains("a CPU-bound task");
            assertThat(busy.path("evidence").path("hub").asText()).isEqualTo("busy_cpu");
            assertThat(Math.max(busy.path("evidence").path("hub_cpu_share").asDouble(),
                    busy.path("evidence").path("hub_runnable_share").asDouble())).isGreaterThanOrEqualTo(0.8);
            assertThat(busy.path("remedy").asText()).contains("prefork").contains("py-spy dump --pid " + spinning.pid());
            assertThat(local.path("hub").path("samples")).hasSize(2);

            JsonNode held = blocked(doc, receiving, run);
            JsonNode heldLocal = localProcess(doc, receiving);
            assertThat(heldLocal.path("hub").path("kind").asText()).as(heldLocal.toString()).isEqualTo("blocked_in_call");
            assertThat(heldLocal.path("hub").path("syscall").asText()).isEqualTo("recvfrom");
            assertThat(held.path("summary").asText()).as(held.toString())
                    .contains("(gevent pool): hub waiting in recvfrom() on TCP ")
                    .contains(" → 127.0.0.1:" + silent.port());
            assertThat(held.path("remedy").asText()).contains("psycogreen");
        }
    }

    private static JsonNode blocked(JsonNode doc, CeleryWorker worker, CommandResult run) {
        return StreamSupport.stream(doc.path("findings").spliterator(), false)
                .filter(f -> f.path("id").asText().equals("worker_blocked"))
                .filter(f -> f.path("subject").asText().equals(worker.hostname())).findFirst()
                .orElseThrow(() -> new AssertionError("no worker_blocked for " + worker.hostname() + "\n"
                        + run.describe()));
    }

    private static JsonNode localProcess(JsonNode doc, CeleryWorker worker) {
        return StreamSupport.stream(doc.path("local_processes").spliterator(), false)
                .filter(p -> p.path("pid").asLong() == worker.pid()).findFirst().orElseThrow();
    }
}
