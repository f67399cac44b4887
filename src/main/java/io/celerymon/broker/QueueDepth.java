package io.celerymon.broker;

import java.util.OptionalInt;

/**
 * How many messages wait in one task queue, and how many consumers it has where the broker can
 * tell (AMQP); Redis keeps no consumer count for a list.
 *
 * @param name the queue name as Celery names it (no key prefix, no priority suffix)
 * @param exists whether the broker has the queue (Redis: any of its lists is non-empty)
 * @param messages ready messages, all priority steps together
 * @param consumers consumers the broker counts; empty where it cannot (Redis)
 */
public record QueueDepth(String name, boolean exists, long messages, OptionalInt consumers) {
}
