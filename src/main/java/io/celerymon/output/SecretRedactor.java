package io.celerymon.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.WorkerReply;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Hides secrets in worker replies before anything is printed.
 *
 * <p>Celery censors only {@code conf} (by setting name, {@code filter_hidden_settings}) and masks
 * passwords in broker and backend URLs; {@code stats.broker.transport_options} (sentinel
 * passwords), task arguments in {@code active}/{@code reserved}/{@code scheduled} and the text of
 * {@code report} reach the client as the worker has them. The rule applied here to every reply:
 * <ol>
 *   <li><b>Key rule.</b> A key matching Celery's own pattern (case-insensitive substring
 *       {@code API|TOKEN|KEY|SECRET|PASS|PROFANITIES_LIST|SIGNATURE|DATABASE|BEAT_DBURI}) hides
 *       every string and number below it, at any depth, as {@code "********"}; null and
 *       booleans stay, as they cannot carry a secret, and the structure is kept. This is
 *       stricter than Celery, which recurses into a mapping with each inner key judged on its own
 *       (so {@code "database": {"pw": "x"}} would show {@code x}).</li>
 *   <li><b>Routing exception.</b> {@code routing_key} and {@code binding_key} (and names ending in
 *       them, e.g. {@code task_default_routing_key}) are AMQP routing data, not secrets, and
 *       appear in every {@code active_queues} entry and every task's {@code delivery_info}: the
 *       pattern is tested on the key with those words removed, so {@code routing_key} is shown
 *       while {@code routing_key_secret} is still hidden.</li>
 *   <li><b>Keys that are data, not names.</b> The keys of {@code stats.total} are task names and
 *       the top-level keys of a {@code query_task} reply are task ids; they are never judged, so a
 *       task called {@code tasks.rotate_api_key} keeps its count. Everything below them is
 *       judged normally.</li>
 *   <li><b>URL rule.</b> In every string (and object key), the password of a URL
 *       {@code scheme://user:password@host} becomes {@code ****}, and so does the value of a
 *       {@code password=}, {@code passwd=}, {@code pass=} or {@code pwd=} query parameter. The
 *       password runs to the last {@code @} before whitespace or a quote, so an unencoded
 *       {@code @} or {@code /} in it cannot leak its tail; the price is that text like
 *       {@code http://h:1/x@y} is over-masked.</li>
 * </ol>
 * Being a substring rule, the key rule also hides harmless values ({@code monkey},
 * {@code passenger}, {@code keyprefix}); a hidden harmless value is preferred to a shown secret.
 */
public final class SecretRedactor {
    /** What a hidden value becomes, as in Celery's {@code conf} censoring. */
    public static final String MASK = "********";

    private static final Pattern HIDDEN_KEY = Pattern.compile(
            "API|TOKEN|KEY|SECRET|PASS|PROFANITIES_LIST|SIGNATURE|DATABASE|BEAT_DBURI",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ROUTING_WORDS = Pattern.compile(
            "(?:routing|binding)_?key", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.\\-]*://[^\\s/?#@:'\"<>]*:)([^\\s'\"<>]*)@");
    private static final Pattern QUERY_PASSWORD = Pattern.compile(
            "([?&;](?:password|passwd|pass|pwd)=)[^&;#\\s'\"<>]*", Pattern.CASE_INSENSITIVE);

    private SecretRedactor() {
    }

    /** A redacted deep copy of one worker's reply to {@code method}; the input is not changed. */
    public static JsonNode redact(String method, JsonNode reply) {
        if (reply == null) {
            return null;
        }
        String canonical = MethodNames.canonical(method);
        if (reply.isObject() && (canonical.equals("stats") || canonical.equals("query_task"))) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : reply.properties()) {
                JsonNode value = field.getValue();
                if (canonical.equals("query_task")) {
                    copy.set(maskText(field.getKey()), walk(value, false));
                } else if (field.getKey().equals("total") && value.isObject()) {
                    copy.set("total", walkKeysAsData(value));
                } else {
                    copy.set(maskText(field.getKey()), walkField(field.getKey(), value, false));
                }
            }
            return copy;
        }
        return walk(reply, false);
    }

    /**
     * Whether {@link #redact} could change anything in {@code node}: a key that may be hidden, or
     * text that may hold a password. A read-only scan without allocation, for hot paths such as
     * the event stream, where almost nothing needs redacting.
     */
    public static boolean needsRedaction(JsonNode node) {
        return needsRedaction(node, SecretRedactor::keyMayNeedRedaction);
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
        return node.isTextual() && mayHoldPassword(node.textValue());
    }

    /** Whether {@link #redact} could change something because of this key: it may be hidden or hold a password. */
    public static boolean keyMayNeedRedaction(String key) {
        return mayBeHidden(key) || mayHoldPassword(key);
    }

    private static boolean mayHoldPassword(String text) {
        return text.indexOf('=') >= 0 || text.contains("://") && text.indexOf('@') >= 0;
    }

    /** A redacted copy of a whole call result: replies, error texts and the broker string. */
    public static CallResult redact(CallResult result) {
        return new CallResult(result.method(), maskText(result.broker()), result.elapsedMs(),
                result.replies().stream().map(r -> redact(result.method(), r)).toList(),
                result.missing(), result.stale(), result.expected(), result.ignored());
    }

    private static WorkerReply redact(String method, WorkerReply reply) {
        return new WorkerReply(reply.hostname(), redact(method, reply.reply()),
                reply.error() == null ? null : maskText(reply.error()), reply.latencyMs());
    }

    /** The text with URL and query-parameter passwords replaced by {@code ****}; null stays null. */
    public static String maskText(String text) {
        // Plain character checks first: every event carries strings, and the regexes below are
        // needed only for text that can hold a URL with a password or a password parameter.
        if (text == null) {
            return null;
        }
        boolean url = text.contains("://") && text.indexOf('@') >= 0;
        boolean query = text.indexOf('=') >= 0;
        if (!url && !query) {
            return text;
        }
        String masked = text;
        if (url) {
            // A password Celery already censored ("********") is kept as Celery printed it.
            masked = URL_PASSWORD.matcher(text).replaceAll(m -> m.group(2).matches("\\*+")
                    ? java.util.regex.Matcher.quoteReplacement(m.group())
                    : java.util.regex.Matcher.quoteReplacement(m.group(1)) + "****@");
        }
        return query ? QUERY_PASSWORD.matcher(masked).replaceAll("$1****") : masked;
    }

    /** Whether a value under this key is hidden (see the class comment). */
    public static boolean isHiddenKey(String key) {
        if (!mayBeHidden(key)) {
            return false;
        }
        String withoutRouting = ROUTING_WORDS.matcher(key).replaceAll("");
        return HIDDEN_KEY.matcher(withoutRouting).find();
    }

    /**
     * A cheap pre-check with the same words as {@code HIDDEN_KEY} (ASCII case-insensitive, as the
     * pattern is): most keys contain none of them. Allocation-free, as it runs for every key of
     * every event.
     */
    private static boolean mayBeHidden(String key) {
        for (int i = 0; i < key.length(); i++) {
            // c | 0x20 is a lower-case letter exactly when c is that letter in either case.
            boolean found = switch (key.charAt(i) | 0x20) {
                case 'a' -> at(key, i, "API");
                case 't' -> at(key, i, "TOKEN");
                case 'k' -> at(key, i, "KEY");
                case 's' -> at(key, i, "SECRET") || at(key, i, "SIGNATURE");
                case 'p' -> at(key, i, "PASS") || at(key, i, "PROFANITIES_LIST");
                case 'd' -> at(key, i, "DATABASE");
                case 'b' -> at(key, i, "BEAT_DBURI");
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean at(String key, int offset, String word) {
        return key.regionMatches(true, offset, word, 0, word.length());
    }

    private static JsonNode walkField(String key, JsonNode value, boolean hidden) {
        return walk(value, hidden || isHiddenKey(key));
    }

    private static JsonNode walk(JsonNode node, boolean hidden) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(maskText(field.getKey()), walkField(field.getKey(), field.getValue(), hidden));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(walk(element, hidden)));
            return copy;
        }
        if (hidden && (node.isTextual() || node.isNumber() || node.isBinary() || node.isPojo())) {
            return TextNode.valueOf(MASK);
        }
        if (node.isTextual()) {
            String masked = maskText(node.textValue());
            return masked.equals(node.textValue()) ? node : TextNode.valueOf(masked);
        }
        return node.deepCopy();
    }

    /** Keys here are data (task names), so only the values are judged, by the URL rule. */
    private static JsonNode walkKeysAsData(JsonNode object) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            copy.set(maskText(field.getKey()), walk(field.getValue(), false));
        }
        return copy;
    }
}
