package io.celerymon.broker;

import java.util.Map;

/**
 * One message taken off a reply queue, transport details removed: the body is the raw serialized
 * payload (already base64-decoded on Redis), never deserialized here.
 */
public record InboundMessage(String contentType, String contentEncoding, Map<String, Object> headers, byte[] body,
                             long receivedNanos) {
    public InboundMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
