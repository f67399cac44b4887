package io.celerymon.events;

/**
 * What the bounded task table remembers about one task.
 *
 * @param uuid the task id
 * @param name the task name, once an event carried it (usually {@code task-received}); else null
 * @param hostname the worker that handled it, else null (a {@code task-sent} names the client)
 * @param state Celery's state name: PENDING, RECEIVED, STARTED, SUCCESS, FAILURE, RETRY, REVOKED,
 *     REJECTED, or a custom event's upper-cased subtype
 * @param timestamp the sender timestamp of the event that set the state
 * @param retries the {@code retries} field, -1 if never seen
 */
public record TaskView(String uuid, String name, String hostname, String state, double timestamp, int retries) {
}
