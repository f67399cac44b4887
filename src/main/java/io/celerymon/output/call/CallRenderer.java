package io.celerymon.output.call;

import io.celerymon.inspect.CallResult;
import io.celerymon.output.OutputFormat;

/**
 * Turns the outcome of one control call into text, without computing anything new and without
 * doing I/O.
 *
 * <p>The text is complete: every line, the last one included, ends with {@code \n}, so callers
 * print it with {@code print}, not {@code println}. Secrets are redacted with
 * {@link ReplyRedaction} before anything is rendered.
 */
public interface CallRenderer {

    /** Renders the call result; never null. */
    String render(CallResult result);

    /** A fresh renderer of inspect/control call results in {@code format}. */
    static CallRenderer of(OutputFormat format) {
        return switch (format) {
            case TABLE -> new TableRenderer();
            case JSON -> new JsonRenderer();
            case NDJSON -> new NdjsonRenderer();
        };
    }
}
