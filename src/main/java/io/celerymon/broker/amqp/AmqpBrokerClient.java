package io.celerymon.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.EventSubscription;
import io.celerymon.broker.Failover;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.QueueDepth;
import io.celerymon.broker.ReplyLeftover;
import io.celerymon.broker.ReplyQueue;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link BrokerClient} over RabbitMQ (AMQP 0-9-1), declaring exactly what Celery declares for
 * remote control (protocol.md section 4). One connection, no automatic recovery, every call cut
 * off at its deadline.
 */
public final class AmqpBrokerClient implements BrokerClient {

    /** Celery's {@code control_queue_expires} (10 s) and {@code control_queue_ttl} (300 s). */
    private static final Map<String, Object> REPLY_QUEUE_ARGUMENTS = Map.of("x-expires", 10_000, "x-message-ttl", 300_000);
    private final BrokerUrl url;
    private final String controlExchange;
    private final DeadlineGuard guard;
    private final ChannelCalls calls;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Used only under {@code synchronized (this)}: publishing on one channel from two threads is unsafe. */
    private Channel publishChannel;

    private AmqpBrokerClient(BrokerUrl url, String controlExchange, AmqpConnector.Opened opened, DeadlineGuard guard) {
        this.url = url;
        this.controlExchange = controlExchange;
        this.guard = guard;
        this.calls = new ChannelCalls(url, opened.connection(), opened.socket(), guard);
    }

    /**
     * Connects to the first entry of {@code config}'s failover list that answers, each entry given
     * a fair share of the time left (see {@link Failover}); {@link #endpoint()} names the entry that
     * answered.
     *
     * @throws BrokerException when every entry failed; its message lists every attempt
     */
    public static AmqpBrokerClient connect(BrokerConfig config, Deadline deadline) {
        DeadlineGuard guard = new DeadlineGuard();
        try {
            return Failover.connect(config.urls(), deadline, (url, share) -> {
                try {
                    AmqpConnector.Opened opened = AmqpConnector.open(url, config.tls(), share, guard);
                    return new AmqpBrokerClient(url, controlExchange(config), opened, guard);
                } catch (Exception e) {
                    throw AmqpErrors.map(url, null, e);
                }
            }).client();
        } catch (RuntimeException e) {
            guard.close();
            throw e;
        }
    }

    private static String controlExchange(BrokerConfig config) {
        String name = config.controlExchange();
        return name == null || name.isEmpty() ? "celery" : name;
    }

    @Override
    public String endpoint() {
        return url.masked();
    }

    /** {@code <ctl>.pidbox}, the fanout exchange every worker's pidbox queue is bound to. */
    String pidboxExchange() {
        return controlExchange + ".pidbox";
    }

    /** {@code reply.<ctl>.pidbox}, the direct exchange workers reply to. */
    String replyExchange() {
        return "reply." + controlExchange + ".pidbox";
    }

