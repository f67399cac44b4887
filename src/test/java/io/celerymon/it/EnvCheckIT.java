package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.FreePorts;
import io.celerymon.testsupport.ManagedProcess;
import io.celerymon.testsupport.PrivateRedisServer;
import io.celerymon.testsupport.TempDir;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code celerymon env-check} against real Python processes (Debian's /usr/bin/python3 with
 * gevent, Tornado and Celery 5.2): the seed's late-patch hang beside its patch-first twin, and the
 * probe on modules that patch, do not patch, and hang on import.
 */
class EnvCheckIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration READY = Duration.ofSeconds(30);
    /**
     * This JVM: a {@code --pid} that runs no Python narrows the scan to one process without asking
     * for the probe to run in that process's context.
     */
    private static final String NOT_PYTHON = Long.toString(ProcessHandle.current().pid());

    private static PrivateRedisServer redis;
    private static TempDir logs;
    private static Path scripts;
    private static Server late;
    private static Server first;

    private record Server(ManagedProcess process, int port) {
    }

    @BeforeAll
    static void startServers() throws Exception {
        scripts = Path.of(EnvCheckIT.class.getResource("/envcheck/late_patch_server.py").toURI()).getParent();
        logs = TempDir.create("envcheck-it");
        redis = PrivateRedisServer.start();
        late = start("late_patch_server.py");
        first = start("patch_first_server.py");
    }

    @AfterAll
    static void stopServers() {
        for (Server server : new Server[] {late, first}) {
            if (server != null) {
                server.process().killTree();
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static Server start(String script) throws Exception {
        int port = FreePorts.loopback();
        Path log = logs.resolve(script + ".log");
        ProcessBuilder builder = new ProcessBuilder(PYTHON, scripts.resolve(script).toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CELERY_BROKER_URL", redis.url(12));
        ManagedProcess process = ManagedProcess.start(builder, script);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!Files.readString(log).contains("listening")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.killTree();
                throw new AssertionError(script + " did not start listening:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return new Server(process, port);
    }

    private static HttpResponse<String> get(int port, Duration within) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(within).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(within).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CommandResult envCheck(String... args) {
        return envCheck(CelerymonProcess.of(args));
    }

    private static CommandResult envCheck(CelerymonProcess command) {
        return command.env("PYTHONPATH", scripts.toString()).timeout(Duration.ofSeconds(90)).run();
    }

    private static List<JsonNode> findings(JsonNode doc, String id) {
        return StreamSupport.stream(doc.path("findings").spliterator(), false)
                .filter(f -> f.path("id").asText().equals(id)).toList();
    }

    private static JsonNode process(JsonNode doc, Server server) {
        return StreamSupport.stream(doc.path("processes").spliterator(), false)
                .filter(p -> p.path("pid").asLong() == server.process().pid()).findFirst().orElseThrow();
    }

    @Test
    void theLatePatchedServerHangsWhileItsPatchFirstTwinAnswers() throws Exception {
        assertThat(get(first.port(), Duration.ofSeconds(10)).body()).isEqualTo("ok");
        assertThatThrownBy(() -> get(late.port(), Duration.ofSeconds(3))).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void theScanFlagsOnlyTheLateServerWithItsAcceptQueueAndThreads() throws Exception {
        List<Socket> waiting = new ArrayList<>();
        try {
            // The kernel completes these connections whether or not the server accepts them.
            for (Server server : List.of(late, first)) {
                for (int i = 0; i < 2; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                    waiting.add(socket);
                }
            }
            CommandResult result = envCheck("env-check", "--no-probe", "-o", "json", "--pid",
                    late.process().pid() + "," + first.process().pid());
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
            JsonNode doc = CelerymonRunner.parse(result);
            List<JsonNode> stuck = findings(doc, "listener_not_accepting");
            assertThat(stuck).as(result.stdout()).singleElement().satisfies(f -> {
                assertThat(f.path("severity").asText()).isEqualTo("critical");
                assertThat(f.path("subject").asText()).isEqualTo("pid " + late.process().pid());
                assertThat(f.path("evidence").path("listen").asText()).isEqualTo("127.0.0.1:" + late.port());
                assertThat(f.path("evidence").path("accept_queue")).isNotEmpty()
                        .allSatisfy(q -> assertThat(q.asInt()).isGreaterThanOrEqualTo(2));
                // OS threads: the hub, plus gevent's resolver pool once the broker's name was resolved;
                // the evidence is the process's count, whatever it is.
                assertThat(f.path("evidence").path("threads").asInt()).isPositive()
                        .isEqualTo(process(doc, late).path("threads").asInt());
                assertThat(f.path("evidence").path("green_libraries").toString()).contains("gevent");
            });
            assertThat(doc.path("findings")).noneMatch(f -> f.path("subject").asText()
                    .equals("pid " + first.process().pid()));
            JsonNode firstProcess = process(doc, first);
            assertThat(firstProcess.path("listening").get(0).path("accept_queue"))
                    .allSatisfy(q -> assertThat(q.asInt()).isZero());
            assertThat(firstProcess.path("green_libraries").toString()).contains("gevent");
            // The servers' environment carries the broker URL; its password is masked.
            assertThat(result.stdout()).contains("CELERY_BROKER_URL").doesNotContain(redis.password());
        } finally {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
    }

    @Test
    void theProbeSeesAModuleThatPatchesLate() {
        CommandResult result = envCheck("env-check", "--python", PYTHON, "--app", "patching_app", "-o", "json",
                "--pid", NOT_PYTHON);
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        JsonNode doc = CelerymonRunner.parse(result);
        JsonNode app = doc.path("probe").path("report").path("app");
        assertThat(app.path("patched_during_import").asBoolean()).isTrue();
        assertThat(app.path("late_patch").asBoolean()).isTrue();
        assertThat(app.path("patched").path("gevent").toString()).contains("\"select\"").contains("\"socket\"");
        assertThat(doc.path("probe").path("report").path("packages").path("celery").asText()).isEqualTo("5.2.6");
        assertThat(findings(doc, "late_monkey_patch")).singleElement().satisfies(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("critical");
            assertThat(f.path("subject").asText()).isEqualTo("app patching_app (" + PYTHON + ")");
            assertThat(f.path("evidence").path("late_patch_evidence").toString()).contains("_selectf");
        });
        // What the app printed went to stderr, not into the JSON; the broker password is masked.
        assertThat(result.stdout()).doesNotContain("probe-secret-1").contains("redis://:****@127.0.0.1:6379/12");
    }

    @Test
    void theProbeSeesAModuleThatDoesNotPatch() {
        CommandResult result = envCheck("env-check", "--python", PYTHON, "--app", "plain_app", "-o", "json",
                "--pid", NOT_PYTHON);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode doc = CelerymonRunner.parse(result);
        JsonNode app = doc.path("probe").path("report").path("app");
        assertThat(app.path("anything_patched").asBoolean()).isFalse();
        assertThat(app.path("patched_during_import").asBoolean()).isFalse();
        assertThat(findings(doc, "late_monkey_patch")).isEmpty();
        assertThat(findings(doc, "pickle_accepted")).hasSize(1);
        assertThat(result.stdout()).doesNotContain("probe-secret-2");
    }

    @Test
    void aHangingImportIsKilledAtTheTimeoutWithWhatItStarted() throws Exception {
        Path pidFile = logs.resolve("hang.pid");
        long started = System.nanoTime();
        CommandResult result = envCheck(CelerymonProcess.of("env-check", "--python", PYTHON, "--app", "hanging_app",
                "--timeout", "3", "-o", "json", "--pid", NOT_PYTHON)
                .env("HANG_PID_FILE", pidFile.toString()));
        long wallMs = (System.nanoTime() - started) / 1_000_000;
        // A worker, beat or Flower started with this app hangs the same way: critical, exit 1.
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        JsonNode doc = CelerymonRunner.parse(result);
        assertThat(doc.path("probe").path("status").asText()).isEqualTo("timed_out");
        assertThat(findings(doc, "app_import_hangs")).singleElement().satisfies(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("critical");
            assertThat(f.path("evidence").path("stderr_tail").toString()).contains("importing forever");
        });
        // 3 s for the probe, the scan's 0.5 s sample, JVM start and the kill, with a margin for a busy machine.
        assertThat(wallMs).isLessThan(20_000);
        long child = Long.parseLong(Files.readString(pidFile).strip());
        // Killed before celerymon exited; an orphan killed with its parent is a zombie until init reaps it.
        Optional<ProcessHandle> orphan = ProcessHandle.of(child);
        if (orphan.isPresent()) {
            try {
                orphan.get().onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException stillAlive) {
                // Asserted below.
            }
        }
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).as("the import's child").isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains("hanging_app")))
                .as("the probe").isEmpty();
    }

    @Test
    void aChildTheAppsImportStartedIsStoppedWhenTheProbeEnds() throws Exception {
        Path pidFile = logs.resolve("spawn.pid");
        CommandResult result = envCheck(CelerymonProcess.of("env-check", "--python", PYTHON, "--app", "spawning_app",
                "-o", "json", "--pid", NOT_PYTHON)
                .env("SPAWN_PID_FILE", pidFile.toString()));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(CelerymonRunner.parse(result).path("probe").path("status").asText()).isEqualTo("completed");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        // The probe signals its process group as it ends; the orphan's exit is then up to the kernel and init.
        Optional<ProcessHandle> orphan = ProcessHandle.of(child);
        if (orphan.isPresent()) {
            try {
                orphan.get().onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException stillAlive) {
                // Asserted below.
            }
        }
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).as("the import's child").isEmpty();
    }

    @Test
    void geventNoPatchIsReportedObsolete() throws IOException {
        CelerymonProcess command = CelerymonProcess.of("env-check", "--python", PYTHON, "-o", "json", "--pid",
                Long.toString(first.process().pid())).env("GEVENT_NOPATCH", "1");
        CommandResult result = envCheck(command);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(findings(CelerymonRunner.parse(result), "gevent_nopatch_obsolete")).singleElement()
                .satisfies(f -> assertThat(f.path("severity").asText()).isEqualTo("warn"));
        CommandResult strict = envCheck(CelerymonProcess.of("env-check", "--python", PYTHON, "--fail-on", "warn",
                "--pid", Long.toString(first.process().pid())).env("GEVENT_NOPATCH", "1"));
        assertThat(strict.exitCode()).as(strict.describe()).isEqualTo(1);
        assertThat(strict.stdout()).contains("gevent_nopatch_obsolete");
    }
}
