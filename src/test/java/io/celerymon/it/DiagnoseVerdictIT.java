package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.CommandRunner;
import io.celerymon.testsupport.FakeTcpServer;
import io.celerymon.testsupport.PrivateRedisServer;
import io.celerymon.testsupport.RabbitVhost;
import io.celerymon.testsupport.WallMargin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diagnose never passes what it could not check: a broker that is down in any of the ways a
 * connect does not show (out of memory, not Redis, no permissions, paused, TLS to plain text), a
 * deadline too short to check anything, a Flower that does not answer, each fails the run with
 * the documented exit code and says why; a check the user turned off does not. No Celery worker
 * is needed except for the one run that must pass. Every run is timed against its deadline, and
 * stdout, stderr and both report files are searched for the secrets the run was given.
 */
class DiagnoseVerdictIT {

    /** Start-up and the last write on top of --deadline, with a loaded CI host's slack (see WallMargin). */
    private static final long MARGIN_MS = WallMargin.LOADED_CI_MS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One run: JSON on stdout, JUnit and Prometheus files beside it. */
    private record Run(CommandResult result, JsonNode doc, String junit, String prometheus) {
        String everything() {
            return result.stdout() + result.stderr() + junit + prometheus;
        }

        JsonNode finding(String check) {
            for (JsonNode f : doc.get("findings")) {
                if (f.get("check").asText().equals(check)) {
                    return f;
                }
            }
            throw new AssertionError("no finding of check " + check + " in\n" + doc.toPrettyString());
        }

        JsonNode check(String name) {
            for (JsonNode c : doc.get("checks")) {
                if (c.get("name").asText().equals(name)) {
                    return c;
                }
            }
            throw new AssertionError("no check " + name + " in\n" + doc.toPrettyString());
        }
    }

