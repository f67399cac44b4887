package io.celerymon.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a call on a stalled connection ends at its deadline, and what the way out then skips. */
class ChannelCallsTest {

    private static final BrokerUrl URL = new BrokerUrl("amqp", "127.0.0.1", 5672, "guest", "guest", "/");
    private static final Duration DEADLINE = Duration.ofMillis(200);
    /** Scheduling slack on a loaded machine. */
    private static final long SLACK_MILLIS = 300;

    private final DeadlineGuard guard = new DeadlineGuard();
    private final Connection connection = mock(Connection.class);
    private final Channel channel = mock(Channel.class);
    private ServerSocket server;
    private Socket socket;
    private Socket peer;
    private ChannelCalls calls;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        peer = server.accept();
        calls = new ChannelCalls(URL, connection, socket, guard);
    }

    @AfterEach
    void close() throws IOException {
        guard.close();
        socket.close();
        peer.close();
        server.close();
    }

    @Test
    void aCallThatOutlivesItsDeadlineIsATimeoutAndMarksTheConnectionStalled() throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        doAnswer(invocation -> {
            aborted.countDown();
            return null;
        }).when(channel).abort();
        long start = System.nanoTime();
        assertThatThrownBy(() -> calls.run(channel, Deadline.in(DEADLINE), "declaring queue 'q'", () -> {
            aborted.await(10, TimeUnit.SECONDS);
            throw new IOException("channel aborted");
        })).isInstanceOf(BrokerUnreachableException.class)
                .hasMessage("amqp://guest:****@127.0.0.1:5672//: declaring queue 'q': timed out (no answer before the deadline)");
        assertThat(millisSince(start)).isLessThan(DEADLINE.toMillis() + SLACK_MILLIS);
        assertThat(calls.stalled()).isTrue();
    }

    @Test
    void aWriteThatAbortingTheChannelCannotFreeIsFreedByClosingTheSocket() {
        // The channel's abort would have to write too: it frees nothing. The blocked call is a read here.
        long start = System.nanoTime();
        assertThatThrownBy(() -> calls.run(channel, Deadline.in(DEADLINE), "publishing", () -> socket.getInputStream().read()))
                .isInstanceOf(BrokerUnreachableException.class).hasMessageContaining("publishing: timed out");
        assertThat(millisSince(start)).isLessThan(DEADLINE.toMillis()
                + DeadlineGuard.LAST_RESORT_GRACE_NANOS / 1_000_000 + SLACK_MILLIS);
        assertThat(socket.isClosed()).isTrue();
    }

    @Test
    void aCallStartedAfterItsDeadlineDoesNotCountAsAStall() {
        assertThatThrownBy(() -> calls.run(channel, Deadline.in(Duration.ZERO), "declaring queue 'q'", () -> null))
                .isInstanceOf(BrokerUnreachableException.class);
        assertThat(calls.stalled()).isFalse();
    }

    @Test
    void onAHealthyConnectionTheQueueIsRemovedPolitely() throws Exception {
        when(channel.isOpen()).thenReturn(true);
        calls.removeQueue(channel, "tag", "q");
        verify(channel).basicCancel("tag");
        verify(channel).queueDelete("q");
        verify(channel).close();
    }

    @Test
    void onAStalledConnectionTheWayOutWaitsForNothing() throws Exception {
        stall();
        when(channel.isOpen()).thenReturn(true);
        long start = System.nanoTime();
        calls.removeQueue(channel, "tag", "q");
        calls.closeQuietly(channel);
        calls.closeConnection();
        assertThat(millisSince(start)).isLessThan(ChannelCalls.CLOSE_BUDGET.toMillis() + SLACK_MILLIS);
        verify(channel, never()).basicCancel(anyString());
        verify(channel, never()).queueDelete(anyString());
        verify(channel, never()).close();
        assertThat(socket.isClosed()).isTrue();
        verify(connection).abort(anyInt());
    }

    private void stall() {
        assertThatThrownBy(() -> calls.run(channel, Deadline.in(Duration.ofMillis(50)), "x",
                () -> socket.getInputStream().read())).isInstanceOf(BrokerUnreachableException.class);
        assertThat(calls.stalled()).isTrue();
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
