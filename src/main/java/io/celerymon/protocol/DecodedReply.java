package io.celerymon.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** What a reply message turned out to be, before it is matched to the call. */
public sealed interface DecodedReply {

    /** The ticket header, or null when the worker sent none (kombu < 2.5 compatibility). */
    String ticket();

    /** A JSON reply {@code {"<hostname>": value}}. */
    record Answer(String ticket, String hostname, JsonNode value) implements DecodedReply {
    }

    /**
     * A reply celerymon will not decode (pickle, YAML, msgpack, compressed, too large); the
     * hostname is read from the payload's first key where that is possible without decoding.
     */
    record Refused(String ticket, String hostname, String reason) implements DecodedReply {
    }

    /** Not a reply at all: unparseable JSON, not one-key object. */
    record Malformed(String ticket, String reason) implements DecodedReply {
    }
}
