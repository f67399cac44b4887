package io.celerymon.secrets;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key rule: which names (JSON keys, settings, environment variables, URL parameters) say that
 * their value is a secret.
 *
 * <p>A key matching Celery's own pattern (case-insensitive substring
 * {@code API|TOKEN|KEY|SECRET|PASS|PROFANITIES_LIST|SIGNATURE|DATABASE|BEAT_DBURI}) is hidden,
 * except that {@code routing_key} and {@code binding_key} (and names ending in them, e.g.
 * {@code task_default_routing_key}) are AMQP routing data, not secrets: the pattern is tested on
 * the key with those words removed, so {@code routing_key} is shown while
 * {@code routing_key_secret} is still hidden. Being a substring rule it also hides harmless
 * values ({@code monkey}, {@code passenger}, {@code keyprefix}); a hidden harmless value is
 * preferred to a shown secret.
 */
public final class SecretNames {
    private static final Pattern HIDDEN_KEY = Pattern.compile(
            "API|TOKEN|KEY|SECRET|PASS|PROFANITIES_LIST|SIGNATURE|DATABASE|BEAT_DBURI",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ROUTING_WORDS = Pattern.compile(
            "(?:routing|binding)_?key", Pattern.CASE_INSENSITIVE);

    private SecretNames() {
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
     * A cheap pre-check of {@link #isHiddenKey} with the same words (ASCII case-insensitive, as
     * the pattern is): most keys contain none of them. Allocation-free, as it runs for every key
     * of every event.
     */
    public static boolean mayBeHidden(String key) {
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

    /**
     * Whether a URL query parameter of this name carries a secret: kombu takes none, but people
     * try ({@code ?password=}, {@code ?token=}, {@code ?client_secret=}, {@code ?pwd=}).
     */
    public static boolean isSecretParameter(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("pass") || lower.contains("secret") || lower.contains("token")
                || lower.equals("pwd");
    }

    private static boolean at(String key, int offset, String word) {
        return key.regionMatches(true, offset, word, 0, word.length());
    }
}
