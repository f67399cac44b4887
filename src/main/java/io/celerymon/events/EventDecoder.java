package io.celerymon.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.broker.InboundMessage;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.protocol.ReplyDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one message from the {@code celeryev} exchange into the events it carries (protocol.md
 * 6.2, 6.4): an object is one event, an array ({@code task.multi}, possibly empty) one per
 * element. Only JSON is read, as for replies: any other content type, a compressed body, an
 * oversized body or an element that is not an event rejects the whole message with a
 * {@link DecodeException}.
 */
public final class EventDecoder {

    /** Bodies larger than this are refused before any parsing. */
    public static final int MAX_BODY_BYTES = ReplyDecoder.MAX_BODY_BYTES;

    private final CeleryJson json;

    public EventDecoder(CeleryJson json) {
        this.json = json;
    }

    /**
     * Decodes {@code message}.
     *
     * @param localReceivedEpochSeconds when celerymon received it, added to every event as
     *     {@code local_received} (as Celery's receiver does)
     */
    public List<CeleryEvent> decode(InboundMessage message, double localReceivedEpochSeconds) throws DecodeException {
        String contentType = message.contentType() == null ? "application/json"
                : message.contentType().toLowerCase(Locale.ROOT).trim();
        if (!contentType.equals("application/json")) {
            throw new DecodeException("event serialized as " + contentType + " is not decoded (JSON only)");
        }
        if (message.headers().containsKey("compression")) {
            throw new DecodeException("compressed event (" + message.headers().get("compression") + ") is not decoded");
        }
        if (message.body().length > MAX_BODY_BYTES) {
            throw new DecodeException("event message of " + message.body().length + " bytes is too large");
        }
        JsonNode tree;
        try {
            tree = json.read(message.body());
        } catch (IOException e) {
            throw new DecodeException("event message is not valid JSON");
        }
        if (tree == null || !(tree.isObject() || tree.isArray())) {
            throw new DecodeException("event message is neither an object nor a list");
        }
        List<CeleryEvent> events = new ArrayList<>(tree.isArray() ? tree.size() : 1);
        if (tree.isObject()) {
            events.add(event(tree, localReceivedEpochSeconds));
        } else {
            for (JsonNode element : tree) {
                events.add(event(element, localReceivedEpochSeconds));
            }
        }
        return events;
    }

    private static CeleryEvent event(JsonNode node, double localReceived) throws DecodeException {
        if (!node.isObject()) {
            throw new DecodeException("event list holds a " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an event object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new DecodeException("event has no string 'type'");
        }
        // The tree was parsed for this call alone, so it is handed on without a copy.
        ObjectNode fields = (ObjectNode) node;
        fields.put("local_received", localReceived);
        JsonNode hostname = node.get("hostname");
        JsonNode timestamp = node.get("timestamp");
        return new CeleryEvent(type.asText(), hostname != null && hostname.isTextual() ? hostname.asText() : "",
                timestamp != null && timestamp.isNumber() ? timestamp.doubleValue() : Double.NaN, localReceived,
                fields);
    }
}
