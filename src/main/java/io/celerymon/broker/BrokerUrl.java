package io.celerymon.broker;

/**
 * One parsed broker URL. Credentials are percent-decoded; {@link #toString()} and
 * {@link #masked()} never show the password.
 *
 * @param scheme one of redis, rediss, sentinel, amqp, amqps, pyamqp (lower case)
 * @param host host name or address (IPv6 without brackets)
 * @param port the port, the scheme's default when the URL gives none
 * @param username decoded user name, or null
 * @param password decoded password, or null
 * @param path for Redis and sentinel the db number as text (default "0"); for AMQP the decoded
 *     virtual host (default "/")
 */
public record BrokerUrl(String scheme, String host, int port, String username, String password, String path) {

    public Transport transport() {
        return switch (scheme) {
            case "redis", "rediss", "sentinel" -> Transport.REDIS;
            default -> Transport.AMQP;
        };
    }

    public boolean tls() {
        return scheme.equals("rediss") || scheme.equals("amqps");
    }

    public boolean sentinel() {
        return scheme.equals("sentinel");
    }

    /** Redis db number; 0 for AMQP URLs. */
    public int redisDb() {
        return transport() == Transport.REDIS ? Integer.parseInt(path) : 0;
    }

    /** AMQP virtual host; null for Redis URLs. */
    public String virtualHost() {
        return transport() == Transport.AMQP ? path : null;
    }

    /** The URL for display: {@code scheme://user:****@host:port/path}, no password. */
    public String masked() {
        return BrokerUrlMasking.mask(this);
    }

    @Override
    public String toString() {
        return masked();
    }
}
