package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.FakeTcpServer;
import io.celerymon.testsupport.RabbitVhost;
import io.celerymon.testsupport.RunningCommand;
import io.celerymon.testsupport.SilentTcpServer;
import io.celerymon.testsupport.StallingTcpProxy;
import io.celerymon.testsupport.WallMargin;
import io.celerymon.testsupport.StallingTcpProxy.Direction;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ that answers slowly, stalls mid-call, is silent or is not RabbitMQ at all, reached
 * through a real proxy in front of the real broker: every command ends within its deadline plus
 * the documented margin, with the documented exit code and one line that names the cause.
 */
class AmqpFailureIT {

    /** README's deadline contract (0.3 s past -t), with a loaded CI host's slack (see WallMargin). */
    private static final long MARGIN_MS = WallMargin.LOADED_CI_MS;
    private static final String PASSWORD = "guest";

    private static RabbitVhost vhost;

    @BeforeAll
    static void createVhost() {
        vhost = RabbitVhost.create();
    }

    @AfterAll
    static void removeVhost() {
        if (vhost != null) {
            vhost.close();
        }
    }

    private static String throughProxy(StallingTcpProxy proxy) {
        return "amqp://guest:" + PASSWORD + "@127.0.0.1:" + proxy.port() + "/" + vhostPath();
    }

    private static String vhostPath() {
        return URLEncoder.encode(vhost.name(), StandardCharsets.UTF_8);
    }

    private static CommandResult celerymon(String... args) {
        return CelerymonProcess.of(args).run();
    }

    private static void assertWithin(CommandResult result, long timeoutMillis) {
        assertThat(result.wallMillis()).as(result.describe()).isLessThanOrEqualTo(timeoutMillis + MARGIN_MS);
    }

