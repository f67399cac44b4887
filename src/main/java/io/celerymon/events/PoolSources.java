package io.celerymon.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.protocol.PoolKind;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the event stream's session knows about each worker's pool, by source: {@code stats}
 * replies, the {@code -P} of processes on this host, the facts cache. Worker events carry no pool
 * ({@code worker-online} and heartbeats have {@code sw_ident}, {@code sw_ver}, {@code sw_sys},
 * {@code freq}, counts and load, nothing more), so these are all there is. {@link PoolKind#resolve}
 * ranks them. Not thread-safe: the watch guards it.
 */
final class PoolSources {

    private final Map<String, JsonNode> stats = new HashMap<>();
    private Map<String, String> local = Map.of();
    private Map<String, String> cached = Map.of();

    void stats(String hostname, JsonNode reply) {
        stats.put(hostname, reply);
    }

    void local(Map<String, String> optionsByNode) {
        local = Map.copyOf(optionsByNode);
    }

    void cached(Map<String, String> poolsByNode) {
        cached = Map.copyOf(poolsByNode);
    }

    /** Every worker some source speaks of, with its pool where one is known, by hostname. */
    Map<String, String> resolved() {
        Set<String> hosts = new TreeSet<>(stats.keySet());
        hosts.addAll(local.keySet());
        hosts.addAll(cached.keySet());
        Map<String, String> pools = new TreeMap<>();
        for (String host : hosts) {
            PoolKind.Known known = resolved(host);
            if (known.isKnown()) {
                pools.put(host, known.kind());
            }
        }
        return pools;
    }

    /** One worker's pool as the sources rank it. */
    PoolKind.Known resolved(String hostname) {
        return PoolKind.resolve(stats.get(hostname), local.get(hostname), cached.get(hostname));
    }

    /** The pools this session's {@code stats} replies gave, for the facts cache. */
    Map<String, String> fromStats() {
        Map<String, String> pools = new TreeMap<>();
        stats.forEach((host, reply) -> {
            String kind = PoolKind.of(reply);
            if (!kind.equals(PoolKind.UNKNOWN)) {
                pools.put(host, kind);
            }
        });
        return pools;
    }
}
