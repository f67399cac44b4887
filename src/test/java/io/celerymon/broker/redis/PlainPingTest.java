package io.celerymon.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.Deadline;
import io.celerymon.testsupport.FakeTcpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainPingTest {

    private static String describe(String answer) {
        return PlainPing.describe(answer.getBytes(StandardCharsets.ISO_8859_1)).orElse("<redis>");
    }

    @Test
    void redisAnswersAreNotDescribed() {
        assertThat(describe("+PONG\r\n")).isEqualTo("<redis>");
        assertThat(describe("-NOAUTH Authentication required.\r\n")).isEqualTo("<redis>");
        assertThat(describe("-ERR unknown command\r\n")).isEqualTo("<redis>");
    }

    @Test
    void otherServersAreQuotedByTheirFirstWords() {
        assertThat(describe("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))
                .isEqualTo("not a Redis server: it answered 'HTTP/1.1 400'");
        assertThat(describe("SSH-2.0-OpenSSH_9.2p1 Debian\r\n")).isEqualTo("not a Redis server: it answered"
                + " 'SSH-2.0-OpenSSH_9.2p1 Debian'");
        assertThat(describe("AMQP\0\0\t\1")).isEqualTo("not a Redis server: it answered 'AMQP????'");
    }

    @Test
    void anEchoATlsAlertAndASilentCloseAreNamed() {
        assertThat(describe("PING\r\n")).startsWith("not a Redis server: it sent the request back unchanged");
        assertThat(PlainPing.describe(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32})).hasValue(
                "the server speaks TLS (use rediss://)");
        assertThat(describe("")).startsWith("the server closed the connection without answering");
    }

    @Test
    void realServers() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(2));
        try (FakeTcpServer http = FakeTcpServer.answerThenClose("HTTP/1.1 400 Bad Request\r\n\r\n");
                FakeTcpServer echo = FakeTcpServer.echo();
                FakeTcpServer closing = FakeTcpServer.closeAtOnce();
                FakeTcpServer silent = FakeTcpServer.silentAfter(0)) {
            assertThat(PlainPing.notRedis("127.0.0.1", http.port(), deadline))
                    .hasValue("not a Redis server: it answered 'HTTP/1.1 400'");
            assertThat(PlainPing.notRedis("127.0.0.1", echo.port(), deadline)).get().asString()
                    .contains("sent the request back");
            assertThat(PlainPing.notRedis("127.0.0.1", closing.port(), deadline)).get().asString()
                    .startsWith("the server closed the connection without answering");
            long start = System.nanoTime();
            assertThat(PlainPing.notRedis("127.0.0.1", silent.port(), Deadline.in(Duration.ofMillis(200)))).isEmpty();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        }
    }
}
