package io.celerymon.broker;

import java.util.Optional;

/** A live subscription to the Celery event exchange; closing it leaves nothing on the broker. */
public interface EventSubscription extends AutoCloseable {

    /**
     * Why delivery stopped when the broker connection (or AMQP channel) was lost under the
     * subscription; empty while it is live and after {@link #close()}. Nothing reconnects.
     */
    Optional<BrokerException> failure();

    /** Stops delivery and removes the subscription (AMQP: its exclusive queue); idempotent, never throws. */
    @Override
    void close();
}
