package io.celerymon.output.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.events.CeleryEvent;
import io.celerymon.output.JsonTrees;
import io.celerymon.output.OutputJson;
import io.celerymon.secrets.SecretJson;
import io.celerymon.secrets.SecretText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Renders each event as one compact JSON object on its own line (newline-delimited JSON).
 * <pre>
 * {"type":"worker-heartbeat","hostname":"w1@lab","timestamp":1795704609.41,
 *  "local_received":1795704609.42,"broker":"redis://:****@h:6379/0","utcoffset":0,"pid":12026,...}
 * </pre>
 * Keys: {@code type}, {@code hostname}, {@code timestamp} (the sender's raw epoch seconds as
 * received; null when the event had none), {@code local_received} (epoch seconds, celerymon's
 * clock), {@code broker} (the masked endpoint), then every other field in the order it arrived,
 * under Celery's own names. Secrets are hidden by the key and URL rules of {@link io.celerymon.secrets};
 * NaN and infinities are written as strings, as everywhere in celerymon's JSON. Not thread-safe:
 * one thread writes the stream.
 */
public final class EventNdjsonRenderer {
    /** Keys this renderer writes itself; a field of the same name in the event is not repeated. */
    private static final Set<String> LEADING = Set.of("type", "hostname", "timestamp", "local_received", "broker");
    /** Not a control method: any name other than {@code stats}/{@code query_task} gets the plain rules. */

    /** How many distinct keys the caches below remember; events reuse a few dozen, but any can come. */
    private static final int KEY_CACHE_LIMIT = 1024;

    private final OutputJson json = new OutputJson();
    /** {@link SecretJson#keyMayNeedRedaction} per key seen. */
    private final Map<String, Boolean> keyVerdicts = new HashMap<>();
    /** Field names already in their JSON form, for keys whose escaping cannot differ (plain ASCII). */
    private final Map<String, SerializableString> names = new HashMap<>();
    private final String broker;
    /** The generator writing to {@link #target}, made on first use and kept: one per output, not per line. */
    private JsonGenerator generator;
    private Writer target;

    /** @param broker the broker endpoint; masked again here, so a raw URL cannot leak its password */
    public EventNdjsonRenderer(String broker) {
        this.broker = SecretText.mask(broker);
    }

    /** The event as one JSON line, ending in a newline. */
    public String render(CeleryEvent event) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = json.lineGenerator(text)) {
            write(event, generator);
        } catch (IOException e) {
            // A StringWriter does not fail; reaching this is a bug, not bad input.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * Writes the event as one JSON line, ending in a newline, to {@code out}, straight from its
     * fields (no copy of the event, no String per line). The line is handed to {@code out} whole
     * before this returns; flushing {@code out} is the caller's choice.
     */
    public void write(CeleryEvent event, Writer out) throws IOException {
        if (out != target) {
            generator = json.lineGenerator(out);
            target = out;
        }
        write(event, generator);
    }

    private void write(CeleryEvent event, JsonGenerator out) throws IOException {
        JsonNode redacted = SecretJson.needsRedaction(event.fields(), this::keyMayNeedRedaction)
                ? SecretJson.redact(event.fields()) : event.fields();
        ObjectNode fields = redacted.isObject() ? (ObjectNode) redacted : json.object();
        out.writeStartObject();
        out.writeStringField("type", SecretText.mask(event.type()));
        out.writeStringField("hostname", SecretText.mask(event.hostname()));
        out.writeFieldName("timestamp");
        JsonNode timestamp = fields.get("timestamp");
        if (timestamp != null) {
            JsonTrees.write(timestamp, out);
        } else if (Double.isNaN(event.timestamp())) {
            out.writeNull();
        } else {
            out.writeNumber(event.timestamp());
        }
        out.writeFieldName("local_received");
        out.writeNumber(event.localReceived());
        out.writeStringField("broker", broker);
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            if (!LEADING.contains(field.getKey())) {
                writeName(field.getKey(), out);
                JsonTrees.write(field.getValue(), out);
            }
        }
        out.writeEndObject();
        out.writeRaw('\n');
        out.flush();
    }

    private boolean keyMayNeedRedaction(String key) {
        Boolean known = keyVerdicts.get(key);
        if (known != null) {
            return known;
        }
        boolean verdict = SecretJson.keyMayNeedRedaction(key);
        if (keyVerdicts.size() < KEY_CACHE_LIMIT) {
            keyVerdicts.put(key, verdict);
        }
        return verdict;
    }

    private void writeName(String key, JsonGenerator out) throws IOException {
        SerializableString name = names.get(key);
        if (name == null && names.size() < KEY_CACHE_LIMIT && plainAscii(key)) {
            name = new SerializedString(key);
            names.put(key, name);
        }
        if (name != null) {
            out.writeFieldName(name);
        } else {
            out.writeFieldName(key);
        }
    }

    /** Printable ASCII without quote or backslash: written the same with or without the terminal-safe escapes. */
    private static boolean plainAscii(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
