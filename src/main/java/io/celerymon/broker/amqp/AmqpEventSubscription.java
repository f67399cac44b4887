package io.celerymon.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.EventSubscription;
import io.celerymon.broker.InboundMessage;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The event subscription on RabbitMQ: an exclusive, auto-delete {@code celeryev.<uuid4>} queue
 * bound with {@code #} to the {@code celeryev} topic exchange, consumed with auto-ack on a channel
 * of its own (protocol.md 6.3). Exclusive, so it also vanishes when the connection does.
 */
final class AmqpEventSubscription implements EventSubscription {

    static final String EXCHANGE = "celeryev";
    /** Celery's {@code event_queue_ttl} (5 s) and {@code event_queue_expires} (60 s). */
    private static final Map<String, Object> QUEUE_ARGUMENTS = Map.of("x-message-ttl", 5_000, "x-expires", 60_000);

    private final String queueName;
    private final Channel channel;
    private final ChannelCalls calls;
    private final AtomicReference<ShutdownSignalException> lost = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String consumerTag;

    private AmqpEventSubscription(String queueName, Channel channel, ChannelCalls calls) {
        this.queueName = queueName;
        this.channel = channel;
        this.calls = calls;
        channel.addShutdownListener(signal -> {
            if (!signal.isInitiatedByApplication()) {
                lost.set(signal);
            }
        });
    }

    /** Declares, binds and starts consuming; on failure the channel is closed (and the queue with it). */
    static AmqpEventSubscription start(ChannelCalls calls, Consumer<InboundMessage> sink, Deadline deadline) {
        String queue = EXCHANGE + "." + UUID.randomUUID();
        Channel channel = calls.open(deadline);
        try {
            // Exactly Celery's flags: a differing redeclare would be refused by the broker.
            calls.run(channel, deadline, "declaring exchange '" + EXCHANGE + "'",
                    () -> channel.exchangeDeclare(EXCHANGE, "topic", true, false, null));
            calls.run(channel, deadline, "declaring queue '" + queue + "'",
                    () -> channel.queueDeclare(queue, false, true, true, QUEUE_ARGUMENTS));
            calls.run(channel, deadline, "binding queue '" + queue + "'",
                    () -> channel.queueBind(queue, EXCHANGE, "#"));
            AmqpEventSubscription subscription = new AmqpEventSubscription(queue, channel, calls);
            // The client runs one channel's deliveries on one thread at a time, in order.
            subscription.consumerTag = calls.run(channel, deadline, "consuming from queue '" + queue + "'",
                    () -> channel.basicConsume(queue, true,
                            (tag, delivery) -> sink.accept(AmqpReplyQueue.inbound(delivery)), tag -> { }));
            return subscription;
        } catch (BrokerException e) {
            calls.closeQuietly(channel);
            throw e;
        }
    }

    String queueName() {
        return queueName;
    }

    @Override
    public Optional<BrokerException> failure() {
        ShutdownSignalException signal = lost.get();
        if (signal == null || closed.get()) {
            return Optional.empty();
        }
        return Optional.of(calls.map("receiving events on queue '" + queueName + "'", signal));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !channel.isOpen()) {
            return;
        }
        calls.removeQueue(channel, consumerTag, queueName);
    }
}
