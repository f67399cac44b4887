package io.celerymon.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Names a worker's execution pool from its {@code stats} reply.
 *
 * <p>Celery 5.3 and later say it in {@code pool.implementation} ({@code module:Class}); the five
 * built-in pools map to {@code prefork}, {@code eventlet}, {@code gevent}, {@code solo},
 * {@code threads}, and any other class path (a custom pool) is returned as it is. Celery 5.2 has
 * no such key, so the shape of the {@code pool} object decides:
 * <ul>
 *   <li>prefork: {@code processes} and {@code writes};</li>
 *   <li>solo: {@code processes} holding only the worker's own pid, or, without a pid to compare,
 *       {@code put-guarded-by-semaphore: true} with no {@code writes};</li>
 *   <li>threads: {@code threads};</li>
 *   <li>eventlet: {@code free-threads} or {@code running-threads};</li>
 *   <li>gevent: nothing but {@code max-concurrency}.</li>
 * </ul>
 * Anything else is {@code unknown}.
 */
public final class PoolKind {
    public static final String UNKNOWN = "unknown";

    private static final Map<String, String> BUILT_IN = Map.of(
            "celery.concurrency.prefork:TaskPool", "prefork",
            "celery.concurrency.eventlet:TaskPool", "eventlet",
            "celery.concurrency.gevent:TaskPool", "gevent",
            "celery.concurrency.solo:TaskPool", "solo",
            "celery.concurrency.thread:TaskPool", "threads");

    /** Where a pool kind was learnt: this run's {@code stats}, the local process's {@code -P}, the facts cache. */
    public static final String FROM_STATS = "stats";
    public static final String FROM_LOCAL_PROCESS = "local_process";
    public static final String FROM_CACHE = "cache";

    private PoolKind() {
    }

    /**
     * A worker's pool kind and where it was learnt ({@code stats}, {@code local_process},
     * {@code cache}), or {@link #UNKNOWN} from {@code unknown}.
     */
    public record Known(String kind, String source) {

        public boolean isKnown() {
            return !UNKNOWN.equals(kind);
        }
    }

    /**
     * The one order in which celerymon trusts what it knows of a worker's pool: its {@code stats}
     * reply (the pool it runs now), else the {@code -P} its process on this host was started with
     * (current too, but a custom pool may hide behind an alias), else the facts cache (an earlier
     * run's answer: the worker may have been restarted with another pool since).
     *
     * @param stats the worker's {@code stats} reply, or null
     * @param localOption the {@code -P} value of its local process, or null
     * @param cached the pool the facts cache remembers, or null
     */
    public static Known resolve(JsonNode stats, String localOption, String cached) {
        String fromStats = of(stats);
        if (!fromStats.equals(UNKNOWN)) {
            return new Known(fromStats, FROM_STATS);
        }
        if (localOption != null && !localOption.isBlank()) {
            return new Known(ofOption(localOption), FROM_LOCAL_PROCESS);
        }
        if (cached != null && !cached.isBlank() && !cached.equals(UNKNOWN)) {
            return new Known(cached, FROM_CACHE);
        }
        return new Known(UNKNOWN, UNKNOWN);
    }

    /** The kind a {@code -P} value names: Celery's aliases ({@code processes} is prefork), else the value as given. */
    public static String ofOption(String option) {
        String value = option.strip();
        return switch (value) {
            case "processes" -> "prefork";
            default -> BUILT_IN.getOrDefault(value, value);
        };
    }

    /** The pool kind of a worker, given its {@code stats} reply (may be null). */
    public static String of(JsonNode stats) {
        if (stats == null || !stats.path("pool").isObject()) {
            return UNKNOWN;
        }
        JsonNode pool = stats.get("pool");
        JsonNode implementation = pool.get("implementation");
        if (implementation != null && implementation.isTextual()
                && !implementation.textValue().isBlank()) {
            String path = implementation.textValue().trim();
            return BUILT_IN.getOrDefault(path, path);
        }
        return fromShape(pool, stats.get("pid"));
    }

    private static String fromShape(JsonNode pool, JsonNode pid) {
        if (pool.has("threads")) {
            return "threads";
        }
        if (pool.has("free-threads") || pool.has("running-threads")) {
            return "eventlet";
        }
        JsonNode processes = pool.get("processes");
        if (processes != null && processes.isArray()) {
            if (pool.has("writes")) {
                return "prefork";
            }
            boolean ownPid = pid != null && pid.canConvertToLong() && processes.size() == 1
                    && processes.get(0).asLong() == pid.asLong();
            boolean guarded = pool.path("put-guarded-by-semaphore").asBoolean(false);
            if (ownPid || pid == null && guarded) {
                return "solo";
            }
            return UNKNOWN;
        }
        if (pool.size() == 1 && pool.has("max-concurrency")) {
            return "gevent";
        }
        return UNKNOWN;
    }
}
