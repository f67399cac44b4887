package io.celerymon.broker.redis;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.BrokerUnreachableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.RedisProtocolException;
import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The one place where Lettuce and Netty failures become celerymon's typed broker errors. The
 * server's own error reply is quoted (its first line, shortened): Redis never echoes a password in
 * one. Lettuce's and Java's own messages are not: they can echo URIs, so they become plain words.
 */
final class RedisErrors {

    private RedisErrors() {
    }

    /** The longest part of a server's error reply quoted in a message. */
    private static final int MAX_QUOTE = 160;

    static BrokerException map(String endpoint, String action, Throwable failure) {
        return map(endpoint, action, failure, false);
    }

    /**
     * @param userGiven whether the URL named a user (an ACL user): a refused AUTH then may be the
     *     user name as much as the password
     */
    static BrokerException map(String endpoint, String action, Throwable failure, boolean userGiven) {
        // Lettuce may report a refused AUTH only as a suppressed exception of a connection failure
        // (seen through a sentinel): the server's own answer, wherever it sits, decides.
        RedisCommandExecutionException answer = serverAnswer(failure);
        for (Throwable t = answer != null ? answer : failure; t != null; t = t.getCause()) {
            if (t instanceof BrokerException known) {
                return known;
            }
            if (t instanceof RedisCommandExecutionException redis) {
                String text = quote(redis.getMessage());
                String upper = text.toUpperCase(Locale.ROOT);
                if (upper.startsWith("WRONGPASS") || upper.contains("INVALID PASSWORD")
                        || upper.contains("INVALID USERNAME-PASSWORD")) {
                    return new BrokerAuthException(endpoint + ": authentication refused: "
                            + (userGiven ? "wrong user name or password" : "wrong password"), failure);
                }
                if (noPasswordSet(upper)) {
                    return new BrokerAuthException(endpoint + ": authentication refused: the server has no password set"
                            + " (remove the password from the broker URL)", failure);
                }
                if (upper.startsWith("NOAUTH")) {
                    return new BrokerAuthException(endpoint + ": the server requires a password and none was given", failure);
                }
                if (upper.startsWith("NOPERM")) {
                    return new BrokerAuthException(endpoint + ": permission denied while trying to " + action, failure);
                }
                return new BrokerProtocolException(endpoint + ": Redis error while trying to " + action + ": "
                        + text, failure);
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
            if (t instanceof ClosedChannelException || closedPrematurely(t)) {
                return new BrokerUnreachableException(endpoint + ": connection closed by the server while trying to "
                        + action, failure);
            }
        }
        // Only when nothing more telling sits deeper: Netty wraps a TLS failure in a DecoderException.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisProtocolException || t instanceof NumberFormatException
                    || t instanceof DecoderException) {
                return new BrokerProtocolException(endpoint + ": not a Redis server: its answer is not Redis protocol"
                        + " (while trying to " + action + ")", failure);
            }
        }
        return new BrokerUnreachableException(endpoint + ": could not " + action + plainReason(failure), failure);
    }

    /** What Redis answers to AUTH when no password is configured (7.x wording, then 5.x/6.x). */
    private static boolean noPasswordSet(String upper) {
        return upper.contains("WITHOUT ANY PASSWORD CONFIGURED") || upper.contains("NO PASSWORD IS SET");
    }

    private static boolean closedPrematurely(Throwable t) {
        return t instanceof RedisConnectionException
                && String.valueOf(t.getMessage()).startsWith("Connection closed prematurely");
    }

    /**
     * ": why" in plain words for a failure nothing above recognised: the message of the innermost
     * cause that has one, unless it quotes an address (Lettuce's "Unable to connect to host:port" only
     * repeats the endpoint); never a class name alone.
     */
    private static String plainReason(Throwable failure) {
        String reason = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t.getMessage();
            if (text != null && !text.isBlank() && !text.startsWith("Unable to connect to") && !text.contains("://")
                    && !(t instanceof java.util.concurrent.CompletionException)
                    && !(t instanceof ExecutionException)) {
                reason = text;
            }
        }
        return reason == null ? "" : ": " + quote(reason);
    }

    /** The first line of a server's or library's text, shortened, without a trailing full stop. */
    static String quote(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("").strip();
        if (line.length() > MAX_QUOTE) {
            line = line.substring(0, MAX_QUOTE) + "…";
        }
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * Tells apart what Lettuce reports through Sentinel as one kind of connection failure: no
     * sentinel knows the master name, or a sentinel (not the master) refused the password.
     * Anything else is returned as mapped.
     */
    static BrokerException throughSentinel(BrokerException mapped, String endpoint, String master) {
        RedisCommandExecutionException answer = serverAnswer(mapped);
        if (answer != null && String.valueOf(answer.getMessage()).toUpperCase(Locale.ROOT)
                .contains("UNKNOWN COMMAND 'SENTINEL'")) {
            return new BrokerProtocolException(endpoint + ": not a Redis Sentinel (it answered: "
                    + quote(answer.getMessage()).replaceFirst(", with args beginning with:.*", "")
                    + "); a plain Redis takes a redis:// URL", mapped.getCause());
        }
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

    /**
     * Whether a connect failure leaves open what is listening: the server answered, or closed, in a
     * way that is not Redis's, and neither a refused connection, a timeout nor TLS explains it.
     */
    static boolean worthAPlainPing(BrokerException failure) {
        if (failure instanceof BrokerAuthException || failure.getCause() == null && !failure.getMessage()
                .contains("not a Redis server") || serverAnswer(failure) != null) {
            return false;
        }
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SSLException
                    || t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return false;
            }
        }
        return true;
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
        return msg == null ? "handshake error"
                : msg.toLowerCase(Locale.ROOT).contains("certif") ? "server certificate not trusted; use --ca-certs FILE or --insecure"
                : "handshake error";
    }
}
