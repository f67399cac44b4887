package io.celerymon.secrets;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides passwords in free text: error messages, worker replies, process environments, a probe's
 * output. Every rule keeps the text readable around what it hides.
 */
public final class SecretText {
    /**
     * The password of {@code scheme://user:password@host}: it runs to the last {@code @} before
     * whitespace, a quote or the {@code ;} that starts the next URL of a failover list, so an
     * unencoded {@code @} or {@code /} in it cannot leak its tail while every entry of a list
     * keeps its host; the price is that text like {@code http://h:1/x@y} is over-masked.
     */
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.\\-]*://[^\\s/?#@:'\"<>]*:)((?:(?!;[A-Za-z][A-Za-z0-9+.\\-]*://)[^\\s'\"<>])*)@");
    private static final Pattern QUERY_PARAMETER = Pattern.compile(
            "([?&;]([^=&;#?\\s'\"<>]+)=)([^&;#\\s'\"<>]*)");
    /** {@code name = value}, {@code "name": "value"}, {@code name='value'} with a secret-looking name. */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)(\\w*(?:pass|secret|token|key)\\w*['\"]?\\s*[:=]\\s*['\"]?)[^\\s'\",}]+");
    private static final Pattern USER_INFO = Pattern.compile("//\\S*@");

    private SecretText() {
    }

    /**
     * The text with URL passwords and the values of secret parameters ({@link
     * SecretNames#isSecretParameter}) replaced by {@code ****}; null stays null. A password that
     * is already masked ({@code ********}, as Celery prints it) is kept as it is.
     */
    public static String mask(String text) {
        // Plain character checks first: every event carries strings, and the regexes below are
        // needed only for text that can hold a URL with a password or a parameter.
        if (text == null) {
            return null;
        }
        boolean url = mayHoldUrlPassword(text);
        boolean query = text.indexOf('=') >= 0;
        if (!url && !query) {
            return text;
        }
        String masked = text;
        if (url) {
            masked = URL_PASSWORD.matcher(text).replaceAll(m -> m.group(2).matches("\\*+")
                    ? Matcher.quoteReplacement(m.group())
                    : Matcher.quoteReplacement(m.group(1)) + Masks.PASSWORD + "@");
        }
        if (query) {
            masked = QUERY_PARAMETER.matcher(masked).replaceAll(m -> SecretNames.isSecretParameter(m.group(2))
                    ? Matcher.quoteReplacement(m.group(1)) + Masks.PASSWORD
                    : Matcher.quoteReplacement(m.group()));
        }
        return masked;
    }

    /**
     * Whether {@link #mask} could change this text: a URL whose password is not masked yet, or a
     * secret parameter ({@code ?token=}). It only looks around each {@code ://} and {@code =}
     * (found by {@link String#indexOf}, which the JVM runs as a vector search), without allocation,
     * so that lines which only look alike ({@code redis://:****@h}, {@code celery@host},
     * {@code a=b}) pass without the regular expressions; it may say yes where {@link #mask} then
     * changes nothing.
     */
    public static boolean mayNeedMasking(String text) {
        int to = text.length();
        for (int at = text.indexOf("://"); at >= 0; at = text.indexOf("://", at + 3)) {
            if (unmaskedPasswordAfter(text, at + 3, to)) {
                return true;
            }
        }
        for (int eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
            if (secretParameterBefore(text, 0, eq)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #URL_PASSWORD}: {@code user:password@}, the password not only asterisks. */
    private static boolean unmaskedPasswordAfter(String text, int start, int to) {
        int i = start;
        while (i < to && "/?#@:'\"<>".indexOf(text.charAt(i)) < 0 && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= to || text.charAt(i) != ':') {
            return false;
        }
        boolean onlyStars = true;
        boolean unmasked = false;
        for (int j = i + 1; j < to; j++) {
            char c = text.charAt(j);
            if (Character.isWhitespace(c) || "'\"<>".indexOf(c) >= 0 || (c == ';' && urlStartsAt(text, j + 1, to))) {
                break;
            }
            if (c == '@') {
                unmasked |= !onlyStars || j == i + 1;
            }
            onlyStars &= c == '*';
        }
        return unmasked;
    }

    private static boolean urlStartsAt(String text, int start, int to) {
        int i = start;
        while (i < to && (Character.isLetterOrDigit(text.charAt(i)) || "+.-".indexOf(text.charAt(i)) >= 0)) {
            i++;
        }
        return i > start && i + 2 < to && text.charAt(i) == ':' && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/';
    }

    /** Whether the {@code =} at {@code eq} ends {@code ?name}, {@code &name} or {@code ;name} with a secret name. */
    private static boolean secretParameterBefore(String text, int from, int eq) {
        int start = eq;
        while (start > from && "?&;=#'\"<>".indexOf(text.charAt(start - 1)) < 0
                && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        if (start == eq || start == from || "?&;".indexOf(text.charAt(start - 1)) < 0) {
            return false;
        }
        return SecretNames.isSecretParameter(text.subSequence(start, eq).toString());
    }

    /**
     * As {@link #mask}, and also the value of any {@code name = value} or {@code "name": "value"}
     * whose name holds pass, secret, token or key: for what a program printed (a traceback, a
     * log line), where a secret is more often assigned than put in a URL.
     */
    public static String maskAssignments(String text) {
        if (text == null) {
            return null;
        }
        return SECRET_ASSIGNMENT.matcher(mask(text)).replaceAll("$1" + Masks.PASSWORD);
    }

    /**
     * For a URL that did not parse: everything that may be userinfo, up to its last {@code @}
     * (before whitespace), is hidden whole: a password may hold an unencoded {@code /} or {@code @}.
     */
    public static String maskUserInfo(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("//" + Masks.PASSWORD + "@");
    }

    /**
     * A parsed URL for display: its password hidden, and userinfo without a colon hidden whole,
     * as it is often a token rather than a user name; secret parameters hidden as in {@link #mask}.
     */
    public static String maskUrl(URI url) {
        String shown = url.toString();
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String shownUser = colon < 0 ? Masks.PASSWORD : userInfo.substring(0, colon) + ":" + Masks.PASSWORD;
            shown = shown.replace(userInfo + "@", shownUser + "@");
        }
        return mask(shown);
    }

    private static boolean mayHoldUrlPassword(String text) {
        return text.contains("://") && text.indexOf('@') >= 0;
    }
}
