package io.celerymon.broker;

/** A live subscription to the Celery event exchange; closing it leaves nothing on the broker. */
public interface EventSubscription extends AutoCloseable {

    /** Stops delivery and removes the subscription (AMQP: its exclusive queue); idempotent, never throws. */
    @Override
    void close();
}
