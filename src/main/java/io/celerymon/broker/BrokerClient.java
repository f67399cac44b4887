package io.celerymon.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one seam between celerymon and a broker. Every call takes a deadline and fails with a
 * {@link BrokerException}; nothing reconnects or retries behind the caller's back.
 */
public interface BrokerClient extends AutoCloseable {

    /** The broker endpoint with any password masked, for messages and JSON. */
    String endpoint();

    /** Declares a reply queue bound to the reply exchange with routing key {@code oid}. */
    ReplyQueue openReplyQueue(String oid, Deadline deadline);

    /**
     * Publishes a JSON control request on the pidbox fanout exchange.
     *
     * @return how many pidbox subscribers the broker delivered it to, where the broker says so
     *     (Redis PUBLISH does; AMQP does not)
     */
    OptionalLong publishControl(byte[] jsonBody, Map<String, Object> headers, Deadline deadline);

    /**
     * Node names that have a pidbox registered on the broker (Redis: the members of the
     * pidbox binding set), or empty when the broker cannot list them (AMQP).
     */
    Optional<Set<String>> registeredPidboxes(Deadline deadline);

    /**
     * For each node name, whether its pidbox queue exists and has a consumer right now, where
     * the broker can tell per node (AMQP passive declare); empty when it cannot (Redis).
     */
    Optional<Map<String, Boolean>> pidboxConsumers(Collection<String> nodeNames, Deadline deadline);

    /**
     * Subscribes to every Celery event (exchange {@code celeryev}, every routing key) and hands
     * each message to {@code sink} on a client thread, one at a time, in arrival order, stamped
     * with its arrival {@link System#nanoTime()}. The sink must neither block nor throw. The
     * deadline bounds setting up the subscription only; it then lasts until closed (or until the
     * connection is lost, see {@link EventSubscription#failure()}). Closing it leaves nothing on
     * the broker.
     */
    EventSubscription subscribeEvents(Consumer<InboundMessage> sink, Deadline deadline);

    /**
     * Proves the broker can do what celerymon's calls need, not only that it accepted the
     * connection: a real broker answer, a small write, and (AMQP) the permissions to declare,
     * publish and consume on the vhost. Leaves nothing behind.
     *
     * @throws BrokerAuthException when the broker refuses a permission
     * @throws BrokerException otherwise, with the broker's own words where it gave any
     */
    void verifyUsable(Deadline deadline);

    /**
     * One cheap round trip to the broker (Redis PING; AMQP opening and closing a channel), to
     * measure latency; returns how long it took.
     */
    Duration roundTrip(Deadline deadline);

    /**
     * Messages waiting in each of these task queues (Redis: all priority sub-lists; AMQP: a
     * passive declare, which also gives the consumer count). A queue the broker does not have is
     * reported with {@code exists=false}, never declared.
     */
    Map<String, QueueDepth> queueDepths(Collection<String> queues, Deadline deadline);

    /**
     * Reply queues of control calls left on the broker: on Redis the members of the reply
     * binding set and the reply lists (kombu#294); empty where the broker removes them by itself
     * (AMQP: reply queues are auto-delete and expire).
     */
    Optional<List<ReplyLeftover>> replyLeftovers(Deadline deadline);

    /** Removes these leftovers (binding members and lists); returns how many were removed. */
    int removeReplyLeftovers(Collection<ReplyLeftover> leftovers, Deadline deadline);

    /** Closes every connection; idempotent, never throws. */
    @Override
    void close();
}
