package io.celerymon.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.WorkerReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inspect methods Flower calls plus ping, each broadcast once to every worker, all at once.
 *
 * @param results one call result per method, in {@link #METHODS} order
 * @param pidboxLive AMQP only: for each worker celerymon knew of, whether its pidbox queue has a
 *     consumer now; empty on Redis, where the binding set and PUBLISH's receiver count tell
 */
public record InspectRound(Map<String, CallResult> results, Optional<Map<String, Boolean>> pidboxLive) {

    /** Every inspect method Flower's worker pages call, and ping. */
    public static final List<String> METHODS = List.of("ping", "stats", "active_queues", "registered", "scheduled",
            "active", "reserved", "revoked", "conf");

    public InspectRound {
        results = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    public CallResult ping() {
        return results.get("ping");
    }

    public ExpectedWorkers expected() {
        return ping().expected();
    }

    /** Workers whose pidbox is provably gone: a Redis binding without subscriber, an AMQP queue without consumer. */
    public Set<String> stale() {
        Set<String> stale = new TreeSet<>(ping().stale());
        pidboxLive.ifPresent(live -> live.forEach((node, alive) -> {
            if (!alive) {
                stale.add(node);
            }
        }));
        return stale;
    }

    /** Every worker that was expected or replied to anything, stale ones excluded. */
    public Set<String> workers() {
        Set<String> all = new TreeSet<>(expected().names());
        results.values().forEach(r -> r.replies().forEach(reply -> all.add(reply.hostname())));
        all.removeAll(stale());
        all.removeIf(name -> name.startsWith("<"));
        return all;
    }

    /** The worker's reply to a method, if it gave one. */
    public Optional<WorkerReply> reply(String method, String worker) {
        CallResult result = results.get(method);
        return result == null ? Optional.empty()
                : result.replies().stream().filter(r -> r.hostname().equals(worker)).findFirst();
    }

    /** Whether the worker replied to none of the methods. */
    public boolean silent(String worker) {
        return results.keySet().stream().allMatch(m -> reply(m, worker).isEmpty());
    }

    /** Methods the worker gave no reply to. */
    public List<String> unanswered(String worker) {
        List<String> methods = new ArrayList<>();
        results.keySet().forEach(m -> {
            if (reply(m, worker).isEmpty()) {
                methods.add(m);
            }
        });
        return methods;
    }

    /**
     * On Redis, how many of the workers silent to ping hold no pidbox subscription: PUBLISH says
     * how many subscribers got the request but not which. 0 when every silent one is live; the
     * silent ones are then blocked, not dead. -1 when the broker does not say (AMQP).
     */
    public int deadAmongMissing() {
        CallResult ping = ping();
        if (ping.expected().source() != ExpectedWorkers.Source.BINDING_SET || ping.missing().isEmpty()) {
            return ping.expected().source() == ExpectedWorkers.Source.BINDING_SET ? 0 : -1;
        }
        int liveSilent = Math.max(0, ping.expected().count() - ping.replies().size());
        return Math.max(0, ping.missing().size() - liveSilent);
    }

    /** The queue names in one worker's {@code active_queues} reply (entries without a name are skipped). */
    static List<String> queueNames(JsonNode activeQueues) {
        List<String> names = new ArrayList<>();
        activeQueues.forEach(q -> {
            if (q.path("name").isTextual()) {
                names.add(q.get("name").asText());
            }
        });
        return names;
    }
}
