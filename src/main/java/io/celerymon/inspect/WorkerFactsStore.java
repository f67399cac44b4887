package io.celerymon.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What celerymon last learnt about each worker, per broker (keyed like {@link KnownWorkersStore}),
 * in {@code worker-facts.json} next to the known-workers file. A blocked worker answers nothing,
 * so its pool, heartbeat interval, queues and last active tasks come from here. Only a hint:
 * every failure to read or write it is ignored, and facts not refreshed for a week are dropped.
 */
public final class WorkerFactsStore {

    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    private final CacheFile cache;

    public WorkerFactsStore(Path file, ObjectMapper mapper) {
        this.cache = new CacheFile(file, mapper);
    }

    /** The store in the same cache directory as the known-workers file of this environment. */
    public static WorkerFactsStore forEnvironment(Map<String, String> env, ObjectMapper mapper) {
        return new WorkerFactsStore(KnownWorkersStore.defaultFile(env).resolveSibling("worker-facts.json"), mapper);
    }

    /** Every worker's facts remembered for this broker, by hostname. */
    public Map<String, WorkerFacts> load(String brokerKey) {
        Map<String, WorkerFacts> facts = new LinkedHashMap<>();
        JsonNode forBroker = cache.read().path(brokerKey);
        forBroker.fields().forEachRemaining(e -> facts.put(e.getKey(), fromJson(e.getKey(), e.getValue())));
        return facts;
    }

    /** Merges these facts into the store: a field that is unknown now keeps its earlier value. */
    public void remember(String brokerKey, Map<String, WorkerFacts> updates) {
        if (updates.isEmpty()) {
            return;
        }
        ObjectNode all = cache.read();
        ObjectNode forBroker = all.has(brokerKey) && all.get(brokerKey).isObject()
                ? (ObjectNode) all.get(brokerKey) : all.putObject(brokerKey);
        for (WorkerFacts update : updates.values()) {
            WorkerFacts old = forBroker.has(update.hostname())
                    ? fromJson(update.hostname(), forBroker.get(update.hostname())) : WorkerFacts.empty(update.hostname());
            forBroker.set(update.hostname(), toJson(old.mergedWith(update)));
        }
        double now = System.currentTimeMillis() / 1000.0;
        for (Iterator<Map.Entry<String, JsonNode>> it = forBroker.fields(); it.hasNext(); ) {
            if (now - it.next().getValue().path("updated").asDouble(0) > FORGET_AFTER.toSeconds()) {
                it.remove();
            }
        }
        cache.write(all);
    }

    private ObjectNode toJson(WorkerFacts facts) {
        ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (facts.pool() != null) {
            node.put("pool", facts.pool());
        }
        facts.freq().ifPresent(f -> node.put("freq", f));
        facts.lastHeartbeat().ifPresent(t -> node.put("last_heartbeat", t));
        if (facts.queues() != null) {
            ArrayNode queues = node.putArray("queues");
            facts.queues().forEach(queues::add);
        }
        if (facts.activeTasks() != null) {
            ArrayNode tasks = node.putArray("active_tasks");
            facts.activeTasks().forEach(tasks::add);
        }
        node.put("updated", facts.updated());
        return node;
    }

    private static WorkerFacts fromJson(String hostname, JsonNode node) {
        return new WorkerFacts(hostname, node.path("pool").isTextual() ? node.get("pool").asText() : null,
                number(node.get("freq")), number(node.get("last_heartbeat")), strings(node.get("queues")),
                strings(node.get("active_tasks")), node.path("updated").asDouble(0));
    }

    private static OptionalDouble number(JsonNode node) {
        return node != null && node.isNumber() ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }
}
