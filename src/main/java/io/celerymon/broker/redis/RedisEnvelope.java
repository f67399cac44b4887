package io.celerymon.broker.redis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.InboundMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        return reply(raw.getBytes(StandardCharsets.UTF_8), receivedNanos);
    }

    /**
     * As {@link #reply(String, long)}, from the message's bytes. Read as a token stream, not a
     * tree: an event envelope is mostly one long base64 string, and this runs once per message
     * of a possibly very busy event stream.
     */
    InboundMessage reply(byte[] raw, long receivedNanos) {
        try (JsonParser parser = mapper.getFactory().createParser(raw)) {
            InboundMessage message = parse(parser, raw, receivedNanos);
            if (message != null) {
                return message;
            }
        } catch (IOException e) {
            // Not JSON: handed on as it is, below.
        }
        return new InboundMessage("application/json", "utf-8", Map.of(), raw, receivedNanos);
    }

    /** The envelope read from {@code parser} over {@code raw}, or null when it is no object or has no string body. */
    private InboundMessage parse(JsonParser parser, byte[] raw, long receivedNanos) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Body body = null;
        String contentType = null;
        String contentEncoding = null;
        String bodyEncoding = null;
        Map<String, Object> headers = new LinkedHashMap<>();
        // Later duplicates win, as they would in a tree.
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "body" -> body = value == JsonToken.VALUE_STRING ? Body.of(parser, raw) : skip(parser, null);
                case "content-type" -> contentType = text(parser, value);
                case "content-encoding" -> contentEncoding = text(parser, value);
                case "headers" -> {
                    headers.clear();
                    readHeaders(parser, value, headers);
                }
                case "properties" -> bodyEncoding = bodyEncoding(parser, value);
                default -> parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || body == null) {
            return null;
        }
        return new InboundMessage(contentType, contentEncoding, headers, body.bytes("base64".equals(bodyEncoding)),
                receivedNanos);
    }

    /**
     * The body string, read once its encoding is known (the {@code properties} naming it come
     * after it). A body without escapes, always the case for base64, is kept as its place in
     * the raw message, never copied into a String: it is most of every event message.
     */
    private record Body(byte[] raw, int offset, int length, String text) {

        static Body of(JsonParser parser, byte[] raw) throws IOException {
            long quote = parser.currentTokenLocation().getByteOffset();
            if (quote >= 0 && quote < raw.length && raw[(int) quote] == '"') {
                int start = (int) quote + 1;
                for (int i = start; i < raw.length; i++) {
                    if (raw[i] == '"') {
                        return new Body(raw, start, i - start, null);
                    }
                    if (raw[i] == '\\') {
                        break;
                    }
                }
            }
            return new Body(null, 0, 0, parser.getText());
        }

        byte[] bytes(boolean base64) {
            if (text != null) {
                try {
                    return base64 ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return new byte[0];
                }
            }
            if (!base64) {
                return Arrays.copyOfRange(raw, offset, offset + length);
            }
            try {
                ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(raw, offset, length));
                byte[] array = decoded.array();
                return decoded.arrayOffset() == 0 && decoded.remaining() == array.length ? array
                        : Arrays.copyOfRange(array, decoded.arrayOffset() + decoded.position(),
                                decoded.arrayOffset() + decoded.limit());
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
        }
    }

    private static <T> T skip(JsonParser parser, T result) throws IOException {
        parser.skipChildren();
        return result;
    }

    /** A value as the tree's {@code asText()} gives it: null for JSON null, "" for a container. */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        return value.isScalarValue() ? parser.getText() : skip(parser, "");
    }

    private static String bodyEncoding(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return skip(parser, null);
        }
        String encoding = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            if (field.equals("body_encoding")) {
                encoding = text(parser, token);
            } else {
                parser.skipChildren();
            }
        }
        return encoding;
    }

    private static void readHeaders(JsonParser parser, JsonToken value, Map<String, Object> headers)
            throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_STRING) {
                headers.put(field, parser.getText());
            } else if (token == JsonToken.VALUE_NULL) {
                headers.remove(field);  // InboundMessage's headers hold no nulls
            } else {
                // Numbers, booleans and nested values, as their JSON text (rare: kombu sends strings).
                JsonNode node = parser.readValueAsTree();
                headers.put(field, node.toString());
            }
        }
    }
}
