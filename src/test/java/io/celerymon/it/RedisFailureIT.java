package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.FakeTcpServer;
import io.celerymon.testsupport.PrivateRedisServer;
import io.celerymon.testsupport.RunningCommand;
import io.celerymon.testsupport.WallMargin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis that fails in the ways issue 11 found (a hung failover entry, paused writes, a pause in
 * the middle of a call, a server that is not Redis, errors only the server can name): each run
 * ends within its deadline plus the margin, with its documented exit code and one line naming the
 * cause in the server's words, and prints no password. Needs no worker and no shared Redis: every
 * server is the test's own, stopped at its end.
 */
class RedisFailureIT {

    /** The deadline contract (-t plus 0.3 s, JVM start-up included), with a loaded CI host's slack (see WallMargin). */
    private static final long MARGIN_MS = WallMargin.LOADED_CI_MS;
    private static final String REPLY_BINDINGS = "_kombu.binding.reply.celery.pidbox";

    private static CommandResult celerymon(String... args) {
        return CelerymonProcess.of(args).run();
    }

    private static void assertOneLine(CommandResult result, int exit, String line, String... secrets) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exit);
        assertThat(result.stderr().strip()).as(result.describe()).isEqualTo(line);
        assertNoSecret(result, secrets);
    }

    private static void assertNoSecret(CommandResult result, String... secrets) {
        for (String secret : secrets) {
            assertThat(result.stdout() + result.stderr()).as(result.describe()).doesNotContain(secret);
        }
    }

    private static void assertWithin(CommandResult result, long timeoutMs) {
        assertThat(result.wallMillis()).as(result.describe()).isLessThanOrEqualTo(timeoutMs + MARGIN_MS);
    }

    private static void assertStopped(PrivateRedisServer... servers) {
        for (PrivateRedisServer server : servers) {
            assertThat(server.isAlive()).as("redis-server :" + server.port() + " stopped").isFalse();
        }
    }

    private static String masked(PrivateRedisServer redis, int db) {
        return "redis://:****@127.0.0.1:" + redis.port() + "/" + db;
    }

    @Test
    void aHungFirstEntryFailsOverToTheHealthySecondWithinTheDeadline() {
        PrivateRedisServer healthy = PrivateRedisServer.start();
        try (healthy; FakeTcpServer hung = FakeTcpServer.silentAfter(0)) {
            String list = "redis://:" + healthy.password() + "@127.0.0.1:" + hung.port() + "/9;" + healthy.url(3);
            CommandResult result = celerymon("status", "-t", "3", "-b", list);
            // 3: the healthy Redis answered and no worker did, instead of 4 for the hung entry.
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
            assertThat(hung.acceptedCount()).as("the hung entry was tried first").isPositive();
            assertWithin(result, 3000);
            assertNoSecret(result, healthy.password());
        }
        assertStopped(healthy);
    }

    @Test
    void whenEveryEntryFailsEachOneIsNamedInOrder() {
        try (FakeTcpServer first = FakeTcpServer.silentAfter(0); FakeTcpServer second = FakeTcpServer.closeAtOnce()) {
            String list = "redis://:F4ilSecret@127.0.0.1:" + first.port() + "/9;redis://127.0.0.1:" + second.port() + "/3";
            CommandResult result = celerymon("status", "-t", "2", "-b", list);
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(4);
            assertThat(result.stderr().strip().lines()).hasSize(1);
            assertThat(result.stderr()).startsWith("celerymon: redis://:****@127.0.0.1:" + first.port()
                    + "/9: no answer in time while trying to connect; redis://127.0.0.1:" + second.port() + "/3: ");
            assertWithin(result, 2000);
            assertNoSecret(result, "F4ilSecret");
        }
    }

    @Test
    void pausedWritesEndTheCallAtItsDeadline() {
        PrivateRedisServer redis = PrivateRedisServer.start();
        try (redis) {
            assertThat(redis.command("CLIENT", "PAUSE", "30000", "WRITE")).isEqualTo("+OK");
            CommandResult result = celerymon("status", "-t", "2", "-b", redis.url(0));
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(4);
            assertThat(result.stderr()).as(result.describe()).startsWith("celerymon: " + masked(redis, 0)
                    + ": no answer in time while trying to register the reply queue");
            assertWithin(result, 2000);
            assertNoSecret(result, redis.password());
        }
        assertStopped(redis);
    }

    @Test
    void aPauseInTheMiddleOfTheCallEndsItAtItsDeadline() throws IOException {
        PrivateRedisServer redis = PrivateRedisServer.start();
        try (redis; PidboxListener listener = PidboxListener.on(redis)) {
            RunningCommand run = CelerymonProcess.of("status", "-t", "5", "-b", redis.url(0)).startAsync();
            listener.awaitBroadcast(Duration.ofSeconds(5));
            assertThat(redis.command("CLIENT", "PAUSE", "30000", "ALL")).isEqualTo("+OK");
            CommandResult result = run.await(Duration.ofSeconds(30));
            // 3 when the server's own BRPOP timeout still came back (Redis serves it while paused),
            // 4 when it did not: either way, by the deadline.
            assertThat(result.exitCode()).as(result.describe()).isIn(3, 4);
            assertWithin(result, 5000);
            assertThat(result.stderr()).doesNotContain("Exception");
            assertNoSecret(result, redis.password());
        }
        assertStopped(redis);
    }

    @Test
    void sigtermInTheMiddleOfTheCallIs143WithNoErrorLineAndNoLeftover() throws IOException {
        PrivateRedisServer redis = PrivateRedisServer.start();
        try (redis; PidboxListener listener = PidboxListener.on(redis)) {
            RunningCommand run = CelerymonProcess.of("status", "-t", "10", "-b", redis.url(0)).startAsync();
            listener.awaitBroadcast(Duration.ofSeconds(10));
            run.signal("TERM");
            CommandResult result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(143);
            assertThat(result.stderr()).as(result.describe()).isEmpty();
            assertThat(redis.command("SMEMBERS", REPLY_BINDINGS)).isEqualTo(List.of());
        }
        assertStopped(redis);
    }

    @Test
    void anOutOfRangeDbIsTheServersOwnWords() {
        PrivateRedisServer redis = PrivateRedisServer.start();
        try (redis) {
            CommandResult result = celerymon("status", "-t", "2", "-b", redis.url(16));
            assertOneLine(result, 4, "celerymon: " + masked(redis, 16)
                    + ": Redis error while trying to connect: ERR DB index is out of range", redis.password());
            assertWithin(result, 2000);
        }
        assertStopped(redis);
    }

    @Test
    void aPasswordForAServerWithoutOneSaysSo() {
        PrivateRedisServer redis = PrivateRedisServer.startWithoutPassword();
        try (redis) {
            String url = "redis://:N0PwNeeded@127.0.0.1:" + redis.port() + "/0";
            CommandResult result = celerymon("status", "-t", "2", "-b", url);
            assertOneLine(result, 5, "celerymon: redis://:****@127.0.0.1:" + redis.port() + "/0: authentication"
                    + " refused: the server has no password set (remove the password from the broker URL)", "N0PwNeeded");
            assertWithin(result, 2000);
        }
        assertStopped(redis);
    }

    @Test
    void aWrongPasswordSaysWrongPassword() {
        PrivateRedisServer redis = PrivateRedisServer.start();
        try (redis) {
            String url = "redis://:Wr0ngPw-" + redis.port() + "@127.0.0.1:" + redis.port() + "/0";
            CommandResult result = celerymon("status", "-t", "2", "-b", url);
            assertOneLine(result, 5, "celerymon: " + masked(redis, 0) + ": authentication refused: wrong password",
                    "Wr0ngPw-", redis.password());
            assertWithin(result, 2000);
        }
        assertStopped(redis);
    }

    @Test
    void aSentinelUrlAtAPlainRedisSaysSo() {
        PrivateRedisServer redis = PrivateRedisServer.startWithoutPassword();
        try (redis) {
            CommandResult result = celerymon("status", "-t", "3", "--sentinel-master", "mymaster",
                    "-b", "sentinel://127.0.0.1:" + redis.port() + "/0");
            assertOneLine(result, 4, "celerymon: sentinel://127.0.0.1:" + redis.port() + "/0: not a Redis Sentinel"
                    + " (it answered: ERR unknown command 'SENTINEL'); a plain Redis takes a redis:// URL");
            assertWithin(result, 3000);
        }
        assertStopped(redis);
    }

    @Test
    void outOfMemoryIsQuotedWhole() {
        PrivateRedisServer redis = PrivateRedisServer.start("pw-oom-" + System.nanoTime(), "--maxmemory", "1");
        try (redis) {
            CommandResult result = celerymon("status", "-t", "2", "-b", redis.url(0));
            assertOneLine(result, 4, "celerymon: " + masked(redis, 0) + ": Redis error while trying to register the"
                    + " reply queue: OOM command not allowed when used memory > 'maxmemory'", redis.password());
            assertWithin(result, 2000);
        }
        assertStopped(redis);
    }

    @Test
    void serversThatAreNotRedisAreNamedInPlainWords() {
        try (FakeTcpServer echo = FakeTcpServer.echo();
                FakeTcpServer http = FakeTcpServer.answerThenClose("HTTP/1.1 400 Bad Request\r\n\r\n");
                FakeTcpServer closing = FakeTcpServer.closeAtOnce()) {
            String[][] cases = {
                {echo.hostPort(), "not a Redis server: it sent the request back unchanged (an echo service?)"},
                {http.hostPort(), "not a Redis server: it answered 'HTTP/1.1 400'"},
                {closing.hostPort(), "the server closed the connection without answering (is it a Redis server?)"},
            };
            for (String[] c : cases) {
                CommandResult result = celerymon("status", "-t", "2", "-b", "redis://:N0tRedisPw@" + c[0] + "/0");
                assertOneLine(result, 4, "celerymon: redis://:****@" + c[0] + "/0: " + c[1], "N0tRedisPw");
                assertWithin(result, 2000);
            }
        }
    }

    /**
     * A raw PSUBSCRIBE to every channel of a private Redis, standing in for a worker's pidbox: it
     * makes PUBLISH count one receiver (so the call waits for a reply) and tells when the control
     * message went out.
     */
    private static final class PidboxListener implements AutoCloseable {
        private final Socket socket;

        private PidboxListener(Socket socket) {
            this.socket = socket;
        }

        static PidboxListener on(PrivateRedisServer redis) throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), redis.port());
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("AUTH " + redis.password() + "\r\nPSUBSCRIBE *\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            PidboxListener listener = new PidboxListener(socket);
            listener.readUntil("psubscribe");
            return listener;
        }

        /** Returns once a published message reached the pattern subscription. */
        void awaitBroadcast(Duration limit) throws IOException {
            socket.setSoTimeout((int) limit.toMillis());
            readUntil("pmessage");
        }

        private void readUntil(String marker) throws IOException {
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (seen.indexOf(marker) < 0) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IOException("the subscription closed before '" + marker + "': " + seen);
                }
                seen.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
