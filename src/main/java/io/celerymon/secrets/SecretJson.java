package io.celerymon.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The key rule applied to JSON trees: a key {@link SecretNames#isHiddenKey hidden by name} hides
 * every string and number below it, at any depth, as {@link Masks#VALUE}; null and booleans stay,
 * as they cannot carry a secret, and the structure is kept. This is stricter than Celery, which
 * recurses into a mapping with each inner key judged on its own (so {@code "database": {"pw":
 * "x"}} would show {@code x}). Every other string, and every key, goes through
 * {@link SecretText#mask}. Inputs are never changed: the results are copies.
 */
public final class SecretJson {
    /** Only parses and writes plain trees; shared because it is immutable once built. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SecretJson() {
    }

    /** A masked deep copy of {@code node}; null stays null. */
    public static JsonNode redact(JsonNode node) {
        return node == null ? null : walk(node, false);
    }

    /** As {@link #redact}, for a value that sits under {@code key}. */
    public static JsonNode redactField(String key, JsonNode value) {
        return walk(value, SecretNames.isHiddenKey(key));
    }

    /**
     * A masked copy of an object whose keys are data rather than names (task names, task ids):
     * the keys are not judged by the key rule, only masked as text; what is below them is judged
     * as usual.
     */
    public static ObjectNode redactKeyedByData(JsonNode object) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            copy.set(SecretText.mask(field.getKey()), walk(field.getValue(), false));
        }
        return copy;
    }

    /**
     * A text value that may itself be a document, as settings and environment variables often
     * are ({@code CELERY_BROKER_TRANSPORT_OPTIONS='{"sentinel_kwargs": {"password": "…"}}'}):
     * JSON is parsed and judged by the key rule, then written back compactly; Python dict text
     * ({@code {'password': '…'}}), which JSON cannot parse, gets {@link
     * SecretText#maskAssignments}; any other text {@link SecretText#mask}. Null stays null.
     */
    public static String redactText(String text) {
        if (text == null || !looksStructured(text)) {
            return SecretText.mask(text);
        }
        try {
            JsonNode parsed = MAPPER.readTree(text);
            if (parsed != null && parsed.isContainerNode()) {
                JsonNode redacted = walk(parsed, false);
                return redacted.equals(parsed) ? text : MAPPER.writeValueAsString(redacted);
            }
        } catch (JsonProcessingException notJson) {
            // Python's repr of a dict, most likely: judged by its assignments below.
        }
        return SecretText.maskAssignments(text);
    }

    /** Whether {@code text} opens like a JSON or Python container: a cheap test without allocation. */
    private static boolean looksStructured(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    /**
     * Whether {@link #redact} could change anything in {@code node}: a key that may be hidden, or
     * text that may hold a password. A read-only scan without allocation, for hot paths such as
     * the event stream, where almost nothing needs redacting.
     */
    public static boolean needsRedaction(JsonNode node) {
        return needsRedaction(node, SecretJson::keyMayNeedRedaction);
    }

    /**
     * As {@link #needsRedaction(JsonNode)}, asking {@code keyMayNeedRedaction} about each key: a
     * caller that sees the same keys over and over may answer from a cache of
     * {@link #keyMayNeedRedaction(String)}'s verdicts.
     */
    public static boolean needsRedaction(JsonNode node, Predicate<String> keyMayNeedRedaction) {
        if (node == null) {
            return false;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (keyMayNeedRedaction.test(field.getKey())
                        || needsRedaction(field.getValue(), keyMayNeedRedaction)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (needsRedaction(element, keyMayNeedRedaction)) {
                    return true;
                }
            }
            return false;
        }
        return node.isTextual() && textMayNeedRedaction(node.textValue());
    }

    /** Whether {@link #redactText} could change this text: allocation-free. */
    private static boolean textMayNeedRedaction(String text) {
        return SecretText.mayNeedMasking(text) || (looksStructured(text) && SecretNames.mayBeHidden(text));
    }

    /** Whether {@link #redact} could change something because of this key: it may be hidden or hold a password. */
    public static boolean keyMayNeedRedaction(String key) {
        return SecretNames.mayBeHidden(key) || SecretText.mayNeedMasking(key);
    }

    private static JsonNode walk(JsonNode node, boolean hidden) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(SecretText.mask(field.getKey()),
                        walk(field.getValue(), hidden || SecretNames.isHiddenKey(field.getKey())));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(walk(element, hidden)));
            return copy;
        }
        if (hidden && (node.isTextual() || node.isNumber() || node.isBinary() || node.isPojo())) {
            return TextNode.valueOf(Masks.VALUE);
        }
        if (node.isTextual()) {
            String masked = redactText(node.textValue());
            return masked.equals(node.textValue()) ? node : TextNode.valueOf(masked);
        }
        return node.deepCopy();
    }
}
