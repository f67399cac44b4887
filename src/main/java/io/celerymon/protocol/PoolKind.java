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

    private PoolKind() {
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
