package io.celerymon.secrets;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The last line of defence: secrets known by value (the passwords of the resolved configuration),
 * replaced wherever a library may have echoed them, plain or URL-encoded.
 */
public final class KnownSecrets {
    /** Very short secrets would mask unrelated text; they are still never printed by our code. */
    private static final int MIN_LENGTH = 3;

    /** Written while options are resolved, read by every thread that prints. */
    private final List<String> secrets = new CopyOnWriteArrayList<>();

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

    /**
     * Remembers a password that goes with {@code user}. One equal to its user name (RabbitMQ's
     * {@code guest:guest}) is not hidden by value: that would hide the user name in every reply
     * and setting, while the name shows the password anyway; it is still hidden wherever it
     * stands as a password (URLs, parameters, assignments).
     */
    public void addPassword(String user, String password) {
        if (password != null && !password.equals(user)) {
            add(password);
        }
    }

    /**
     * Remembers the secrets a URL carries: its userinfo's password (the whole userinfo when it
     * has no colon: often a token) and the values of its secret query parameters ({@code ?token=}).
     */
    public void addFromUrl(URI url) {
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            String decoded = URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon >= 0) {
                addPassword(decoded.substring(0, colon), decoded.substring(colon + 1));
            } else {
                add(decoded);
            }
        }
        String query = url.getRawQuery();
        if (query != null) {
            for (String pair : query.split("[&;]")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && SecretNames.isSecretParameter(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8))) {
                    add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Whether any known secret occurs in {@code text}: for the outbound pass's quick test. */
    public boolean foundIn(String text) {
        for (String secret : secrets) {
            if (text.contains(secret)) {
                return true;
            }
        }
        return false;
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
