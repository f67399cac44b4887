package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.PrivateRedisServer;
import io.celerymon.testsupport.RabbitVhost;
import io.celerymon.testsupport.SilentTcpServer;
import io.celerymon.testsupport.WallMargin;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Bad input and broken brokers: one clear line on stderr, the documented exit code, no stack
 * trace, no password anywhere, and never longer than the deadline plus a small margin.
 */
class FailureModesIT {

    private static final long MARGIN_MS = WallMargin.LOADED_CI_MS;

    private static CommandResult celerymon(String... args) {
        return CelerymonProcess.of(args).run();
    }

    private static void assertOneCleanLine(CommandResult result, int exit, String... secrets) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exit);
        assertThat(result.stderr().strip().lines()).as(result.describe()).hasSize(1);
        assertThat(result.stderr()).startsWith("celerymon: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String secret : secrets) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(secret);
        }
    }

    @Test
    void wrongRedisPasswordIsExit5WithoutThePassword() {
        try (PrivateRedisServer redis = PrivateRedisServer.start()) {
            String wrong = "Wr0ngPassw0rd-" + redis.port();
            CommandResult result = celerymon("inspect", "ping", "-t", "2",
                    "-b", "redis://:" + wrong + "@127.0.0.1:" + redis.port() + "/1");
            assertOneCleanLine(result, 5, wrong, redis.password());
            assertThat(result.stderr()).contains("redis://:****@127.0.0.1:" + redis.port() + "/1")
                    .contains("authentication");
        }
    }

    @Test
    void missingRedisPasswordIsExit5() {
        try (PrivateRedisServer redis = PrivateRedisServer.start()) {
            CommandResult result = celerymon("inspect", "ping", "-t", "2", "-b", redis.urlWithoutPassword(1));
            assertOneCleanLine(result, 5, redis.password());
        }
    }

    @Test
    void rightPasswordButNoWorkersIsExit3() {
        try (PrivateRedisServer redis = PrivateRedisServer.start()) {
            CommandResult result = celerymon("inspect", "ping", "-t", "2", "-b", redis.url(1));
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
            assertThat(result.stdout() + result.stderr()).doesNotContain(redis.password());
        }
    }

    @Test
    void wrongAmqpPasswordIsExit5WithoutThePassword() {
        String wrong = "N0tGuestPw-" + System.nanoTime();
        CommandResult result = celerymon("inspect", "ping", "-t", "3",
                "-b", "amqp://guest:" + wrong + "@127.0.0.1:5672//");
        assertOneCleanLine(result, 5, wrong);
    }

    @Test
    void amqpVhostWithoutPermissionIsExit5() {
        try (RabbitVhost vhost = RabbitVhost.create()) {
            String url = vhost.amqpUrl().replace("/" + vhost.name(), "/" + vhost.name() + "-nonexistent");
            CommandResult result = celerymon("inspect", "ping", "-t", "3", "-b", url);
            assertOneCleanLine(result, 5, "guest:guest");
        }
    }

    @Test
    void refusedPortIsExit4() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertOneCleanLine(celerymon("inspect", "ping", "-t", "1", "-b", "redis://127.0.0.1:" + port + "/0"), 4);
        assertOneCleanLine(celerymon("inspect", "ping", "-t", "1", "-b", "amqp://guest:guest@127.0.0.1:" + port + "//"),
                4, "guest:guest");
    }

    @Test
    void silentBrokerIsExit4WithinTheDeadline() {
        try (SilentTcpServer silent = SilentTcpServer.start()) {
            for (String url : new String[] {"redis://:S1lentSecret@127.0.0.1:" + silent.port() + "/0",
                "amqp://guest:S1lentSecret@127.0.0.1:" + silent.port() + "//"}) {
                CommandResult result = celerymon("inspect", "ping", "-t", "1", "-b", url);
                assertOneCleanLine(result, 4, "S1lentSecret");
                assertThat(result.stderr()).containsPattern("time|deadline");
                assertThat(result.wallMillis()).as(result.describe()).isLessThanOrEqualTo(1000 + MARGIN_MS);
            }
        }
    }

    @Test
    void unknownHostIsExit4() {
        assertOneCleanLine(celerymon("inspect", "ping", "-t", "2", "-b", "redis://no-such-host.invalid:6379/0"), 4);
    }

    @Test
    void malformedUrlIsAUsageErrorWithoutThePassword() {
        assertOneCleanLine(celerymon("inspect", "ping", "-b", "redis://:Hidd3nPw@127.0.0.1:notaport/1"), 2, "Hidd3nPw");
        assertOneCleanLine(celerymon("inspect", "ping", "-b", "kafka://u:Hidd3nPw@h:1"), 2, "Hidd3nPw");
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertOneCleanLine(celerymon("inspect", "nosuchmethod"), 2);
        assertOneCleanLine(celerymon("inspect", "ping", "-t", "0"), 2);
        assertOneCleanLine(celerymon("inspect", "ping", "--matcher", "regex", "--pattern", "x"), 2);
        assertOneCleanLine(celerymon("inspect", "ping", "-o", "yaml"), 2);
        assertOneCleanLine(celerymon("inspect", "query_task"), 2);
        assertOneCleanLine(celerymon("--no-such-option"), 2);
    }
}
