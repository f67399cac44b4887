package io.celerymon.output.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.output.OutputJson;

/**
 * Renders a call result as one JSON document:
 * <pre>
 * {"method": "stats", "broker": "redis://127.0.0.1:6379/0", "elapsed_ms": 1003.2,
 *  "replies": {"celery@a": {...}},      // every decoded reply, in arrival order, as
 *                                       // `celery inspect --json` prints it ({"error": ...} too)
 *  "latency_ms": {"celery@a": 12.3},    // every reply that arrived, decoded or not
 *  "missing": ["celery@b"],
 *  "errors": {"celery@c": "KeyError('x')"},  // error replies and undecodable ones; the latter
 *                                            // have no entry in "replies"
 *  "stale": ["celery@d"],
 *  "expected": {"source": "binding_set|destination|known_workers|count|none",
 *               "workers": [...], "count": 3},   // count -1: nothing was expected
 *  "ignored": {"duplicate": 0, "foreign_ticket": 0, "malformed": 0, "late": 0}}
 * </pre>
 * Milliseconds are rounded to 0.1. Secrets are redacted ({@link ReplyRedaction}); NaN and
 * infinities in replies become strings ({@link OutputJson}).
 */
public final class JsonRenderer implements CallRenderer {
    private final OutputJson json = new OutputJson();
    private final boolean pretty;

    /** Indented output. */
    public JsonRenderer() {
        this(true);
    }

    private JsonRenderer(boolean pretty) {
        this.pretty = pretty;
    }

    /** The same document on a single line. */
    public static JsonRenderer compact() {
        return new JsonRenderer(false);
    }

    @Override
    public String render(CallResult result) {
        ObjectNode document = document(result);
        return (pretty ? json.pretty(document) : json.compact(document)) + "\n";
    }

    /** The document described on this class, secrets already redacted. */
    public ObjectNode document(CallResult result) {
        CallResult safe = ReplyRedaction.redact(result);
        ObjectNode document = json.object();
        document.put("method", safe.method());
        document.put("broker", safe.broker());
        document.set("elapsed_ms", CallDocuments.millis(safe.elapsedMs()));
        ObjectNode replies = document.putObject("replies");
        ObjectNode latency = document.putObject("latency_ms");
        for (WorkerReply reply : safe.replies()) {
            if (reply.reply() != null) {
                replies.set(reply.hostname(), reply.reply());
            }
            latency.set(reply.hostname(), CallDocuments.millis(reply.latencyMs()));
        }
        document.set("missing", json.strings(safe.missing()));
        ObjectNode errors = document.putObject("errors");
        for (WorkerReply reply : safe.replies()) {
            if (!reply.ok()) {
                errors.put(reply.hostname(), reply.error());
            }
        }
        document.set("stale", json.strings(safe.stale()));
        document.set("expected", CallDocuments.expected(json, safe.expected()));
        document.set("ignored", CallDocuments.ignored(json, safe.ignored()));
        return document;
    }
}
