package io.celerymon.inspect;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One worker's answer to a control call.
 *
 * @param hostname the worker's node name, e.g. {@code celery@host}
 * @param reply the value exactly as {@code celery inspect <method> --json} shows it for this
 *     worker; null when the reply could not be decoded (see {@code error})
 * @param error null when the call succeeded; otherwise the worker's own error text (a reply of
 *     the form {@code {"error": "..."}}) or why celerymon did not decode the reply
 * @param latencyMs milliseconds from the publish to the arrival of this reply
 */
public record WorkerReply(String hostname, JsonNode reply, String error, double latencyMs) {

    public boolean ok() {
        return error == null;
    }
}