    private static void assertOneLine(CommandResult result, int exit) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exit);
        assertThat(result.stderr().strip().lines()).as(result.describe()).hasSize(1);
        assertThat(result.stderr()).startsWith("celerymon: ").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("guest:" + PASSWORD + "@");
    }

    @Test
    void aSlowHandshakeGetsAllTheTimeLeftNotHalfOfIt() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (StallingTcpProxy proxy = StallingTcpProxy.to("127.0.0.1", 5672)) {
            // RabbitMQ's first frame reaches the client 2.5 s after it connected: a far broker, a slow TLS proxy.
            proxy.stall(Direction.DOWNSTREAM);
            RunningCommand run = CelerymonProcess.of("status", "-t", "5", "-j", "-b", throughProxy(proxy)).startAsync();
            assertThat(proxy.awaitAccepted(5000)).isTrue();
            timer.schedule(() -> proxy.resume(Direction.DOWNSTREAM), 2500, TimeUnit.MILLISECONDS);
            CommandResult result = run.await(Duration.ofSeconds(20));
            // Connected: no worker in this vhost answers, which is exit 3, not "unreachable" (4).
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
            assertThat(result.stdout()).contains("\"broker\"").contains(":" + proxy.port() + "/");
            assertWithin(result, 5000);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aHandshakeSlowerThanTheDeadlineFailsAtTheDeadline() {
        try (StallingTcpProxy proxy = StallingTcpProxy.to("127.0.0.1", 5672)) {
            proxy.stall(Direction.DOWNSTREAM);
            CommandResult result = celerymon("status", "-t", "2", "-b", throughProxy(proxy));
            assertOneLine(result, 4);
            assertThat(result.stderr()).contains("timed out");
            assertWithin(result, 2000);
        }
    }

    @Test
    void aBrokerStalledMidCallEndsTheCommandWithinItsDeadline() throws Exception {
        // The first declare after the handshake never arrives, and nothing comes back.
        try (StallingTcpProxy proxy = StallingTcpProxy.to("127.0.0.1", 5672)
                .stallWhenClientSends("reply.celery.pidbox")) {
            CommandResult result = celerymon("status", "-t", "2", "-b", throughProxy(proxy));
            assertThat(proxy.awaitStalled(0)).isTrue();
            assertOneLine(result, 4);
            assertThat(result.stderr()).contains("declaring exchange 'reply.celery.pidbox': timed out");
            assertWithin(result, 2000);
        }
    }

    @Test
    void aBrokerStalledAtThePublishEndsTheCommandWithinItsDeadlineAndLeavesNoQueue() throws Exception {
        // The reply queue is set up, then the control message (its body names the method) is held.
        try (StallingTcpProxy proxy = StallingTcpProxy.to("127.0.0.1", 5672).stallWhenClientSends("ping")) {
            CommandResult result = celerymon("inspect", "ping", "-t", "2", "-b", throughProxy(proxy));
            assertThat(proxy.awaitStalled(0)).isTrue();
            assertThat(result.exitCode()).as(result.describe()).isIn(3, 4);
            assertWithin(result, 2000);
        }
        // Closing the proxy dropped the broker side of the connection: its exclusive reply queue goes with it.
        assertThat(queuesSettled()).as("queues left in " + vhost.name()).isEmpty();
    }

    @Test
    void eventsAgainstASilentPortEndsWithinItsDeadline() {
        try (SilentTcpServer silent = SilentTcpServer.start()) {
            CommandResult result = celerymon("events", "-t", "2", "-o", "ndjson",
                    "-b", "amqp://guest:" + PASSWORD + "@127.0.0.1:" + silent.port() + "//");
            assertOneLine(result, 4);
            assertThat(result.stderr()).contains("timed out");
            assertWithin(result, 2000);
        }
    }

    @Test
    void aHungFirstEntryOfAFailoverListLeavesTheSecondItsShare() {
        try (SilentTcpServer silent = SilentTcpServer.start()) {
            String hung = "amqp://guest:" + PASSWORD + "@127.0.0.1:" + silent.port() + "/" + vhostPath();
            String healthy = vhost.amqpUrl();
            CommandResult result = celerymon("status", "-t", "4", "-j", "-b", hung + ";" + healthy);
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
            // The report names the entry that answered.
            assertThat(result.stdout()).contains("127.0.0.1:5672/");
            assertThat(silent.acceptedCount()).isEqualTo(1);
            assertWithin(result, 4000);
        }
    }

    @Test
    void whenEveryEntryFailsTheLineSaysWhyForEach() throws Exception {
        int refused;
        try (ServerSocket probe = new ServerSocket(0)) {
            refused = probe.getLocalPort();
        }
        try (SilentTcpServer silent = SilentTcpServer.start()) {
            CommandResult result = celerymon("status", "-t", "2", "-b",
                    "amqp://guest:" + PASSWORD + "@127.0.0.1:" + silent.port() + "//;amqp://guest:" + PASSWORD
                            + "@127.0.0.1:" + refused + "//");
            assertOneLine(result, 4);
            assertThat(result.stderr()).contains(silent.port() + "//: timed out")
                    .contains(refused + "//: connection refused");
            assertWithin(result, 2000);
        }
    }

    @Test
    void aServerThatIsNotRabbitMqIsNamedPlainly() {
        try (FakeTcpServer http = FakeTcpServer.answerThenClose("HTTP/1.1 400 Bad Request\r\n\r\n")) {
            CommandResult result = celerymon("status", "-t", "2",
                    "-b", "amqp://guest:" + PASSWORD + "@127.0.0.1:" + http.port() + "//");
            assertOneLine(result, 4);
            assertThat(result.stderr()).doesNotContainPattern("\\(\\w+Exception\\)");
            assertWithin(result, 2000);
        }
    }

    /** The vhost's queues once the broker has noticed the dropped connection (a few listings at most). */
    private static java.util.Set<String> queuesSettled() {
        java.util.Set<String> queues = vhost.queues();
        for (int i = 0; i < 5 && !queues.isEmpty(); i++) {
            queues = vhost.queues();
        }
        return queues;
    }
}