    private Run diagnose(double deadlineSeconds, String... args) {
        Path junit = dir.resolve("diagnose-" + System.nanoTime() + ".xml");
        Path prometheus = dir.resolve("diagnose-" + System.nanoTime() + ".prom");
        List<String> all = new ArrayList<>(List.of("diagnose", "--deadline", Double.toString(deadlineSeconds),
                "-o", "json", "--junit", junit.toString(), "--prometheus", prometheus.toString()));
        all.addAll(List.of(args));
        CommandResult result = CelerymonProcess.of(all).timeout(Duration.ofSeconds(60)).run();
        assertThat(result.stderr()).as(result.describe()).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode doc;
        try {
            doc = JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON\n" + result.describe(), e);
        }
        long limit = Math.round(deadlineSeconds * 1000) + MARGIN_MS;
        if (deadlineSeconds >= 1 || result.wallMillis() <= limit) {
            assertThat(result.wallMillis()).as(result.describe()).isLessThanOrEqualTo(limit);
        } else {
            // The JVM's own start on this shared machine can outlast a sub-second deadline; the run
            // itself must then give up at once.
            assertThat(doc.get("elapsed_ms").asDouble()).as(result.describe()).isLessThanOrEqualTo(WallMargin.QUIET_MS);
        }
        return new Run(result, doc, read(junit), read(prometheus));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("report file " + file + " was not written", e);
        }
    }

    private static void assertExit(Run run, int exit, String verdict) {
        assertThat(run.result().exitCode()).as(run.result().describe()).isEqualTo(exit);
        assertThat(run.doc().get("verdict").asText()).as(run.doc().toPrettyString()).isEqualTo(verdict);
        assertThat(run.doc().get("failed").asBoolean()).isEqualTo(exit != 0);
    }

    /** The checks that need the broker are reported as not decided, and why; every report fails. */
    private static void assertBrokerChecksUndecided(Run run) {
        for (String check : List.of("discovery", "blocking", "heartbeats", "pool", "queues", "leftovers")) {
            assertThat(run.check(check).get("decided").asBoolean()).as(check).isFalse();
            assertThat(run.check(check).get("reason").asText()).as(check).isNotBlank();
        }
        assertThat(run.junit()).contains("type=\"not_decided\"");
        assertThat(run.prometheus()).contains("celerymon_diagnose_failed{fail_on=\"critical\"} 1")
                .contains("celerymon_diagnose_check_decided{check=\"pool\"} 0");
    }

    private static void redisCli(PrivateRedisServer redis, String... command) {
        List<String> cli = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redis.port())));
        cli.addAll(List.of(command));
        CommandResult result = CommandRunner.run(cli, Map.of("REDISCLI_AUTH", redis.password()), Duration.ofSeconds(10));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).doesNotContain("ERR");
    }

    @Test
    void aRedisOutOfMemoryIsExit4InRedissOwnWordsAndTheLocalScanStillDecides() {
        try (PrivateRedisServer redis = PrivateRedisServer.start()) {
            redisCli(redis, "CONFIG", "SET", "maxmemory", "1");

            Run run = diagnose(5, "-b", redis.url(3));

            assertExit(run, 4, "broker_unusable");
            JsonNode broker = run.finding("broker");
            assertThat(broker.get("id").asText()).isEqualTo("broker_unusable");
            assertThat(broker.get("severity").asText()).isEqualTo("critical");
            assertThat(broker.get("summary").asText()).contains("OOM command not allowed when used memory > 'maxmemory'");
            assertBrokerChecksUndecided(run);
            assertThat(run.check("local_processes").get("status").asText()).isEqualTo("completed");
            assertThat(run.everything()).doesNotContain(redis.password());
        }
    }

    @Test
    void aServerThatIsNotRedisIsExit4() {
        try (FakeTcpServer echo = FakeTcpServer.echo()) {
            String secret = "EchoPw" + ThreadLocalRandom.current().nextInt(1_000_000);

            Run run = diagnose(5, "--no-local-scan", "-b", "redis://:" + secret + "@127.0.0.1:" + echo.port() + "/0");

            assertExit(run, 4, "broker_unusable");
            assertThat(run.finding("broker").get("summary").asText()).contains("not a Redis server: it ");
            assertBrokerChecksUndecided(run);
            assertThat(run.everything()).doesNotContain(secret);
        }
    }

    @Test
    void aRabbitUserWithoutPermissionsOnTheVhostIsExit5() {
        String user = "cmtest-noperm-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        String password = "NoPerm" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (RabbitVhost vhost = RabbitVhost.create()) {
            rabbitmqctl("add_user", user, password);
            try {
                // Access to the vhost, but no configure, write or read on anything in it.
                rabbitmqctl("set_permissions", "-p", vhost.name(), user, "^$", "^$", "^$");
                String url = vhost.amqpUrl().replace("guest:guest", user + ":" + password);

                Run run = diagnose(6, "--no-local-scan", "-b", url);

                assertExit(run, 5, "broker_refused");
                JsonNode broker = run.finding("broker");
                assertThat(broker.get("id").asText()).isEqualTo("broker_auth_failed");
                assertThat(broker.get("summary").asText()).contains("ACCESS_REFUSED");
                assertBrokerChecksUndecided(run);
                assertThat(run.everything()).doesNotContain(password);
                assertThat(vhost.queues()).isEmpty();
            } finally {
                rabbitmqctl("delete_user", user);
            }
        }
    }

    @Test
    void aPausedRedisIsExit4WithinTheDeadline() {
        try (PrivateRedisServer redis = PrivateRedisServer.start()) {
            redisCli(redis, "CLIENT", "PAUSE", "60000", "ALL");

            Run run = diagnose(4, "--no-local-scan", "-b", redis.url(3));

            assertExit(run, 4, "broker_unusable");
            assertThat(run.finding("broker").get("severity").asText()).isEqualTo("critical");
            assertThat(run.finding("broker").get("id").asText()).isIn("broker_unreachable", "broker_unusable");
            assertThat(run.finding("broker").get("summary").asText())
                    .contains("redis://:****@127.0.0.1:" + redis.port() + "/3");
            assertBrokerChecksUndecided(run);
            assertThat(run.everything()).doesNotContain(redis.password());
        }
    }

    @Test
    void tlsToAPlainRedisIsExit4() {
        try (PrivateRedisServer redis = PrivateRedisServer.start()) {
            String url = redis.url(3).replace("redis://", "rediss://");

            Run run = diagnose(4, "--no-local-scan", "-b", url);

            assertExit(run, 4, "broker_unusable");
            assertThat(run.finding("broker").get("summary").asText())
                    .contains("rediss://:****@127.0.0.1:" + redis.port() + "/3");
            assertBrokerChecksUndecided(run);
            assertThat(run.everything()).doesNotContain(redis.password());
        }
    }

    @Test
    void aDeadlineTooShortToCheckAnythingIsNotCheckedAndFails() {
        try (PrivateRedisServer redis = PrivateRedisServer.start()) {
            Run run = diagnose(0.5, "--no-local-scan", "-t", "0.1", "-b", redis.url(3));

            assertExit(run, 1, "not_decided");
            assertThat(run.check("broker").get("status").asText()).isEqualTo("not_checked");
            assertThat(run.check("broker").get("reason").asText()).startsWith("not checked: the deadline left");
            assertThat(run.doc().get("summary").get("not_decided").asInt()).isEqualTo(7);
            assertThat(run.junit()).contains("could not decide: not checked");
            assertThat(run.everything()).doesNotContain(redis.password());
        }
    }

    @Test
    void aHungBrokerStillGetsTheLocalScanAndTheBrokerCheckSaysHowLongItWaited() {
        try (FakeTcpServer hung = FakeTcpServer.silentAfter(0)) {
            Run run = diagnose(4, "-b", "redis://127.0.0.1:" + hung.port() + "/0");

            assertThat(run.result().exitCode()).as(run.result().describe()).isEqualTo(4);
            assertThat(run.check("local_processes").get("status").asText()).isEqualTo("completed");
            JsonNode broker = run.finding("broker");
            assertThat(broker.get("id").asText()).isEqualTo("broker_unreachable");
            // Connecting gave up before the deadline, leaving the broker check time to report it.
            assertThat(broker.get("evidence").get("connect_ms").asDouble()).isGreaterThan(100).isLessThan(4000);
        }
    }

    @Test
    void aSilentFlowerIsCriticalWhicheverDeadlineEndedTheWait() {
        try (FakeTcpServer flower = FakeTcpServer.silentAfter(0);
             FakeTcpServer broker = FakeTcpServer.closeAtOnce()) {
            String token = "FlowerPw" + ThreadLocalRandom.current().nextInt(1_000_000);
            String url = "http://admin:" + token + "@127.0.0.1:" + flower.port() + "/";

            Run byFlowerTimeout = diagnose(4, "--no-local-scan", "-b", "redis://127.0.0.1:" + broker.port() + "/0",
                    "--flower", url, "--flower-timeout", "1");
            Run byDeadline = diagnose(2, "--no-local-scan", "-b", "redis://127.0.0.1:" + broker.port() + "/0",
                    "--flower", url, "--flower-timeout", "30");

            for (Run run : List.of(byFlowerTimeout, byDeadline)) {
                JsonNode finding = run.finding("flower http://admin:****@127.0.0.1:" + flower.port() + "/");
                assertThat(finding.get("id").asText()).isEqualTo("flower_no_response");
                assertThat(finding.get("severity").asText()).isEqualTo("critical");
                assertThat(run.everything()).doesNotContain(token);
            }
            assertThat(byDeadline.finding("flower http://admin:****@127.0.0.1:" + flower.port() + "/")
                    .get("summary").asText()).contains("the run's deadline cut the 30.0 s Flower timeout short");
        }
    }

    @Test
    void flowerAnswersFollowTheOneFlowerRule() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (int status : new int[] {200, 401, 403, 404, 500}) {
            http.createContext("/" + status, exchange -> {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
        }
        http.start();
        try (FakeTcpServer broker = FakeTcpServer.closeAtOnce()) {
            String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
            List<String> args = new ArrayList<>(List.of("--no-local-scan", "-b",
                    "redis://127.0.0.1:" + broker.port() + "/0", "--slow", "2"));
            for (int status : new int[] {200, 401, 403, 404, 500}) {
                args.addAll(List.of("--flower", base + status));
            }

            Run run = diagnose(5, args.toArray(String[]::new));

            Map<Integer, String> expected = Map.of(200, "flower_ok ok", 401, "flower_ok ok", 403, "flower_ok ok",
                    404, "flower_http_error warn", 500, "flower_http_error warn");
            expected.forEach((status, idAndSeverity) -> {
                JsonNode finding = run.finding("flower " + base + status);
                assertThat(finding.get("id").asText() + " " + finding.get("severity").asText()).as("HTTP " + status)
                        .isEqualTo(idAndSeverity);
                assertThat(run.check("flower " + base + status).get("decided").asBoolean()).isTrue();
            });
            assertThat(run.finding("flower " + base + "404").get("summary").asText())
                    .contains("answers, but not like Flower's /healthcheck: HTTP 404");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aMissingQueueOnRabbitMqIsNotFound() {
        try (RabbitVhost vhost = RabbitVhost.create()) {
            Run run = diagnose(6, "--no-local-scan", "-b", vhost.amqpUrl(), "--queue", "no-such-queue");

            JsonNode finding = run.finding("queues");
            assertThat(finding.get("id").asText()).isEqualTo("queue_not_found");
            assertThat(finding.get("summary").asText()).contains("Queue no-such-queue was not found on the broker");
            assertThat(run.doc().get("queues").get(0).get("exists").asBoolean(true)).isFalse();
            assertThat(vhost.queues()).doesNotContain("no-such-queue");
        }
    }

    @Test
    void aCheckTurnedOffIsNotRequestedAndDoesNotFailAHealthyRun() {
        try (PrivateRedisServer redis = PrivateRedisServer.start();
             CeleryCluster cluster = CeleryCluster.start(redis.url(3), CeleryPool.PREFORK)) {
            Run run = diagnose(12, "--no-local-scan", "--slow", "1.0", "-b", redis.url(3));

            assertExit(run, 0, "passed");
            JsonNode local = run.check("local_processes");
            assertThat(local.get("status").asText()).isEqualTo("not_requested");
            assertThat(local.get("reason").asText()).isEqualTo("--no-local-scan");
            assertThat(run.check("flower").get("status").asText()).isEqualTo("not_requested");
            assertThat(run.doc().get("summary").get("not_decided").asInt()).isZero();
            assertThat(run.doc().get("summary").get("not_requested").asInt()).isEqualTo(2);
            assertThat(run.junit()).contains("not requested: --no-local-scan");
            assertThat(run.everything()).doesNotContain(redis.password());
        }
    }

    private static void rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        CommandResult result = CommandRunner.run(command, Map.of(), Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }
}
