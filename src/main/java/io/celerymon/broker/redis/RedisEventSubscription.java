package io.celerymon.broker.redis;

import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.EventSubscription;
import io.celerymon.broker.InboundMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The event subscription on Redis: one pub/sub connection of its own, PSUBSCRIBEd to the
 * {@code celeryev} fanout channels. Pure pub/sub, so, unlike kombu's receiver, it writes no
 * binding member that could outlive it (protocol.md 6.3).
 */
final class RedisEventSubscription implements EventSubscription {

    private final StatefulRedisPubSubConnection<String, byte[]> connection;
    private final List<String> patterns;
    private final String endpoint;
    private volatile boolean closed;

    private RedisEventSubscription(StatefulRedisPubSubConnection<String, byte[]> connection, List<String> patterns,
                                   String endpoint) {
        this.connection = connection;
        this.patterns = patterns;
        this.endpoint = endpoint;
    }

    /**
     * Adds the listener before PSUBSCRIBE, so nothing published once the subscription is
     * confirmed can be missed; on failure the connection is closed.
     */
    static RedisEventSubscription start(StatefulRedisPubSubConnection<String, byte[]> connection,
                                        List<String> patterns, RedisEnvelope envelope,
                                        Consumer<InboundMessage> sink, String endpoint, Deadline deadline) {
        RedisEventSubscription subscription = new RedisEventSubscription(connection, patterns, endpoint);
        // Lettuce calls listeners on the connection's one I/O thread, in the order messages arrive.
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, byte[] message) {
                if (!subscription.closed) {
                    sink.accept(envelope.reply(message, System.nanoTime()));
                }
            }
        });
        try {
            RedisBrokerClient.await(connection.async().psubscribe(patterns.toArray(String[]::new)), deadline,
                    endpoint, "subscribe to events");
            return subscription;
        } catch (BrokerException e) {
            subscription.closed = true;
            connection.closeAsync();
            throw e;
        }
    }

    @Override
    public Optional<BrokerException> failure() {
        if (closed || connection.isOpen()) {
            return Optional.empty();
        }
        return Optional.of(new BrokerUnreachableException(endpoint + ": connection lost while receiving events", null));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // No wait for PUNSUBSCRIBE's answer: closing the connection ends the subscription on the
        // server anyway, and a paused server must not hold the command up.
        try {
            if (connection.isOpen()) {
                connection.async().punsubscribe(patterns.toArray(String[]::new));
            }
        } catch (RuntimeException ignored) {
            // Same as above: the close below is what counts.
        } finally {
            connection.closeAsync();
        }
    }
}
