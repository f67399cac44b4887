package io.celerymon.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.ShutdownSignalException;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.ReplyQueue;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A reply queue on RabbitMQ: its own channel with one auto-ack consumer feeding an in-memory inbox. */
final class AmqpReplyQueue implements ReplyQueue {

    /** Put in the inbox when the channel dies under the consumer, to wake a waiting poll. */
    private static final InboundMessage CHANNEL_LOST = new InboundMessage(null, null, null, new byte[0], 0);

    private final String oid;
    private final String queueName;
    private final Channel channel;
    private final ChannelCalls calls;
    private final BlockingQueue<InboundMessage> inbox = new LinkedBlockingQueue<>();
    private final AtomicReference<ShutdownSignalException> lost = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String consumerTag;

    AmqpReplyQueue(String oid, String queueName, Channel channel, ChannelCalls calls) {
        this.oid = oid;
        this.queueName = queueName;
        this.channel = channel;
        this.calls = calls;
        channel.addShutdownListener(signal -> {
            if (!signal.isInitiatedByApplication()) {
                lost.set(signal);
                inbox.offer(CHANNEL_LOST);
            }
        });
    }

    /** Starts consuming; deliveries land in the inbox stamped with their arrival time. */
    void startConsuming(Deadline deadline) {
        consumerTag = calls.run(channel, deadline, "consuming from queue '" + queueName + "'",
                () -> channel.basicConsume(queueName, true, (tag, delivery) -> inbox.offer(inbound(delivery)),
                        tag -> { }));
    }

    static InboundMessage inbound(Delivery delivery) {
        long arrived = System.nanoTime();
        AMQP.BasicProperties properties = delivery.getProperties();
        String contentType = properties == null ? null : properties.getContentType();
        String contentEncoding = properties == null ? null : properties.getContentEncoding();
        return new InboundMessage(contentType, contentEncoding,
                AmqpValues.headers(properties == null ? null : properties.getHeaders()), delivery.getBody(), arrived);
    }

    @Override
    public String oid() {
        return oid;
    }

    String queueName() {
        return queueName;
    }

    @Override
    public Optional<InboundMessage> poll(Deadline deadline) {
        InboundMessage message;
        try {
            message = inbox.poll(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (message == CHANNEL_LOST) {
            inbox.offer(CHANNEL_LOST);
            throw calls.map("waiting for replies on queue '" + queueName + "'", lost.get());
        }
        return Optional.ofNullable(message);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !channel.isOpen()) {
            return;
        }
        calls.removeQueue(channel, consumerTag, queueName);
    }
}
