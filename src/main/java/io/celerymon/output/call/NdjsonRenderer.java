package io.celerymon.output.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.output.OutputJson;

/**
 * Renders a call result as newline-delimited JSON, one compact object per worker: replies in
 * arrival order, then missing workers, then stale pidboxes.
 * <pre>
 * {"method":"ping","broker":"...","hostname":"celery@a","status":"ok","latency_ms":1.2,
 *  "reply":{"ok":"pong"},"error":null}
 * </pre>
 * {@code status} is {@code ok}, {@code error}, {@code no_reply} or {@code stale}; every field is
 * present, null when it does not apply ({@code reply} is also null for an undecodable reply).
 * No workers, no lines: the result is then the empty string.
 */
public final class NdjsonRenderer implements CallRenderer {
    private final OutputJson json = new OutputJson();

    @Override
    public String render(CallResult result) {
        CallResult safe = ReplyRedaction.redact(result);
        StringBuilder out = new StringBuilder();
        for (WorkerReply reply : safe.replies()) {
            line(out, safe, reply.hostname(), reply.ok() ? "ok" : "error",
                    CallDocuments.millis(reply.latencyMs()), reply.reply(), reply.error());
        }
        for (String host : safe.missing()) {
            line(out, safe, host, "no_reply", NullNode.instance, null, null);
        }
        for (String host : safe.stale()) {
            line(out, safe, host, "stale", NullNode.instance, null, null);
        }
        return out.toString();
    }

    private void line(StringBuilder out, CallResult safe, String host, String status,
                      JsonNode latency, JsonNode reply, String error) {
        ObjectNode node = json.object();
        node.put("method", safe.method());
        node.put("broker", safe.broker());
        node.put("hostname", host);
        node.put("status", status);
        node.set("latency_ms", latency);
        node.set("reply", reply == null ? NullNode.instance : reply);
        node.put("error", error);
        out.append(json.compact(node)).append('\n');
    }
}
