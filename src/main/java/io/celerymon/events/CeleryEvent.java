package io.celerymon.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Celery event as received (protocol.md 6.2), or one synthesised by celerymon (types starting
 * with {@code celerymon-}).
 *
 * @param type e.g. {@code worker-heartbeat}, {@code task-succeeded}, {@code celerymon-heartbeat-gap}
 * @param hostname the sender's node name ({@code celery@host}); for synthetic events the worker
 *     they are about
 * @param timestamp the sender's {@code time.time()}, epoch seconds, kept raw (no "localisation");
 *     NaN when the event carried none
 * @param localReceived epoch seconds when celerymon received it (or synthesised it)
 * @param fields every field of the event as it came (Celery's own names), never null; for
 *     synthetic events their own fields
 */
public record CeleryEvent(String type, String hostname, double timestamp, double localReceived, ObjectNode fields) {

    /** The prefix of event types celerymon synthesises. */
    public static final String SYNTHETIC_PREFIX = "celerymon-";

    public boolean synthetic() {
        return type.startsWith(SYNTHETIC_PREFIX);
    }

    public boolean isWorkerEvent() {
        return type.startsWith("worker-");
    }

    public boolean isTaskEvent() {
        return type.startsWith("task-");
    }
}
