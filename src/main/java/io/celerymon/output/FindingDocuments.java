package io.celerymon.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.celerymon.findings.Finding;
import io.celerymon.secrets.SecretText;
import java.util.List;

/**
 * Findings as JSON: {@code {"id", "severity", "subject", "summary", "evidence", "remedy"}}, the
 * severity as its label; evidence values as they are (strings masked once more).
 */
public final class FindingDocuments {
    private final ObjectMapper mapper = OutputJson.newMapper();

    /** One finding. */
    public ObjectNode finding(Finding finding) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", finding.id());
        node.put("severity", finding.severity().label());
        node.put("subject", SecretText.mask(finding.subject()));
        node.put("summary", SecretText.mask(finding.summary()));
        ObjectNode evidence = node.putObject("evidence");
        finding.evidence().forEach((key, value) -> evidence.set(key, maskStrings(mapper.valueToTree(value))));
        node.put("remedy", finding.remedy());
        return node;
    }

    /** Many findings, in the given order. */
    public ArrayNode findings(List<Finding> findings) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        findings.forEach(f -> array.add(finding(f)));
        return array;
    }

    /** URL passwords in evidence text are masked; keys are evidence names, never judged as secrets. */
    private static JsonNode maskStrings(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(SecretText.mask(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(maskStrings(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), maskStrings(e.getValue())));
            return copy;
        }
        return node;
    }
}
