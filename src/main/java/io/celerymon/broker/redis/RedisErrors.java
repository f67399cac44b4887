package io.celerymon.broker.redis;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.BrokerUnreachableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The one place where Lettuce and Netty failures become celerymon's typed broker errors. Vendor
 * messages are never passed through whole: they can echo URIs.
 */
final class RedisErrors {

    private RedisErrors() {
    }

    static BrokerException map(String endpoint, String action, Throwable failure) {
        // Lettuce may report a refused AUTH only as a suppressed exception of a connection failure
        // (seen through a sentinel): the server's own answer, wherever it sits, decides.
        RedisCommandExecutionException answer = serverAnswer(failure);
        for (Throwable t = answer != null ? answer : failure; t != null; t = t.getCause()) {
            if (t instanceof BrokerException known) {
                return known;
            }
            if (t instanceof RedisCommandExecutionException redis) {
                String text = String.valueOf(redis.getMessage());
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.startsWith("WRONGPASS") || upper.contains("INVALID PASSWORD")
                        || upper.contains("INVALID USERNAME-PASSWORD")) {
                    return new BrokerAuthException(endpoint + ": authentication refused (wrong user name or password)", failure);
                }
                if (upper.startsWith("NOAUTH")) {
                    return new BrokerAuthException(endpoint + ": the server requires a password and none was given", failure);
                }
                if (upper.startsWith("NOPERM")) {
                    return new BrokerAuthException(endpoint + ": permission denied while trying to " + action, failure);
                }
                return new BrokerProtocolException(endpoint + ": Redis error while trying to " + action + ": "
                        + firstWord(text), failure);
            }
            if (t instanceof UnknownHostException) {
                return new BrokerUnreachableException(endpoint + ": unknown host", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new BrokerUnreachableException(endpoint + ": connection refused", failure);
            }
            if (t instanceof SSLException) {
                return new BrokerUnreachableException(endpoint + ": TLS handshake failed ("
                        + sslReason(t) + ")", failure);
            }
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return timeout(endpoint, action);
            }
            if (t instanceof ClosedChannelException) {
                return new BrokerUnreachableException(endpoint + ": connection closed by the server while trying to "
                        + action, failure);
            }
        }
        return new BrokerUnreachableException(endpoint + ": could not " + action + " ("
                + failure.getClass().getSimpleName() + ")", failure);
    }

    /**
     * Tells apart what Lettuce reports through Sentinel as one kind of connection failure: no
     * sentinel knows the master name, or a sentinel (not the master) refused the password.
     * Anything else is returned as mapped.
     */
    static BrokerException throughSentinel(BrokerException mapped, String endpoint, String master) {
        boolean atSentinel = false;
        for (Throwable t = mapped.getCause(); t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (t instanceof RedisConnectionException) {
                if (text.startsWith("Cannot provide redisAddress using sentinel")) {
                    return new BrokerUnreachableException(endpoint + ": the sentinels know no master named '" + master
                            + "' (check --sentinel-master or CELERY_SENTINEL_MASTER_NAME)", mapped.getCause());
                }
                atSentinel |= text.startsWith("Cannot connect Redis Sentinel")
                        || text.startsWith("Cannot connect to a Redis Sentinel");
            }
            if (atSentinel && t instanceof RedisCommandExecutionException) {
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.startsWith("NOAUTH")) {
                    return new BrokerAuthException(endpoint + ": the sentinel requires a password"
                            + " (CELERY_SENTINEL_PASSWORD, read when CELERY_USE_SENTINEL is true)", mapped.getCause());
                }
                if (upper.startsWith("WRONGPASS") || upper.contains("INVALID PASSWORD")) {
                    return new BrokerAuthException(endpoint + ": the sentinel refused its password"
                            + " (CELERY_SENTINEL_PASSWORD)", mapped.getCause());
                }
            }
        }
        return mapped;
    }

    /** The first Redis error reply among the causes and suppressed exceptions, or null. */
    private static RedisCommandExecutionException serverAnswer(Throwable failure) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < 64) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t instanceof RedisCommandExecutionException redis) {
                return redis;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return null;
    }

    static BrokerUnreachableException timeout(String endpoint, String action) {
        return new BrokerUnreachableException(endpoint + ": no answer in time while trying to " + action, null);
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    private static String sslReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.security.cert.CertificateException) {
                // The JDK's host name check: the CA is trusted, so --ca-certs would not help.
                String text = String.valueOf(c.getMessage());
                if (text.startsWith("No subject alternative") || text.startsWith("No name matching")) {
                    return "the server certificate does not name this host;"
                            + " connect by a name it lists, or use --insecure";
                }
                return "server certificate not trusted; use --ca-certs FILE or --insecure";
            }
        }
        String msg = t.getMessage();
        return msg == null ? t.getClass().getSimpleName()
                : msg.toLowerCase(Locale.ROOT).contains("certif") ? "server certificate not trusted; use --ca-certs FILE or --insecure"
                : "handshake error";
    }
}