    @Override
    public ReplyQueue openReplyQueue(String oid, Deadline deadline) {
        ensureOpen();
        String exchange = replyExchange();
        String queue = oid + "." + exchange;
        Channel channel = calls.open(deadline);
        try {
            calls.run(channel, deadline, "declaring exchange '" + exchange + "'",
                    () -> channel.exchangeDeclare(exchange, "direct", false, false, null));
            // Exclusive although Celery 5.2 is not: RabbitMQ 4.3 refuses transient non-exclusive queues.
            calls.run(channel, deadline, "declaring queue '" + queue + "'",
                    () -> channel.queueDeclare(queue, false, true, true, REPLY_QUEUE_ARGUMENTS));
            calls.run(channel, deadline, "binding queue '" + queue + "'",
                    () -> channel.queueBind(queue, exchange, oid));
            AmqpReplyQueue replies = new AmqpReplyQueue(oid, queue, channel, calls);
            replies.startConsuming(deadline);
            return replies;
        } catch (BrokerException e) {
            calls.closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public synchronized OptionalLong publishControl(byte[] jsonBody, Map<String, Object> headers, Deadline deadline) {
        ensureOpen();
        String exchange = pidboxExchange();
        if (publishChannel == null || !publishChannel.isOpen()) {
            publishChannel = calls.open(deadline);
        }
        Channel channel = publishChannel;
        calls.run(channel, deadline, "declaring exchange '" + exchange + "'",
                () -> channel.exchangeDeclare(exchange, "fanout", false, false, null));
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .headers(headers == null ? null : new HashMap<>(headers))
                .deliveryMode(2)
                .priority(0)
                .build();
        calls.run(channel, deadline, "publishing to exchange '" + exchange + "'", () -> {
            channel.basicPublish(exchange, "", properties, jsonBody);
            return null;
        });
        return OptionalLong.empty();
    }

    @Override
    public EventSubscription subscribeEvents(Consumer<InboundMessage> sink, Deadline deadline) {
        ensureOpen();
        return AmqpEventSubscription.start(calls, sink, deadline);
    }

    @Override
    public Optional<Set<String>> registeredPidboxes(Deadline deadline) {
        return Optional.empty();
    }

    /**
     * Passive-declares each {@code <name>.<ctl>.pidbox}. A queue held exclusively by another
     * connection (Celery 5.7 declares pidbox queues exclusive) answers RESOURCE_LOCKED, which
     * proves a live worker connection owns it, so it counts as consumed.
     */
    @Override
    public Optional<Map<String, Boolean>> pidboxConsumers(Collection<String> nodeNames, Deadline deadline) {
        ensureOpen();
        Map<String, Boolean> consumed = new LinkedHashMap<>();
        Channel channel = null;
        try {
            for (String name : nodeNames) {
                if (channel == null || !channel.isOpen()) {
                    channel = calls.open(deadline);
                }
                consumed.put(name, hasConsumer(channel, name + "." + pidboxExchange(), deadline));
            }
        } finally {
            calls.closeQuietly(channel);
        }
        return Optional.of(consumed);
    }

    private boolean hasConsumer(Channel channel, String queue, Deadline deadline) {
        try {
            return calls.raw(channel, deadline, () -> channel.queueDeclarePassive(queue)).getConsumerCount() > 0;
        } catch (Exception e) {
            // Both replies close the channel; the caller opens a fresh one for the next name.
            if (AmqpErrors.isChannelClose(e, AMQP.NOT_FOUND)) {
                return false;
            }
            if (AmqpErrors.isChannelClose(e, AMQP.RESOURCE_LOCKED)) {
                return true;
            }
            throw calls.map("checking queue '" + queue + "'", e);
        }
    }

    @Override
    public void verifyUsable(Deadline deadline) {
        new AmqpUsability(calls, replyExchange()).verify(deadline);
    }

    /** Opens a channel and closes it: two round trips of the smallest kind AMQP has. */
    @Override
    public Duration roundTrip(Deadline deadline) {
        ensureOpen();
        long start = System.nanoTime();
        Channel channel = calls.open(deadline);
        try {
            calls.run(channel, deadline, "closing a channel", () -> {
                channel.close();
                return null;
            });
        } finally {
            calls.closeQuietly(channel);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Passive declares: they create nothing, and a missing queue (NOT_FOUND) costs a fresh channel. */
    @Override
    public Map<String, QueueDepth> queueDepths(Collection<String> queues, Deadline deadline) {
        ensureOpen();
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        Channel channel = null;
        try {
            for (String queue : queues) {
                if (channel == null || !channel.isOpen()) {
                    channel = calls.open(deadline);
                }
                depths.put(queue, depth(channel, queue, deadline));
            }
        } finally {
            calls.closeQuietly(channel);
        }
        return depths;
    }

    private QueueDepth depth(Channel channel, String queue, Deadline deadline) {
        try {
            AMQP.Queue.DeclareOk ok = calls.raw(channel, deadline, () -> channel.queueDeclarePassive(queue));
            return new QueueDepth(queue, true, ok.getMessageCount(), OptionalInt.of(ok.getConsumerCount()));
        } catch (Exception e) {
            if (AmqpErrors.isChannelClose(e, AMQP.NOT_FOUND)) {
                return new QueueDepth(queue, false, 0, OptionalInt.of(0));
            }
            if (AmqpErrors.isChannelClose(e, AMQP.RESOURCE_LOCKED)) {
                // Exclusive to a live connection: it has a consumer; the broker will not say more.
                return new QueueDepth(queue, true, 0, OptionalInt.of(1));
            }
            throw calls.map("checking queue '" + queue + "'", e);
        }
    }

    /** Reply queues on RabbitMQ are auto-delete with x-expires: the broker removes them itself. */
    @Override
    public Optional<List<ReplyLeftover>> replyLeftovers(Deadline deadline) {
        return Optional.empty();
    }

    @Override
    public int removeReplyLeftovers(Collection<ReplyLeftover> leftovers, Deadline deadline) {
        return 0;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new BrokerUnreachableException(endpoint() + ": the client is closed", null);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        calls.closeConnection();
        guard.close();
    }
}
