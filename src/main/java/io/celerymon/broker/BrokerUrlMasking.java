package io.celerymon.broker;

import io.celerymon.secrets.Masks;
import io.celerymon.secrets.SecretNames;
import java.util.regex.Pattern;

/**
 * Renders broker URLs for display with the password replaced: parsed {@link BrokerUrl}s, and raw
 * text that may not parse at all (for error messages).
 */
final class BrokerUrlMasking {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private BrokerUrlMasking() {
    }

    static String mask(BrokerUrl url) {
        StringBuilder out = new StringBuilder(url.scheme()).append("://");
        if (url.username() != null || url.password() != null) {
            if (url.username() != null) {
                // Encoded so that the display parses back to the same user name.
                out.append(PercentCoding.encode(url.username(), "!$&'()*+,="));
            }
            if (url.password() != null) {
                out.append(':').append(Masks.PASSWORD);
            }
            out.append('@');
        }
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        out.append(host).append(':').append(url.port()).append('/');
        if (url.transport() == Transport.REDIS) {
            out.append(url.path());
        } else {
            // kombu strips one leading '/', so vhost "/" shows as "//" and "a/b" as "/a/b".
            out.append(PercentCoding.encode(url.path(), "/!$&'()*+,=:@"));
        }
        return out.toString();
    }

    /**
     * Masks text that claims to be a broker URL (or a ';'-separated list of them) without
     * trusting it to be well formed. Everything before the last '@' after the scheme is treated
     * as credentials, so a password holding unencoded '/', '?', '#' or '@' is still hidden. When
     * there is no '@', a "port" that is not a port number is hidden with all that follows it,
     * since {@code redis://user:secret} (host forgotten) would otherwise show the secret. In a
     * list, a piece without a scheme may be the tail of a password cut at an unencoded ';', so
     * it is hidden up to its last '@'.
     */
    static String maskText(String text) {
        if (text == null) {
            return "";
        }
        String[] pieces = text.split(";", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                out.append(';');
            }
            out.append(maskPiece(pieces[i], pieces.length > 1));
        }
        return out.toString();
    }

    /** Masks one piece of a list; {@code inList} when other ';'-separated pieces surround it. */
    static String maskPiece(String rawPiece, boolean inList) {
        String piece = rawPiece.strip();
        int schemeEnd = piece.indexOf("://");
        boolean hasScheme = schemeEnd > 0 && SCHEME.matcher(piece.substring(0, schemeEnd)).matches();
        String prefix = hasScheme ? piece.substring(0, schemeEnd + 3) : "";
        String rest = hasScheme ? piece.substring(schemeEnd + 3) : piece;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            String shown;
            if (!hasScheme) {
                // Without a scheme this may be the tail of a password split at an unencoded ';'.
                shown = Masks.PASSWORD;
            } else {
                int colon = userinfo.indexOf(':');
                shown = colon < 0 ? userinfo : userinfo.substring(0, colon) + ":" + Masks.PASSWORD;
            }
            return prefix + shown + "@" + maskQuery(rest.substring(at + 1));
        }
        if (!hasScheme && inList && !piece.isEmpty()) {
            return Masks.PASSWORD;
        }
        int authorityEnd = indexOfAny(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        String masked = maskBarePort(authority);
        return prefix + (masked.equals(authority) ? authority + maskQuery(rest.substring(authorityEnd)) : masked);
    }

    private static String maskBarePort(String authority) {
        int colon;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            colon = close < 0 ? -1 : authority.indexOf(':', close);
        } else {
            colon = authority.indexOf(':');
        }
        if (colon < 0) {
            return authority;
        }
        String port = authority.substring(colon + 1);
        if (port.isEmpty() || validPort(port)) {
            return authority;
        }
        return authority.substring(0, colon + 1) + Masks.PASSWORD;
    }

    private static boolean validPort(String port) {
        return PORT.matcher(port).matches() && Integer.parseInt(port) <= 65535;
    }

    /**
     * Hides the query from the first secret parameter on ({@link SecretNames#isSecretParameter}):
     * an unencoded '&' in its value would otherwise show the value's tail.
     */
    private static String maskQuery(String tail) {
        int q = tail.indexOf('?');
        if (q < 0) {
            return tail;
        }
        StringBuilder out = new StringBuilder(tail.substring(0, q + 1));
        String[] pairs = tail.substring(q + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            int eq = pairs[i].indexOf('=');
            String key = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
            if (eq >= 0 && SecretNames.isSecretParameter(key)) {
                return out.append(key).append('=').append(Masks.PASSWORD).toString();
            }
            out.append(pairs[i]);
        }
        return out.toString();
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
