package io.celerymon.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.broker.InboundMessage;
import java.io.IOException;
import java.util.Locale;

/**
 * Turns a raw reply message into a {@link DecodedReply}. Only {@code application/json} is ever
 * deserialized: replies are unauthenticated, and pickle in particular is code execution in
 * Python and meaningless here (protocol.md 8).
 */
public final class ReplyDecoder {

    /** Bodies larger than this are refused before any parsing. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final CeleryJson json;

    public ReplyDecoder(CeleryJson json) {
        this.json = json;
    }

    public DecodedReply decode(InboundMessage message) {
        Object rawTicket = message.headers().get("ticket");
        String ticket = rawTicket == null ? null : rawTicket.toString();
        String contentType = message.contentType() == null ? "application/json"
                : message.contentType().toLowerCase(Locale.ROOT).trim();
        if (message.headers().containsKey("compression")) {
            return new DecodedReply.Refused(ticket, ReplyKeySniffer.firstKey(contentType, message.body()),
                    "compressed reply (" + message.headers().get("compression") + ") is not decoded");
        }
        if (!contentType.equals("application/json")) {
            return new DecodedReply.Refused(ticket, ReplyKeySniffer.firstKey(contentType, message.body()),
                    "reply serialized as " + describe(contentType) + " is not decoded (celerymon reads JSON only;"
                            + " set task_serializer='json' on the worker)");
        }
        if (message.body().length > MAX_BODY_BYTES) {
            return new DecodedReply.Malformed(ticket, "reply of " + message.body().length + " bytes is too large");
        }
        JsonNode tree;
        try {
            tree = json.read(message.body());
        } catch (IOException e) {
            return new DecodedReply.Malformed(ticket, "reply is not valid JSON");
        }
        if (tree == null || !tree.isObject() || tree.size() != 1) {
            return new DecodedReply.Malformed(ticket, "reply is not a one-key object {\"<hostname>\": ...}");
        }
        String hostname = tree.fieldNames().next();
        return new DecodedReply.Answer(ticket, hostname, tree.get(hostname));
    }

    private static String describe(String contentType) {
        return switch (contentType) {
            case "application/x-python-serialize" -> "pickle";
            case "application/x-yaml" -> "YAML";
            case "application/x-msgpack" -> "msgpack";
            case "application/data" -> "signed/raw data (application/data)";
            default -> contentType;
        };
    }
}
