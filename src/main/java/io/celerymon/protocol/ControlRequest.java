package io.celerymon.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a Celery remote-control "call" (kombu {@code Mailbox._broadcast}): always a
 * destination array or null, and a matcher whenever there is a pattern, because workers treat
 * anything else differently (protocol.md 1.5).
 */
public record ControlRequest(String method, Map<String, Object> arguments, List<String> destination,
                             String pattern, String matcher, String ticket, String replyExchange,
                             String replyRoutingKey) {

    public ControlRequest {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        destination = destination == null || destination.isEmpty() ? null : List.copyOf(destination);
        if (pattern != null && matcher == null) {
            matcher = "glob";
        }
    }

    /** The request as the JSON object workers decode. */
    public Map<String, Object> toWire() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", method);
        body.put("arguments", arguments);
        body.put("destination", destination);
        body.put("pattern", pattern);
        body.put("matcher", pattern == null ? null : matcher);
        body.put("ticket", ticket);
        body.put("reply_to", Map.of("exchange", replyExchange, "routing_key", replyRoutingKey));
        return body;
    }
}
