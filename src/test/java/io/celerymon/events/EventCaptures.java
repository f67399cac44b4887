package io.celerymon.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.InboundMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test vectors: kombu envelopes that Celery 5.2.6 workers PUBLISHed on {@code /0.celeryev/*},
 * copied from {@code shared/captures/redis-events-raw.json}, unwrapped as the Redis transport does.
 */
final class EventCaptures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventCaptures() {
    }

    /** The channel and raw envelope of every captured event message, in capture order. */
    static List<JsonNode> all() {
        try (InputStream in = EventCaptures.class.getClassLoader().getResourceAsStream("events/redis-events-raw.json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource events/redis-events-raw.json");
            }
            List<JsonNode> rows = new ArrayList<>();
            JSON.readTree(in).forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first captured message on {@code channel}. */
    static String raw(String channel) {
        return all().stream().filter(r -> r.path("channel").asText().equals(channel)).findFirst()
                .orElseThrow().path("raw").asText();
    }

    /** The raw envelopes on {@code channel}, in capture order. */
    static List<String> raws(String channel) {
        return all().stream().filter(r -> r.path("channel").asText().equals(channel))
                .map(r -> r.path("raw").asText()).toList();
    }

    /** Base64 body decoded, content type, encoding and headers kept: what the broker layer hands on. */
    static InboundMessage unwrap(String raw) {
        try {
            JsonNode env = JSON.readTree(raw);
            Map<String, Object> headers = new LinkedHashMap<>();
            env.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            return new InboundMessage(env.path("content-type").asText(), env.path("content-encoding").asText(),
                    headers, Base64.getDecoder().decode(env.path("body").asText()), System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
