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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's case as Dify runs it: Flower started as {@code celery -A app.celery flower} from a
 * directory shaped like Dify's {@code api/} (whose {@code app.py} patches with gevent at import),
 * told hung by env-check with no client ever connected — from its hub thread's state and by
 * asking it directly — beside its {@code FLASK_DEBUG=true} twin that answers; and the same Flower
 * in a "container" (its own PID, mount and network namespaces made with util-linux
 * {@code unshare}, its own Redis inside, running as nobody), found by a plain scan from the host
 * and probed in its own context. Flower is not in Debian: a stand-in runs Flower's mechanism
 * (the celery command's imports, Celery's find_app, Tornado and an event-capture thread).
 */
class DifyFlowerIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration READY = Duration.ofSeconds(30);
    private static final int CONTAINER_PORT = 5555;

    private static final List<ManagedProcess> started = new ArrayList<>();
    private static PrivateRedisServer redis;
    private static TempDir logs;
    private static Path dify;
    private static Path flower;
    private static Flower late;
    private static Flower twin;
    private static Flower contained;

    private record Flower(ManagedProcess process, long pid, int port) {
    }

    @BeforeAll
    static void startFlowers() throws Exception {
        dify = Path.of(DifyFlowerIT.class.getResource("/envcheck/dify/app.py").toURI()).getParent();
        flower = Path.of(DifyFlowerIT.class.getResource("/flowerlike/celery").toURI());
        logs = TempDir.create("dify-flower-it");
        redis = PrivateRedisServer.start();
        late = start("late", List.of(), redis.url(3), null);
        twin = start("twin", List.of(), redis.url(3), "true");
        // The container's broker is its own Redis, on its own loopback.
        contained = start("contained", List.of("unshare", "--fork", "--pid", "--mount-proc", "--net", "/bin/bash",
                flower.resolveSibling("in_container.sh").toString()), "redis://127.0.0.1:6379/0", null);
    }

    @AfterAll
    static void stopFlowers() {
        // By PID with their descendants; a namespace goes with its last process.
        started.forEach(ManagedProcess::killTree);
        if (redis != null) {
            redis.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static Flower start(String name, List<String> wrapper, String broker, String flaskDebug) throws Exception {
        int port = wrapper.isEmpty() ? FreePorts.loopback() : CONTAINER_PORT;
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(PYTHON, flower.toString(), "-A", "app.celery", "flower", "--port=" + port,
                "--address=" + (wrapper.isEmpty() ? "127.0.0.1" : "0.0.0.0")));
        Path log = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dify.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CELERY_BROKER_URL", broker);
        builder.environment().remove("FLASK_DEBUG");
        if (flaskDebug != null) {
            builder.environment().put("FLASK_DEBUG", flaskDebug);
        }
        ManagedProcess process = ManagedProcess.start(builder, "flower " + name);
        started.add(process);
        long deadline = System.nanoTime() + READY.toNanos();
        while (!Files.readString(log).contains("listening")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("flower " + name + " did not start listening:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        // Under unshare the stand-in is a descendant; its PID as this host sees it is the one scanned.
        long pid = wrapper.isEmpty() ? process.pid() : process.process().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(flower.toString()))
                .findFirst().orElseThrow().pid();
        return new Flower(process, pid, port);
    }

    private static JsonNode envCheck(String... args) {
        CommandResult result = CelerymonProcess.of(args).directory(dify).timeout(Duration.ofSeconds(90)).run();
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        return CelerymonRunner.parse(result);
    }

    private static JsonNode process(JsonNode doc, Flower f) {
        return StreamSupport.stream(doc.path("processes").spliterator(), false)
                .filter(p -> p.path("pid").asLong() == f.pid()).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + f.pid() + " not scanned: " + doc));
    }

    private static List<String> findings(JsonNode doc, Flower f) {
        return StreamSupport.stream(doc.path("findings").spliterator(), false)
                .filter(x -> x.path("subject").asText().equals("pid " + f.pid()))
                .map(x -> x.path("id").asText() + ":" + x.path("severity").asText()).toList();
    }

    private static JsonNode asked(JsonNode doc, Flower f) {
        return StreamSupport.stream(doc.path("flower_checks").spliterator(), false)
                .filter(c -> c.path("pid").asLong() == f.pid()).findFirst().orElseThrow();
    }

    @Test
    void theLatePatchedFlowerIsToldHungWithNoClientConnectedAndItsTwinIsNot() throws Exception {
        JsonNode doc = envCheck("env-check", "--no-probe", "-o", "json");

        JsonNode hung = process(doc, late);
        assertThat(hung.path("role").asText()).isEqualTo("flower");
        assertThat(hung.path("app").asText()).isEqualTo("app.celery");
        // Nobody had connected: the accept queue is empty, so only the thread state and the direct check tell.
        assertThat(hung.path("listening").get(0).path("accept_queue")).allSatisfy(q -> assertThat(q.asInt()).isZero());
        assertThat(hung.path("hub").path("kind").asText()).isEqualTo("blocked_in_call");
        assertThat(hung.path("hub").path("syscall").asText()).isIn("select", "pselect6", "poll", "ppoll");
        assertThat(hung.path("hub").path("waits_on").toString()).contains("127.0.0.1:" + redis.port());
        assertThat(asked(doc, late).path("answered").asBoolean()).isFalse();
        assertThat(asked(doc, late).path("network_namespace").isNull()).isTrue();
        assertThat(findings(doc, late)).contains("hub_blocked_in_call:critical", "flower_not_answering:critical");

        assertThat(asked(doc, twin).path("answered").asBoolean()).isTrue();
        assertThat(asked(doc, twin).path("http_status").asInt()).isEqualTo(200);
        assertThat(findings(doc, twin)).isEmpty();

        // What a browser sees, asked only now: the late one never answers, the twin does.
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + late.port()
                + "/healthcheck")).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + twin.port() + "/healthcheck"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("OK");
    }

    @Test
    void aFlowerInAContainerIsFoundByAPlainScanAndAskedInsideItsNetworkNamespace() {
        JsonNode doc = envCheck("env-check", "--no-probe", "-o", "json");

        JsonNode p = process(doc, contained);
        JsonNode context = p.path("context");
        assertThat(context.path("pids").get(0).asLong()).isEqualTo(contained.pid());
        assertThat(context.path("pids").get(1).asLong()).isEqualTo(1);
        assertThat(context.path("foreign_namespaces").toString()).contains("pid", "mnt", "net");
        assertThat(context.path("uid").asInt()).isEqualTo(65534);
        // Its socket, from its own namespace's table: this host listens on no such port.
        assertThat(p.path("listening").get(0).path("address").asText()).isEqualTo("0.0.0.0:" + CONTAINER_PORT);
        assertThat(p.path("hub").path("kind").asText()).isEqualTo("blocked_in_call");
        assertThat(p.path("hub").path("waits_on").toString()).contains("127.0.0.1:6379");
        JsonNode check = asked(doc, contained);
        assertThat(check.path("network_namespace").asText()).isEqualTo(context.path("namespaces").path("net").asText());
        assertThat(check.path("answered").asBoolean()).isFalse();
        assertThat(findings(doc, contained)).contains("hub_blocked_in_call:critical", "flower_not_answering:critical");
    }

    @Test
    void theProbeRunsInTheContainersContextAsItsUser() {
        JsonNode doc = envCheck("env-check", "--pid", Long.toString(contained.pid()), "--app", "app.celery",
                "-o", "json");

        JsonNode probe = doc.path("probe");
        assertThat(probe.path("status").asText()).as(probe.toString()).isEqualTo("completed");
        assertThat(probe.path("context").path("foreign_namespaces").toString()).contains("pid", "mnt", "net");
        JsonNode ran = probe.path("report").path("process");
        assertThat(ran.path("uid").asInt()).isEqualTo(65534);
        assertThat(ran.path("cwd").asText()).isEqualTo(dify.toString());
        // Its own PID namespace numbers from 1: the stand-in, its Redis, then this probe.
        assertThat(ran.path("pid").asLong()).isLessThan(100);
        JsonNode app = probe.path("report").path("app");
        assertThat(app.path("form").asText()).isEqualTo("module.attribute");
        assertThat(app.path("settings").path("broker_url").asText()).isEqualTo("redis://127.0.0.1:6379/0");
        assertThat(StreamSupport.stream(doc.path("findings").spliterator(), false).map(f -> f.path("id").asText()))
                .contains("late_monkey_patch", "flower_patched_app");
    }
}
