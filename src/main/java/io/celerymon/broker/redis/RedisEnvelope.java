package io.celerymon.broker.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.InboundMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * kombu's Redis message envelope (protocol.md 3.2). A request always carries complete
 * {@code properties} with a {@code delivery_tag}: without it every Celery 5.2 worker that
 * receives the broadcast dies.
 */
final class RedisEnvelope {

    private final ObjectMapper mapper;

    RedisEnvelope(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String request(byte[] jsonBody, Map<String, Object> headers, String exchange) {
        Map<String, Object> deliveryInfo = new LinkedHashMap<>();
        deliveryInfo.put("exchange", exchange);
        deliveryInfo.put("routing_key", "");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("delivery_mode", 2);
        properties.put("delivery_info", deliveryInfo);
        properties.put("priority", 0);
        properties.put("body_encoding", "base64");
        properties.put("delivery_tag", UUID.randomUUID().toString());
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("body", Base64.getEncoder().encodeToString(jsonBody));
        envelope.put("content-encoding", "utf-8");
        envelope.put("content-type", "application/json");
        envelope.put("headers", headers);
        envelope.put("properties", properties);
        try {
            return mapper.writeValueAsString(envelope);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build envelope", e);
        }
    }

    /**
     * Unwraps a reply envelope. Anything that is not a well-formed envelope is passed on as a JSON
     * body that the reply decoder will reject as malformed, so one bad message never ends a call.
     */
    InboundMessage reply(String raw, long receivedNanos) {
        JsonNode env;
        try {
            env = mapper.readTree(raw);
        } catch (IOException e) {
            env = null;
        }
        if (env == null || !env.isObject() || !env.path("body").isTextual()) {
            return new InboundMessage("application/json", "utf-8", Map.of(), raw.getBytes(StandardCharsets.UTF_8),
                    receivedNanos);
        }
        String body = env.get("body").asText();
        byte[] bytes;
        if ("base64".equals(env.path("properties").path("body_encoding").asText(null))) {
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                bytes = new byte[0];
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        env.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), plain(e.getValue())));
        return new InboundMessage(textOrNull(env.get("content-type")), textOrNull(env.get("content-encoding")),
                headers, bytes, receivedNanos);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private Object plain(JsonNode value) {
        return value.isValueNode() ? (value.isNull() ? null : value.isTextual() ? value.asText() : value.toString())
                : value.toString();
    }
}
