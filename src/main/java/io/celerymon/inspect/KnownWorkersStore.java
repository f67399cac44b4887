package io.celerymon.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Worker names seen per broker, kept under the XDG cache directory. AMQP cannot list the pidbox
 * queues bound to the control exchange, so the names seen before are what lets a later call
 * check each pidbox for a live consumer and stop as soon as those workers answered. The cache is
 * only a hint: every failure to read or write it is ignored.
 */
public final class KnownWorkersStore {

    /** Names not seen for this long are forgotten. */
    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    private final CacheFile cache;

    public KnownWorkersStore(Path file, ObjectMapper mapper) {
        this.cache = new CacheFile(file, mapper);
    }

    /** The store in the cache directory this environment names (see {@link #defaultFile}). */
    public static KnownWorkersStore forEnvironment(Map<String, String> env, ObjectMapper mapper) {
        return new KnownWorkersStore(defaultFile(env), mapper);
    }

    /** {@code $CELERYMON_CACHE_DIR}, else {@code $XDG_CACHE_HOME/celerymon}, else {@code ~/.cache/celerymon}. */
    public static Path defaultFile(Map<String, String> env) {
        String own = env.get("CELERYMON_CACHE_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own, "known-workers.json");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("celerymon").resolve("known-workers.json");
    }

    /**
     * The key workers are remembered under for one broker: the masked URLs carry user, host,
     * port and db/vhost but no password; prefix and control exchange tell clusters on one broker apart.
     */
    public static String keyFor(io.celerymon.broker.BrokerConfig config) {
        return config.masked() + " " + config.keyPrefix() + " " + config.controlExchange();
    }

    public Set<String> load(String brokerKey) {
        Set<String> names = new TreeSet<>();
        cache.read().path(brokerKey).fieldNames().forEachRemaining(names::add);
        return names;
    }

    public void remember(String brokerKey, Collection<String> hostnames) {
        if (hostnames.isEmpty()) {
            return;
        }
        ObjectNode all = cache.read();
        ObjectNode forBroker = all.has(brokerKey) && all.get(brokerKey).isObject()
                ? (ObjectNode) all.get(brokerKey) : all.putObject(brokerKey);
        long now = System.currentTimeMillis() / 1000;
        hostnames.stream().filter(h -> !h.startsWith("<")).forEach(h -> forBroker.put(h, now));
        for (Iterator<Map.Entry<String, JsonNode>> it = forBroker.fields(); it.hasNext(); ) {
            if (now - it.next().getValue().asLong(0) > FORGET_AFTER.toSeconds()) {
                it.remove();
            }
        }
        cache.write(all);
    }
}
