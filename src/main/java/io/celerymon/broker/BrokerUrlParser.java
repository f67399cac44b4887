package io.celerymon.broker;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses one broker URL (no ';') the way kombu's {@code url_to_parts} does: Python's
 * {@code urlparse} with HTTP semantics, then percent-decoding of user, password, host and path.
 */
final class BrokerUrlParser {
    static final String SCHEMES = "redis://, rediss://, sentinel://, amqp://, amqps:// or pyamqp://";

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            "redis", 6379, "rediss", 6379, "sentinel", 26379,
            "amqp", 5672, "pyamqp", 5672, "amqps", 5671);
    /** Query keys kombu's {@code Connection} accepts besides ssl_*; they do not change where we connect. */
    private static final Set<String> HARMLESS_KEYS = Set.of("insist", "connect_timeout", "login_method", "heartbeat");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** One parsed URL and the TLS options its query string carried. */
    record Piece(BrokerUrl url, UrlTlsOptions tls) {
    }

    private final String text;
    private final boolean inList;

    private BrokerUrlParser(String text, boolean inList) {
        this.text = text;
        this.inList = inList;
    }

    /** Parses {@code text}; {@code inList} when it is one entry of a ';'-separated list (masking needs to know). */
    static Piece parse(String text, boolean inList) {
        return new BrokerUrlParser(text, inList).parse();
    }

    private Piece parse() {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0 || !SCHEME.matcher(text.substring(0, schemeEnd)).matches()) {
            String hint = text.contains("@") && !text.contains("://")
                    ? " (if a password contains ';', percent-encode it as %3B)" : "";
            throw fail("no scheme; expected " + SCHEMES + hint);
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!DEFAULT_PORTS.containsKey(scheme)) {
            throw fail("unknown scheme '" + scheme + "'; expected " + SCHEMES);
        }
        String rest = text.substring(schemeEnd + 3);
        int netlocEnd = indexOfAny(rest, "/?#");
        String netloc = rest.substring(0, netlocEnd);
        String afterNetloc = rest.substring(netlocEnd);
        // Python's urlparse ends the authority at the first '/', '?' or '#'; an unencoded one in a
        // password would move the rest of the credentials into the path, and kombu would then
        // connect to the wrong host. Refuse rather than guess (and never echo those parts).
        if (netloc.indexOf('@') < 0 && afterNetloc.indexOf('@') >= 0) {
            throw fail("'@' after the host; percent-encode '/', '?', '#' and '@' in user names and passwords"
                    + " (and '@' elsewhere as %40)");
        }

        int at = netloc.lastIndexOf('@');
        String userinfo = at < 0 ? null : netloc.substring(0, at);
        HostPort hostPort = hostPort(netloc.substring(at + 1));
        int port = port(scheme, hostPort.portText(), at >= 0, netloc, afterNetloc);

        int fragment = afterNetloc.indexOf('#');
        String beforeFragment = fragment < 0 ? afterNetloc : afterNetloc.substring(0, fragment);
        int query = beforeFragment.indexOf('?');
        String rawPath = query < 0 ? beforeFragment : beforeFragment.substring(0, query);
        String rawQuery = query < 0 ? "" : beforeFragment.substring(query + 1);
        if (rawPath.startsWith("/")) {
            rawPath = rawPath.substring(1);
        }
        String path = PercentCoding.decode(rawPath, false);

        UrlTlsOptions tls = tlsOptions(scheme, rawQuery);
        if (tls.present() && scheme.equals("redis")) {
            // kombu switches to its TLS connection class whenever ssl options are given.
            scheme = "rediss";
        }
        boolean redis = scheme.startsWith("redis") || scheme.equals("sentinel");
        String normalizedPath = redis ? redisDb(path) : (path.isEmpty() ? "/" : path);
        return new Piece(new BrokerUrl(scheme, hostPort.host(), port, user(userinfo), password(userinfo),
                normalizedPath), tls);
    }

    private record HostPort(String host, String portText) {
    }

    /** Host (decoded, lower case, IPv6 without brackets) and the port text after it, as urlparse splits them. */
    private HostPort hostPort(String hostport) {
        String host;
        String portText;
        if (hostport.startsWith("[")) {
            int close = hostport.indexOf(']');
            if (close < 0) {
                throw fail("'[' in the host is not closed by ']'");
            }
            host = hostport.substring(1, close);
            String tail = hostport.substring(close + 1);
            if (!tail.isEmpty() && !tail.startsWith(":")) {
                throw fail("unexpected text after ']' in the host");
            }
            portText = tail.isEmpty() ? "" : tail.substring(1);
        } else {
            int colon = hostport.indexOf(':');
            host = colon < 0 ? hostport : hostport.substring(0, colon);
            portText = colon < 0 ? "" : hostport.substring(colon + 1);
        }
        host = PercentCoding.decode(host, false).toLowerCase(Locale.ROOT);
        if (host.isBlank()) {
            throw fail("host is empty; write the host name, e.g. localhost");
        }
        return new HostPort(host, portText);
    }

    /** The user name before the first ':' of the credentials; kombu reads "" as none. */
    private static String user(String userinfo) {
        if (userinfo == null) {
            return null;
        }
        int colon = userinfo.indexOf(':');
        return emptyToNull(PercentCoding.decode(colon < 0 ? userinfo : userinfo.substring(0, colon), false));
    }

    /** The password after the first ':' of the credentials; kombu reads "" as none. */
    private static String password(String userinfo) {
        int colon = userinfo == null ? -1 : userinfo.indexOf(':');
        return colon < 0 ? null : emptyToNull(PercentCoding.decode(userinfo.substring(colon + 1), false));
    }

    private int port(String scheme, String portText, boolean hadCredentials, String netloc, String afterNetloc) {
        if (portText.isEmpty()) {
            return DEFAULT_PORTS.get(scheme);
        }
        // Without '@', a non-numeric "port" may be a password whose host was forgotten.
        String shown = hadCredentials ? " '" + portText + "'" : "";
        if (!DIGITS.matcher(portText).matches()) {
            throw fail("port" + shown + " is not a number");
        }
        int port = portText.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            if (!hadCredentials && portText.length() <= 5) {
                // Up to five digits is a port as typed (99999, 0), not a password: show it.
                throw new BrokerConfigException("invalid broker URL '" + withPortShown(netloc, afterNetloc)
                        + "': port " + portText + " is not between 1 and 65535");
            }
            throw fail("port" + shown + " is not between 1 and 65535");
        }
        return port;
    }

    /** The URL masked as usual, except that the port of a credential-less authority is kept. */
    private String withPortShown(String netloc, String afterNetloc) {
        int schemeEnd = text.indexOf("://") + 3;
        String host = netloc.substring(0, netloc.lastIndexOf(':'));
        String masked = BrokerUrlMasking.maskPiece(text.substring(0, schemeEnd) + host + afterNetloc, inList);
        return masked.substring(0, schemeEnd) + netloc + masked.substring(schemeEnd + host.length());
    }

    /** kombu's {@code _prepare_virtual_host}: empty or "/" is db 0, one leading '/' is dropped. */
    private String redisDb(String path) {
        String db = path.isEmpty() || path.equals("/") ? "0" : (path.startsWith("/") ? path.substring(1) : path);
        if (!DIGITS.matcher(db).matches()) {
            throw fail("db '" + db + "' is not a number (the path of a Redis URL is the db number, 0 or more)");
        }
        if (db.length() > 9) {
            throw fail("db '" + db + "' is too large");
        }
        return Integer.toString(Integer.parseInt(db));
    }

    private UrlTlsOptions tlsOptions(String scheme, String rawQuery) {
        Boolean verify = null;
        Path ca = null;
        Path cert = null;
        Path key = null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            // parse_qsl drops fields without '=' and fields with an empty value.
            if (eq < 0 || eq == pair.length() - 1) {
                continue;
            }
            String name = PercentCoding.decode(pair.substring(0, eq), true);
            String value = PercentCoding.decode(pair.substring(eq + 1), true);
            switch (name) {
                case "ssl_cert_reqs" -> {
                    verify = CertReqs.verify(value);
                    if (verify == null) {
                        throw fail("ssl_cert_reqs '" + value + "' is not one of " + CertReqs.ACCEPTED);
                    }
                }
                case "ssl_ca_certs" -> ca = path(name, value);
                case "ssl_certfile" -> cert = path(name, value);
                case "ssl_keyfile" -> key = path(name, value);
                default -> {
                    if (!HARMLESS_KEYS.contains(name)) {
                        throw fail("unknown URL option '" + name + "'");
                    }
                }
            }
        }
        UrlTlsOptions tls = new UrlTlsOptions(verify, ca, cert, key);
        if (tls.present() && scheme.equals("sentinel")) {
            throw fail("TLS to Redis Sentinel is not supported");
        }
        if (tls.present() && (scheme.equals("amqp") || scheme.equals("pyamqp"))) {
            throw fail("ssl_* options need an amqps:// URL");
        }
        return tls;
    }

    private Path path(String name, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw fail(name + " is not a valid file path");
        }
    }

    private BrokerConfigException fail(String reason) {
        return new BrokerConfigException("invalid broker URL '" + BrokerUrlMasking.maskPiece(text, inList) + "': " + reason);
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
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
