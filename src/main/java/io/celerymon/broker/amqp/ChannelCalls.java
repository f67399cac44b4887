package io.celerymon.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs operations on one connection's channels under a deadline and turns their failures into
 * {@link BrokerException}s. A call that outlives its deadline gets its channel aborted (and, if
 * even that does not free it, its socket closed). Once a call has been cut off, the connection
 * counts as stalled: the clean-up on the way out then skips every step that would wait for the
 * broker, since the broker removes celerymon's exclusive queues when the connection drops.
 */
final class ChannelCalls {

    /**
     * How long the clean-up of one queue (cancel, delete, close the channel) or of the connection
     * may take in all. Clean-up runs after the command's deadline, inside its 0.3 s margin.
     */
    static final Duration CLOSE_BUDGET = Duration.ofMillis(120);

    private final BrokerUrl url;
    private final Connection connection;
    private final Socket socket;
    private final DeadlineGuard guard;
    private final AtomicBoolean stalled = new AtomicBoolean();

    ChannelCalls(BrokerUrl url, Connection connection, Socket socket, DeadlineGuard guard) {
        this.url = url;
        this.connection = connection;
        this.socket = socket;
        this.guard = guard;
    }

    BrokerUrl url() {
        return url;
    }

    /** Opens a new channel. */
    Channel open(Deadline deadline) {
        Channel channel = mapped("opening a channel", () -> guarded(deadline, this::dropSocket, null,
                connection::createChannel));
        if (channel == null) {
            throw new BrokerProtocolException(url.masked() + ": opening a channel: the broker's channel limit is reached",
                    null);
        }
        return channel;
    }

    /** Runs {@code call} on {@code channel}; failures are mapped, naming {@code action}. */
    <T> T run(Channel channel, Deadline deadline, String action, DeadlineGuard.BlockingCall<T> call) {
        return mapped(action, () -> raw(channel, deadline, call));
    }

    /** Like {@link #run} but hands back the client's own exception, for callers that inspect it. */
    <T> T raw(Channel channel, Deadline deadline, DeadlineGuard.BlockingCall<T> call) throws Exception {
        return guarded(deadline, () -> abortQuietly(channel), this::dropSocket, call);
    }

    /** Whether a call on this connection was cut off at its deadline. */
    boolean stalled() {
        return stalled.get();
    }

    private <T> T guarded(Deadline deadline, Runnable breakIt, Runnable lastResort, DeadlineGuard.BlockingCall<T> call)
            throws Exception {
        boolean startedInTime = !deadline.expired();
        try {
            return guard.call(deadline, breakIt, lastResort, call);
        } catch (TimeoutException e) {
            if (startedInTime) {
                stalled.set(true);
            }
            throw e;
        }
    }

    BrokerException map(String action, Throwable error) {
        return AmqpErrors.map(url, action, error);
    }

    /**
     * Cancels the consumer (if any), deletes the queue and closes the channel, within
     * {@link #CLOSE_BUDGET}; best effort, because celerymon's queues are auto-delete and expire,
     * so a broker that does not answer removes them anyway.
     */
    void removeQueue(Channel channel, String consumerTag, String queueName) {
        if (stalled()) {
            return;
        }
        Deadline deadline = Deadline.in(CLOSE_BUDGET);
        try {
            if (consumerTag != null) {
                raw(channel, deadline, () -> {
                    channel.basicCancel(consumerTag);
                    return null;
                });
            }
            raw(channel, deadline, () -> channel.queueDelete(queueName));
        } catch (Exception ignored) {
            // see above: the broker removes the queue without us
        }
        closeQuietly(channel, deadline);
    }

    /** Closes {@code channel} within {@link #CLOSE_BUDGET}; ignores every failure. */
    void closeQuietly(Channel channel) {
        closeQuietly(channel, Deadline.in(CLOSE_BUDGET));
    }

    private void closeQuietly(Channel channel, Deadline deadline) {
        if (channel == null || !channel.isOpen() || stalled()) {
            return;
        }
        try {
            raw(channel, deadline, () -> {
                channel.close();
                return null;
            });
        } catch (Exception ignored) {
            // closing is best effort: the broker drops the channel with the connection anyway
        }
    }

    /**
     * Closes the connection within {@link #CLOSE_BUDGET}: politely when it works, by dropping the
     * socket when a call on it was cut off (a polite close would queue behind the stuck call).
     */
    void closeConnection() {
        if (stalled()) {
            dropSocket();
        }
        Deadline deadline = Deadline.in(CLOSE_BUDGET);
        try {
            guard.call(deadline, this::dropSocket, null, () -> {
                connection.abort((int) Math.max(1, deadline.remainingMillis()));
                return null;
            });
        } catch (Exception ignored) {
            // the socket is closed either way
        }
        dropSocket();
    }

    private <T> T mapped(String action, DeadlineGuard.BlockingCall<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw map(action, e);
        }
    }

    private static void abortQuietly(Channel channel) {
        try {
            channel.abort();
        } catch (Exception ignored) {
            // already closed or closing
        }
    }

    /**
     * The last resort: a closed socket frees a thread blocked writing to it (a full send buffer
     * towards a stalled peer), which no AMQP-level abort can, since that must write too.
     */
    private void dropSocket() {
        AmqpConnector.closeQuietly(socket);
    }
}
