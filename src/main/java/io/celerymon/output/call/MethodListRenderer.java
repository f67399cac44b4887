package io.celerymon.output.call;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.inspect.InspectMethod;
import io.celerymon.output.OutputFormat;
import io.celerymon.output.OutputJson;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code inspect --list}: the inspect methods with a one-line summary each, as a table, one JSON
 * document {@code {"methods": [{"name": …, "summary": …}]}}, or one such object per NDJSON line.
 */
public final class MethodListRenderer {

    private final OutputJson json = new OutputJson();

    /** The list in {@code format}, ending with a newline. */
    public String render(OutputFormat format) {
        return switch (format) {
            case TABLE -> Arrays.stream(InspectMethod.values())
                    .map(m -> String.format("%-14s %s%n", m.wireName(), m.summary()))
                    .collect(Collectors.joining());
            case JSON -> {
                ObjectNode doc = json.object();
                ArrayNode methods = doc.putArray("methods");
                Arrays.stream(InspectMethod.values()).forEach(m -> methods.add(method(m)));
                yield json.pretty(doc) + "\n";
            }
            case NDJSON -> Arrays.stream(InspectMethod.values())
                    .map(m -> json.compact(method(m)) + "\n")
                    .collect(Collectors.joining());
        };
    }

    private ObjectNode method(InspectMethod method) {
        return json.object().put("name", method.wireName()).put("summary", method.summary());
    }
}
