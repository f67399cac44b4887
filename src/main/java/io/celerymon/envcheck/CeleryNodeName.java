package io.celerymon.envcheck;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node name a worker started with {@code -n/--hostname} (or without it) answers to, as Celery
 * computes it: a value without {@code @} is the host part and the name defaults to {@code celery};
 * then {@code %h} (host name), {@code %n} (its first label), {@code %d} (its domain), {@code %i} and
 * {@code %I} (the pool process index: {@code 0} and empty in the main process). Like Celery, only
 * {@code %} followed by a word character is an abbreviation; {@code %%} is left as it is.
 */
public final class CeleryNodeName {

    private static final Pattern ABBREVIATION = Pattern.compile("%(\\w)");

    private CeleryNodeName() {
    }

    /**
     * @param option the {@code -n} value, or null when the worker was started without one
     * @param hostname this host's name ({@code socket.gethostname()})
     */
    public static String of(String option, String hostname) {
        String raw = option == null ? "" : option;
        int at = raw.indexOf('@');
        String name = at < 0 ? "" : raw.substring(0, at);
        String host = at < 0 ? raw : raw.substring(at + 1);
        String node = (name.isEmpty() ? "celery" : name) + "@" + (host.isEmpty() ? hostname : host);
        return expand(node, hostname);
    }

    private static String expand(String node, String hostname) {
        int dot = hostname.indexOf('.');
        String shortName = dot < 0 ? hostname : hostname.substring(0, dot);
        String domain = dot < 0 ? "" : hostname.substring(dot + 1);
        return ABBREVIATION.matcher(node).replaceAll(match -> Matcher.quoteReplacement(
                switch (match.group(1)) {
                    case "h" -> hostname;
                    case "n" -> shortName;
                    case "d" -> domain;
                    case "i" -> "0";
                    case "I" -> "";
                    default -> match.group();
                }));
    }
}
