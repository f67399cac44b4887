package io.celerymon.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.events.CeleryEvent;
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
 * under Celery's own names. Secrets are hidden by {@link SecretRedactor}'s key and URL rules;
 * NaN and infinities are written as strings, as everywhere in celerymon's JSON.
 */
public final class EventNdjsonRenderer {
    /** Keys this renderer writes itself; a field of the same name in the event is not repeated. */
    private static final Set<String> LEADING = Set.of("type", "hostname", "timestamp", "local_received", "broker");
    /** Not a control method: any name other than {@code stats}/{@code query_task} gets the plain rules. */
    private static final String REDACTION_CONTEXT = "event";

    private final OutputJson json = new OutputJson();
    private final String broker;

    /** @param broker the broker endpoint; masked again here, so a raw URL cannot leak its password */
    public EventNdjsonRenderer(String broker) {
        this.broker = SecretRedactor.maskText(broker);
    }

    /** The event as one JSON line, ending in a newline. */
    public String render(CeleryEvent event) {
        JsonNode redacted = SecretRedactor.needsRedaction(event.fields())
                ? SecretRedactor.redact(REDACTION_CONTEXT, event.fields()) : event.fields();
        ObjectNode fields = redacted.isObject() ? (ObjectNode) redacted : json.object();
        ObjectNode line = json.object();
        line.put("type", SecretRedactor.maskText(event.type()));
        line.put("hostname", SecretRedactor.maskText(event.hostname()));
        line.set("timestamp", timestamp(event, fields));
        line.put("local_received", event.localReceived());
        line.put("broker", broker);
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            if (!LEADING.contains(field.getKey())) {
                line.set(field.getKey(), field.getValue());
            }
        }
        return json.compact(line) + "\n";
    }

    /** The field as received when there is one (even if odd), else the record's value. */
    private static JsonNode timestamp(CeleryEvent event, ObjectNode fields) {
        JsonNode received = fields.get("timestamp");
        if (received != null) {
            return received;
        }
        return Double.isNaN(event.timestamp()) ? NullNode.instance : DoubleNode.valueOf(event.timestamp());
    }
}
