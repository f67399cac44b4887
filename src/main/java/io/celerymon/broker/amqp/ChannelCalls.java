package io.celerymon.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import java.time.Duration;

/**
 * Runs operations on one connection's channels under a deadline and turns their failures into
 * {@link BrokerException}s. A call that outlives its deadline gets its channel aborted (and, if
 * even that does not free it, the whole connection).
 */
final class ChannelCalls {

    /** How long closing a channel or cancelling a consumer may take on the way out. */
    static final Duration CLOSE_BUDGET = Duration.ofMillis(500);
    /** How long an aborted connection waits for the broker's close-ok before dropping the socket. */
    static final int CONNECTION_ABORT_MILLIS = 100;

    private final BrokerUrl url;
    private final Connection connection;
    private final DeadlineGuard guard;

    ChannelCalls(BrokerUrl url, Connection connection, DeadlineGuard guard) {
        this.url = url;
        this.connection = connection;
        this.guard = guard;
    }

    BrokerUrl url() {
        return url;
    }

    /** Opens a new channel. */
    Channel open(Deadline deadline) {
        Channel channel = mapped("opening a channel",
                () -> guard.call(deadline, this::abortConnection, null, connection::createChannel));
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
        return guard.call(deadline, () -> abortQuietly(channel), this::abortConnection, call);
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
        closeQuietly(channel);
    }

    /** Closes {@code channel} within {@link #CLOSE_BUDGET}; ignores every failure. */
    void closeQuietly(Channel channel) {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            raw(channel, Deadline.in(CLOSE_BUDGET), () -> {
                channel.close();
                return null;
            });
        } catch (Exception ignored) {
            // closing is best effort: the broker drops the channel with the connection anyway
        }
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

    private void abortConnection() {
        try {
            connection.abort(CONNECTION_ABORT_MILLIS);
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
