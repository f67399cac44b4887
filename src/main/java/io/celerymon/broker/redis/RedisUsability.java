package io.celerymon.broker.redis;

import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.Deadline;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Proves a Redis server takes writes: a list is pushed to and deleted, as a full, paused or
 * read-only server refuses the reply-queue writes of every later call. That it is Redis at all
 * (PONG to PING) was proven when connecting.
 */
final class RedisUsability {

    private static final int MAX_QUOTED = 80;

    private final StatefulRedisConnection<String, String> connection;
    private final RedisKeys keys;
    private final String endpoint;

    RedisUsability(StatefulRedisConnection<String, String> connection, RedisKeys keys, String endpoint) {
        this.connection = connection;
        this.keys = keys;
        this.endpoint = endpoint;
    }

    void verify(Deadline deadline) {
        // LPUSH is what every reply and task write is; the DEL goes out with it, so the list is
        // removed even when the answer to the push is not waited for.
        String key = keys.listKeys("celerymon.usable." + UUID.randomUUID()).get(0);
        var pushed = connection.async().lpush(key, "1");
        var deleted = connection.async().del(key);
        await(pushed, deadline, "write a test list");
        await(deleted, deadline, "delete its test list");
    }

    private <T> T await(Future<T> reply, Deadline deadline, String action) {
        try {
            return reply.get(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw RedisErrors.timeout(endpoint, action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RedisErrors.timeout(endpoint, action);
        } catch (ExecutionException e) {
            throw refused(action, e.getCause() == null ? e : e.getCause());
        }
    }

    /** The server's own words for an error reply (OOM, READONLY, MISCONF…); permissions stay auth failures. */
    private BrokerException refused(String action, Throwable error) {
        if (error instanceof RedisCommandExecutionException answer && answer.getMessage() != null) {
            String text = answer.getMessage().strip();
            String upper = text.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("NOPERM") && !upper.startsWith("NOAUTH") && !upper.startsWith("WRONGPASS")) {
                return new BrokerProtocolException(endpoint + ": the server refused to " + action + ": "
                        + quoted(text), error);
            }
        }
        return RedisErrors.map(endpoint, action, error);
    }

    private static String quoted(String text) {
        if (text == null) {
            return "nothing";
        }
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(MAX_QUOTED).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return shown.toString().strip() + (text.length() > MAX_QUOTED ? "…" : "");
    }
}
