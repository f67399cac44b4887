package io.celerymon.diagnose;

import java.util.List;

/**
 * One queue the workers consume, for the renderers.
 *
 * @param queue queue name
 * @param messages messages waiting (all priorities)
 * @param brokerConsumers consumers the broker counts (AMQP), or -1 where it cannot (Redis)
 * @param answering workers that consume it and answered this run
 * @param silent workers that consume it (as last known) and answered nothing this run
 * @param exists whether the broker has the queue, or null where it cannot tell (Redis: a list
 *     without messages does not exist)
 */
public record QueueRow(String queue, long messages, int brokerConsumers, List<String> answering, List<String> silent,
                       Boolean exists) {

    public QueueRow {
        answering = List.copyOf(answering);
        silent = List.copyOf(silent);
    }

    /** A queue whose existence the broker does not tell. */
    public QueueRow(String queue, long messages, int brokerConsumers, List<String> answering, List<String> silent) {
        this(queue, messages, brokerConsumers, answering, silent, null);
    }
}
