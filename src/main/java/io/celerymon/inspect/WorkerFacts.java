package io.celerymon.inspect;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The facts about one worker that outlive a run, for when the worker cannot answer.
 *
 * @param hostname node name
 * @param pool pool kind ({@code prefork}, {@code gevent}, …), or null when unknown
 * @param freq heartbeat interval in seconds
 * @param lastHeartbeat epoch seconds (local clock) of the last heartbeat celerymon received
 * @param queues the queues it consumes (from {@code active_queues}), or null when unknown
 * @param activeTasks "name[id]" of the tasks it was executing when last asked ({@code active}),
 *     or null when unknown
 * @param updated epoch seconds these facts were last refreshed
 */
public record WorkerFacts(String hostname, String pool, OptionalDouble freq, OptionalDouble lastHeartbeat,
                          List<String> queues, List<String> activeTasks, double updated) {

    public WorkerFacts {
        queues = queues == null ? null : List.copyOf(queues);
        activeTasks = activeTasks == null ? null : List.copyOf(activeTasks);
    }

    public static WorkerFacts empty(String hostname) {
        return new WorkerFacts(hostname, null, OptionalDouble.empty(), OptionalDouble.empty(), null, null, 0);
    }

    /** These facts with every field {@code newer} knows replaced by its value. */
    public WorkerFacts mergedWith(WorkerFacts newer) {
        return new WorkerFacts(hostname, newer.pool != null ? newer.pool : pool,
                newer.freq.isPresent() ? newer.freq : freq,
                newer.lastHeartbeat.isPresent() ? newer.lastHeartbeat : lastHeartbeat,
                newer.queues != null ? newer.queues : queues,
                newer.activeTasks != null ? newer.activeTasks : activeTasks,
                Math.max(updated, newer.updated));
    }
}
