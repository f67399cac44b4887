package io.celerymon.output.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.events.CeleryEvent;
import io.celerymon.output.TerminalText;
import io.celerymon.secrets.SecretJson;
import io.celerymon.secrets.SecretText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders each event as one readable line for a person watching the stream:
 * <pre>
 * 16:40:33.123  worker-heartbeat  w1@lab  freq=2.0 active=1 processed=12 load=0.42
 * 16:40:33.200  task-received     w1@lab  tasks.add[5d9ba33f] [1, 2]
 * 16:40:33.201  task-succeeded    w1@lab  [5d9ba33f] runtime=0.003s result=3
 * 16:40:42.600  celerymon-heartbeat-gap  w1@lab  gap=9.4s (freq 2.0s)
 * </pre>
 * The time is when celerymon received the event, in UTC (the sender's clock may be skewed). Long
 * arguments, results and exceptions are cut; every text from the event is cleaned with
 * {@link TerminalText} after secrets are hidden with {@link SecretJson}.
 *
 * <p>Synthetic events are read by these field names: {@code celerymon-heartbeat-gap} from
 * {@code gap_seconds} (or {@code gap}) and {@code freq}; {@code celerymon-heartbeat-stalled} from
 * {@code silent_seconds} (or {@code silent}) and {@code freq}.
 */
public final class EventTableRenderer {
    private static final int TEXT_MAX = 80;
    private static final int LINE_DIGEST_MAX = 160;
    /** Fields every event carries that say nothing to a person reading the stream. */
    private static final Set<String> ROUTINE = Set.of("type", "hostname", "timestamp", "utcoffset", "pid",
            "clock", "local_received");

    /** The event as one line, ending in a newline. */
    public String render(CeleryEvent event) {
        JsonNode fields = SecretJson.redact(event.fields());
        String line = String.format(Locale.ROOT, "%s  %-16s  %-14s  %s",
                EventText.clockMillis(event.localReceived()),
                TerminalText.clean(SecretText.mask(event.type())),
                TerminalText.clean(SecretText.mask(event.hostname())),
                TerminalText.cut(digest(event.type(), fields), LINE_DIGEST_MAX));
        return line.stripTrailing() + "\n";
    }

    /** The short, type-specific part of the line; already terminal-safe. */
    static String digest(String type, JsonNode fields) {
        switch (type) {
            case "worker-heartbeat", "worker-online", "worker-offline" -> {
                return heartbeat(fields);
            }
            case "task-received", "task-sent" -> {
                StringBuilder out = new StringBuilder(text(fields, "name")).append(taskId(fields));
                appendIfPresent(out, text(fields, "args"));
                String kwargs = text(fields, "kwargs");
                if (!kwargs.equals("{}")) {
                    appendIfPresent(out, kwargs);
                }
                return out.toString();
            }
            case "task-succeeded" -> {
                StringBuilder out = new StringBuilder(taskId(fields));
                JsonNode runtime = fields.path("runtime");
                if (runtime.isNumber()) {
                    out.append(String.format(Locale.ROOT, " runtime=%.3fs", runtime.doubleValue()));
                }
                if (fields.has("result")) {
                    out.append(" result=").append(text(fields, "result"));
                }
                return out.toString();
            }
            case "task-failed", "task-retried" -> {
                StringBuilder out = new StringBuilder(taskId(fields));
                appendIfPresent(out, text(fields, "exception"));
                return out.toString();
            }
            case "celerymon-heartbeat-gap" -> {
                return "gap=" + EventText.seconds(number(fields, "gap_seconds", "gap"))
                        + freqNote(fields);
            }
            case "celerymon-heartbeat-stalled" -> {
                return "silent " + EventText.seconds(number(fields, "silent_seconds", "silent"))
                        + freqNote(fields);
            }
            default -> {
                return others(type, fields);
            }
        }
    }

    private static String heartbeat(JsonNode fields) {
        List<String> parts = new ArrayList<>();
        if (fields.path("freq").isNumber()) {
            parts.add("freq=" + EventText.number(fields.get("freq").doubleValue()));
        }
        for (String key : List.of("active", "processed")) {
            if (fields.has(key) && !fields.get(key).isNull()) {
                parts.add(key + "=" + text(fields, key));
            }
        }
        JsonNode load = fields.path("loadavg").path(0);
        if (load.isNumber()) {
            parts.add("load=" + EventText.number(load.doubleValue()));
        }
        return String.join(" ", parts);
    }

    private static String others(String type, JsonNode fields) {
        StringBuilder out = new StringBuilder();
        boolean idShown = type.startsWith("task-") && fields.has("uuid");
        if (idShown) {
            out.append(taskId(fields));
        }
        if (fields.isObject()) {
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                String key = field.getKey();
                if (ROUTINE.contains(key) || idShown && key.equals("uuid")) {
                    continue;
                }
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(TerminalText.clean(key)).append('=').append(value(field.getValue()));
            }
        }
        return out.toString();
    }

    private static String freqNote(JsonNode fields) {
        JsonNode freq = fields.path("freq");
        return freq.isNumber() ? " (freq " + EventText.seconds(freq.doubleValue()) + ")" : "";
    }

    private static double number(JsonNode fields, String key, String fallback) {
        JsonNode node = fields.has(key) ? fields.get(key) : fields.path(fallback);
        return node.isNumber() ? node.doubleValue() : Double.NaN;
    }

    private static String taskId(JsonNode fields) {
        return "[" + EventText.uuid8(fields.path("uuid").asText("")) + "]";
    }

    private static void appendIfPresent(StringBuilder out, String text) {
        if (!text.isEmpty()) {
            out.append(' ').append(text);
        }
    }

    /** A field as cleaned, cut text; empty when absent or null. */
    private static String text(JsonNode fields, String key) {
        JsonNode node = fields.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        return value(node);
    }

    private static String value(JsonNode node) {
        String raw = node.isTextual() ? node.textValue() : node.toString();
        return TerminalText.cut(TerminalText.clean(raw), TEXT_MAX);
    }
}
