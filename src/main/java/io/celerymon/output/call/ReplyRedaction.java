package io.celerymon.output.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.secrets.SecretJson;
import io.celerymon.secrets.SecretText;
import java.util.Map;

/**
 * Applies the masking rules ({@link io.celerymon.secrets}) to whole call results before anything
 * is printed.
 *
 * <p>Celery censors only {@code conf} (by setting name, {@code filter_hidden_settings}) and masks
 * passwords in broker and backend URLs; {@code stats.broker.transport_options} (sentinel
 * passwords), task arguments in {@code active}/{@code reserved}/{@code scheduled} and the text of
 * {@code report} reach the client as the worker has them, so every reply goes through
 * {@link SecretJson}. What is known of the reply shapes is applied here: the keys of
 * {@code stats.total} are task names and the top-level keys of a {@code query_task} reply are
 * task ids; they are data, never judged by the key rule, so a task called
 * {@code tasks.rotate_api_key} keeps its count. Everything below them is judged normally.
 */
public final class ReplyRedaction {

    private ReplyRedaction() {
    }

    /** A redacted deep copy of one worker's reply to {@code method}; the input is not changed. */
    public static JsonNode redact(String method, JsonNode reply) {
        if (reply == null) {
            return null;
        }
        String canonical = MethodNames.canonical(method);
        if (!reply.isObject()) {
            return SecretJson.redact(reply);
        }
        if (canonical.equals("query_task")) {
            return SecretJson.redactKeyedByData(reply);
        }
        if (canonical.equals("stats")) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : reply.properties()) {
                JsonNode value = field.getValue();
                if (field.getKey().equals("total") && value.isObject()) {
                    copy.set("total", SecretJson.redactKeyedByData(value));
                } else {
                    copy.set(SecretText.mask(field.getKey()), SecretJson.redactField(field.getKey(), value));
                }
            }
            return copy;
        }
        return SecretJson.redact(reply);
    }

    /** A redacted copy of a whole call result: replies, error texts and the broker string. */
    public static CallResult redact(CallResult result) {
        return new CallResult(result.method(), SecretText.mask(result.broker()), result.elapsedMs(),
                result.replies().stream().map(r -> redact(result.method(), r)).toList(),
                result.missing(), result.stale(), result.expected(), result.ignored());
    }

    private static WorkerReply redact(String method, WorkerReply reply) {
        return new WorkerReply(reply.hostname(), redact(method, reply.reply()),
                reply.error() == null ? null : SecretText.mask(reply.error()), reply.latencyMs());
    }
}
