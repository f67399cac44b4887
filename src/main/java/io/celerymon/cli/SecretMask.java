package io.celerymon.cli;

import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerUrl;
import java.util.ArrayList;
import java.util.List;

/**
 * The last line of defence for secrets: every error line and stack trace the CLI prints passes
 * through here, and any password of the resolved configuration is replaced, wherever a library
 * may have echoed it.
 */
final class SecretMask {

    private final List<String> secrets = new ArrayList<>();

    void add(BrokerConfig config) {
        for (BrokerUrl url : config.urls()) {
            addSecret(url.password());
        }
        addSecret(config.sentinelPassword());
    }

    void addSecret(String secret) {
        // Very short secrets would mask unrelated text; they are still never printed by our code.
        if (secret != null && secret.length() >= 3) {
            secrets.add(secret);
            String encoded = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
            if (!encoded.equals(secret)) {
                secrets.add(encoded);
            }
        }
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }
}
