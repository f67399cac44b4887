package io.celerymon.broker;

import java.util.Optional;

/** celerymon's own reply queue for one control call; closing it removes it from the broker. */
public interface ReplyQueue extends AutoCloseable {

    /** The routing key workers reply with (kombu's "oid"). */
    String oid();

    /** Waits until a reply arrives or {@code deadline} passes; empty on timeout. */
    Optional<InboundMessage> poll(Deadline deadline);

    /** Removes the queue, its binding and any unread replies; idempotent, never throws. */
    @Override
    void close();
}
