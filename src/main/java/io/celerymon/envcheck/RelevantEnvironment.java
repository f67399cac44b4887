package io.celerymon.envcheck;

import io.celerymon.secrets.Masks;
import io.celerymon.secrets.SecretJson;
import io.celerymon.secrets.SecretNames;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks the environment variables that decide whether and when an app monkey-patches, and masks
 * them: a name that says it is secret hides its value, and URL passwords are hidden in the rest.
 */
public final class RelevantEnvironment {
    private RelevantEnvironment() {
    }

    /** Whether env-check reports this variable. */
    public static boolean isRelevant(String name) {
        return name.startsWith("GEVENT_") || name.startsWith("EVENTLET_") || name.startsWith("CELERY_")
                || name.equals("FLASK_DEBUG") || name.equals("DEBUG");
    }

    /** The relevant variables of {@code env}, sorted by name, masked. */
    public static Map<String, String> of(Map<String, String> env) {
        Map<String, String> picked = new TreeMap<>();
        env.forEach((name, value) -> {
            if (isRelevant(name)) {
                picked.put(name, mask(name, value));
            }
        });
        return picked;
    }

    /**
     * One value as shown: hidden under a secret-sounding name; otherwise URL passwords masked, and
     * a value that is itself JSON or a Python dict judged key by key ({@code sentinel_kwargs}).
     */
    public static String mask(String name, String value) {
        return SecretNames.isHiddenKey(name) ? Masks.VALUE : SecretJson.redactText(value);
    }
}
