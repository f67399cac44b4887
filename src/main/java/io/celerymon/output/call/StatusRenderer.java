package io.celerymon.output.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.output.Millis;
import io.celerymon.output.OutputFormat;
import io.celerymon.output.OutputJson;
import io.celerymon.output.TerminalText;
import io.celerymon.output.TextTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code celerymon status}: who answered a ping.
 *
 * <p>JSON: <pre>
 * {"broker": "...", "elapsed_ms": 1003.2, "online": ["celery@a"], "missing": ["celery@b"],
 *  "stale": ["celery@d"], "errors": {"celery@c": "..."}, "latency_ms": {"celery@a": 1.2},
 *  "expected": {"source": ..., "workers": [...], "count": N},
 *  "ignored": {"duplicate": 0, "foreign_ticket": 0, "malformed": 0, "late": 0}}
 * </pre>
 * NDJSON: one line per worker, {@code {"broker","hostname","state","latency_ms","error"}}.
 * Table: {@code WORKER  STATE  LATENCY} with state {@code online}, {@code error}, {@code missing}
 * or {@code stale} (a {@code DETAIL} column appears when some worker answered with an error),
 * then a summary such as {@code 5 online, 1 missing (gevent@x)}.
 */
public final class StatusRenderer implements CallRenderer {
    private final OutputFormat format;
    private final OutputJson json = new OutputJson();

    public StatusRenderer(OutputFormat format) {
        this.format = format;
    }

    @Override
    public String render(CallResult result) {
        CallResult safe = ReplyRedaction.redact(result);
        return switch (format) {
            case JSON -> json.pretty(document(safe)) + "\n";
            case NDJSON -> lines(safe);
            case TABLE -> table(safe);
        };
    }

    /** The JSON document described on this class, secrets already redacted. */
    public ObjectNode document(CallResult result) {
        CallResult safe = ReplyRedaction.redact(result);
        ObjectNode document = json.object();
        document.put("broker", safe.broker());
        document.set("elapsed_ms", CallDocuments.millis(safe.elapsedMs()));
        document.set("online", json.strings(online(safe)));
        document.set("missing", json.strings(safe.missing()));
        document.set("stale", json.strings(safe.stale()));
        ObjectNode errors = document.putObject("errors");
        ObjectNode latency = document.putObject("latency_ms");
        for (WorkerReply reply : safe.replies()) {
            if (!reply.ok()) {
                errors.put(reply.hostname(), reply.error());
            }
            latency.set(reply.hostname(), CallDocuments.millis(reply.latencyMs()));
        }
        document.set("expected", CallDocuments.expected(json, safe.expected()));
        document.set("ignored", CallDocuments.ignored(json, safe.ignored()));
        return document;
    }

    private String lines(CallResult safe) {
        StringBuilder out = new StringBuilder();
        for (WorkerReply reply : safe.replies()) {
            line(out, safe, reply.hostname(), reply.ok() ? "online" : "error",
                    CallDocuments.millis(reply.latencyMs()), reply.error());
        }
        safe.missing().forEach(host -> line(out, safe, host, "missing", NullNode.instance, null));
        safe.stale().forEach(host -> line(out, safe, host, "stale", NullNode.instance, null));
        return out.toString();
    }

    private void line(StringBuilder out, CallResult safe, String host, String state,
                      JsonNode latency, String error) {
        ObjectNode node = json.object();
        node.put("broker", safe.broker());
        node.put("hostname", host);
        node.put("state", state);
        node.set("latency_ms", latency);
        node.put("error", error);
        out.append(json.compact(node)).append('\n');
    }

    private String table(CallResult safe) {
        boolean anyError = safe.okCount() < safe.replies().size();
        List<String> headers = anyError
                ? List.of("WORKER", "STATE", "LATENCY", "DETAIL")
                : List.of("WORKER", "STATE", "LATENCY");
        TextTable table = new TextTable(headers, false, false, true, false);
        for (WorkerReply reply : safe.replies()) {
            String detail = reply.ok() ? "" : TerminalText.cut(TerminalText.clean(reply.error()),
                    TableRenderer.ERROR_WIDTH);
            row(table, anyError, reply.hostname(), reply.ok() ? "online" : "error",
                    Millis.tenths(reply.latencyMs()), detail);
        }
        safe.missing().forEach(host -> row(table, anyError, host, "missing", "-", ""));
        safe.stale().forEach(host -> row(table, anyError, host, "stale", "-", ""));
        StringBuilder out = new StringBuilder();
        if (!table.isEmpty()) {
            out.append(table.render());
        }
        return out.append(summary(safe)).append('\n').toString();
    }

    private static void row(TextTable table, boolean withDetail, String host, String state,
                            String latency, String detail) {
        if (withDetail) {
            table.add(TerminalText.clean(host), state, latency, detail);
        } else {
            table.add(TerminalText.clean(host), state, latency);
        }
    }

    static String summary(CallResult safe) {
        List<String> parts = new ArrayList<>();
        parts.add(safe.okCount() + " online");
        List<String> errored = safe.replies().stream().filter(r -> !r.ok())
                .map(WorkerReply::hostname).toList();
        addGroup(parts, safe.missing(), "missing");
        addGroup(parts, errored, errored.size() == 1 ? "error" : "errors");
        addGroup(parts, safe.stale(), "stale");
        StringBuilder summary = new StringBuilder(String.join(", ", parts));
        summary.append(" in ").append(Millis.whole(safe.elapsedMs())).append(" ms");
        ExpectedWorkers expected = safe.expected() == null ? ExpectedWorkers.none() : safe.expected();
        if (expected.source() == ExpectedWorkers.Source.NONE) {
            summary.append(" (no expected set: waited the full timeout)");
        } else if (safe.missing().isEmpty() && expected.names().isEmpty()
                && safe.replies().size() < expected.count()) {
            summary.append(" (").append(expected.count()).append(" expected)");
        }
        if (safe.ignored() != null && safe.ignored().total() > 0) {
            summary.append("; ignored ").append(safe.ignored().total())
                    .append(safe.ignored().total() == 1 ? " message" : " messages");
        }
        return summary.toString();
    }

    private static void addGroup(List<String> parts, List<String> hosts, String label) {
        if (!hosts.isEmpty()) {
            parts.add(hosts.size() + " " + label + " (" + TableRenderer.cleanList(hosts) + ")");
        }
    }

    private static List<String> online(CallResult safe) {
        return safe.replies().stream().filter(WorkerReply::ok).map(WorkerReply::hostname).toList();
    }
}
