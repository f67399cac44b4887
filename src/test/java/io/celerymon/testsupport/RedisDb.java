package io.celerymon.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A direct Lettuce connection to one Redis db, for tests to look at (and clean) broker state. */
public final class RedisDb implements AutoCloseable {
    /** The machine's shared Redis, where dbs 0 and 1 may hold data that is not the tests'. */
    public static final String SHARED_HOST = "127.0.0.1";
    public static final int SHARED_PORT = 6379;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisURI uri;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisDb(RedisURI uri) {
        this.uri = uri;
        this.client = RedisClient.create(uri);
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    /** Db {@code db} of the shared Redis at 127.0.0.1:6379. */
    public static RedisDb shared(int db) {
        return open("redis://" + SHARED_HOST + ":" + SHARED_PORT + "/" + db);
    }

    /** A Redis URL such as {@code redis://:pw@127.0.0.1:6390/3}. */
    public static RedisDb open(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(COMMAND_TIMEOUT);
        return new RedisDb(uri);
    }

    public int db() {
        return uri.getDatabase();
    }

    /** Synchronous commands on this db (each bounded by a 5 s timeout). */
    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** Every key in the db (SCAN, so a busy shared db is not blocked). */
    public Set<String> keys() {
        return keys("*");
    }

    /** Keys matching a Redis glob. */
    public Set<String> keys(String pattern) {
        Set<String> keys = new TreeSet<>();
        ScanIterator.scan(commands(), ScanArgs.Builder.matches(pattern).limit(500)).forEachRemaining(keys::add);
        return keys;
    }

    /** Members of every kombu binding set, with or without a global key prefix, by set key. */
    public Map<String, Set<String>> bindings() {
        Map<String, Set<String>> bindings = new TreeMap<>();
        for (String key : keys("*_kombu.binding.*")) {
            bindings.put(key, new TreeSet<>(commands().smembers(key)));
        }
        return bindings;
    }

    /** Keys and binding members now. */
    public RedisSnapshot snapshot() {
        Map<String, Set<String>> bindings = new LinkedHashMap<>(bindings());
        return new RedisSnapshot(keys(), bindings);
    }

    /**
     * FLUSHDB. Refused on dbs 0 and 1 of the shared Redis, which other software on the machine
     * uses; tests that need an empty db take another one (or a {@link PrivateRedisServer}).
     */
    public void flush() {
        boolean shared = SHARED_HOST.equals(uri.getHost()) && uri.getPort() == SHARED_PORT;
        if (shared && db() <= 1) {
            throw new IllegalStateException("refusing to flush shared Redis db " + db());
        }
        commands().flushdb();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
