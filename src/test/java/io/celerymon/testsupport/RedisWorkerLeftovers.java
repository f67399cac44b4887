package io.celerymon.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes what a stopped test worker leaves in a shared Redis db: its task-queue lists and
 * binding set (kombu never deletes them), its pidbox binding if it was killed, and unacked
 * copies of tasks sent to its queue. Only keys and entries named after that one worker go.
 */
final class RedisWorkerLeftovers {
    private static final String SEP = "\u0006\u0016";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisWorkerLeftovers() {
    }

    static boolean appliesTo(CeleryAppConfig app) {
        String url = app.brokerUrl();
        return url.startsWith("redis://") || url.startsWith("rediss://");
    }

    static void remove(CeleryAppConfig app, String hostname) {
        String prefix = app.keyPrefix().orElse("");
        String exchange = app.controlExchange().orElse("celery") + ".pidbox";
        String queue = CeleryWorker.queueOf(hostname);
        try (RedisDb db = RedisDb.open(app.brokerUrl())) {
            RedisCommands<String, String> redis = db.commands();
            redis.srem(prefix + "_kombu.binding." + exchange, SEP + SEP + hostname + "." + exchange);
            redis.del(prefix + queue, prefix + queue + SEP + "3", prefix + queue + SEP + "6",
                    prefix + queue + SEP + "9", prefix + "_kombu.binding." + queue);
            removeUnacked(redis, prefix, queue);
        }
    }

    private static void removeUnacked(RedisCommands<String, String> redis, String prefix, String queue) {
        List<String> tags = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, String> page = redis.hscan(prefix + "unacked", cursor, ScanArgs.Builder.limit(500));
            for (Map.Entry<String, String> entry : page.getMap().entrySet()) {
                if (routedTo(entry.getValue(), queue)) {
                    tags.add(entry.getKey());
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        if (!tags.isEmpty()) {
            redis.hdel(prefix + "unacked", tags.toArray(String[]::new));
            redis.zrem(prefix + "unacked_index", tags.toArray(String[]::new));
        }
    }

    /** kombu stores {@code [envelope, exchange, routing_key]}; tasks sent to a queue use its name as key. */
    private static boolean routedTo(String unackedValue, String queue) {
        try {
            JsonNode entry = JSON.readTree(unackedValue);
            return entry.isArray() && queue.equals(entry.path(2).asText());
        } catch (IOException notOurs) {
            return false;
        }
    }
}
