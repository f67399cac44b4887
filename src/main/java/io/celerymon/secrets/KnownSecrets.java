package io.celerymon.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last line of defence: secrets known by value (the passwords of the resolved configuration),
 * replaced wherever a library may have echoed them, plain or URL-encoded.
 */
public final class KnownSecrets {
    /** Very short secrets would mask unrelated text; they are still never printed by our code. */
    private static final int MIN_LENGTH = 3;

    private final List<String> secrets = new ArrayList<>();

    /** Remembers one secret (null and very short ones are ignored). */
    public void add(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            secrets.add(secret);
            String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            if (!encoded.equals(secret)) {
                secrets.add(encoded);
            }
        }
    }

    /** The text with every known secret replaced by {@code ****}; null stays null. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, Masks.PASSWORD);
        }
        return out;
    }
}
