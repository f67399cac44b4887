package io.celerymon.output.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.output.TerminalText;
import io.celerymon.protocol.PoolKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-line summary of one worker's reply for the table view, e.g. {@code pong},
 * {@code pool=gevent conc=10 pid=123 uptime=250s tasks=3} or
 * {@code 2 tasks: tasks.sleep, tasks.spin}.
 *
 * <p>The digest only restates what the reply says. It is already safe for a terminal
 * ({@link TerminalText#clean}) and at most {@value #WIDTH} characters long. A reply whose shape
 * is not the one expected for its method, and a method without a digest of its own, is shown as
 * compact JSON, except that a control reply {@code {"ok": "text"}} is shown as its text.
 */
public final class ReplyDigest {
    /** The longest digest, in characters. */
    public static final int WIDTH = 60;

    private ReplyDigest() {
    }

    /** The digest of {@code reply}, a worker's answer to {@code method}; {@code -} for null. */
    public static String of(String method, JsonNode reply) {
        if (reply == null) {
            return "-";
        }
        String digest = switch (MethodNames.canonical(method)) {
            case "ping" -> okText(reply);
            case "stats" -> stats(reply);
            case "active", "reserved" -> tasks(reply);
            case "scheduled" -> count(reply, "scheduled", "scheduled");
            case "revoked" -> count(reply, "revoked", "revoked");
            case "registered" -> count(reply, "task", "tasks");
            case "active_queues" -> queues(reply);
            case "conf" -> reply.isObject() ? plural(reply.size(), "setting", "settings") : null;
            case "report" -> reply.path("ok").isTextual() ? firstLine(reply.path("ok").textValue()) : null;
            case "clock" -> reply.path("clock").isValueNode() ? "clock=" + reply.get("clock").asText() : null;
            case "memsample" -> reply.isNull() ? "n/a" : reply.isTextual() ? reply.textValue() : null;
            case "memdump" -> reply.isTextual() ? firstLine(reply.textValue()) : null;
            case "query_task" -> reply.isObject() ? reply.size() + " known" : null;
            default -> okText(reply);
        };
        if (digest == null) {
            digest = reply.toString();
        }
        return TerminalText.cut(TerminalText.clean(digest), WIDTH);
    }

    private static String okText(JsonNode reply) {
        JsonNode ok = reply.get("ok");
        if (reply.isObject() && reply.size() == 1 && ok != null && ok.isTextual()) {
            return ok.textValue();
        }
        return null;
    }

    private static String stats(JsonNode reply) {
        if (!reply.isObject()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add("pool=" + PoolKind.of(reply));
        JsonNode concurrency = reply.path("pool").get("max-concurrency");
        if (concurrency != null && concurrency.isValueNode()) {
            parts.add("conc=" + concurrency.asText());
        }
        if (reply.path("pid").isValueNode()) {
            parts.add("pid=" + reply.get("pid").asText());
        }
        if (reply.path("uptime").isNumber()) {
            parts.add("uptime=" + reply.get("uptime").asLong() + "s");
        }
        JsonNode total = reply.get("total");
        if (total != null && total.isObject()) {
            long sum = 0;
            for (JsonNode count : total) {
                sum += count.isNumber() ? count.asLong() : 0;
            }
            parts.add("tasks=" + sum);
        }
        return String.join(" ", parts);
    }

    private static String tasks(JsonNode reply) {
        if (!reply.isArray()) {
            return null;
        }
        // Group repeated names so that ten copies of one task do not push the others out of view.
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (JsonNode task : reply) {
            JsonNode name = task.get("name");
            String text = name != null && name.isTextual() ? name.textValue() : "?";
            byName.merge(text, 1, Integer::sum);
        }
        String head = plural(reply.size(), "task", "tasks");
        if (byName.isEmpty()) {
            return head;
        }
        List<String> names = new ArrayList<>();
        byName.forEach((name, n) -> names.add(n > 1 ? name + " x" + n : name));
        return head + ": " + String.join(", ", names);
    }

    private static String queues(JsonNode reply) {
        if (!reply.isArray()) {
            return null;
        }
        if (reply.isEmpty()) {
            return "no queues";
        }
        List<String> names = new ArrayList<>();
        for (JsonNode queue : reply) {
            JsonNode name = queue.get("name");
            names.add(name != null && name.isTextual() ? name.textValue() : "?");
        }
        return String.join(", ", names);
    }

    private static String count(JsonNode reply, String one, String many) {
        return reply.isArray() ? plural(reply.size(), one, many) : null;
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String firstLine(String text) {
        for (String line : text.split("\r?\n|\r")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }
}
