package io.celerymon.broker.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.MalformedFrameException;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ProtocolVersionMismatchException;
import com.rabbitmq.client.ShutdownSignalException;
import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.secrets.SecretText;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The one place where RabbitMQ client failures become {@link BrokerException}s. Messages are built
 * from fixed phrases, the broker's own reply text and TLS diagnostics. Only for a failure none of
 * those phrases covers is the client's own text shown, masked and on one line, since some of it
 * embeds connection URLs; a Java class name is never the whole cause.
 */
final class AmqpErrors {

    /** How much of a client message a one-line error shows. */
    static final int DETAIL_LIMIT = 200;

    private AmqpErrors() {
    }

    /**
     * Maps a failure of {@code action} (null while connecting) on {@code url}.
     *
     * @param action what was being done, e.g. "declaring exchange 'celery.pidbox'", or null
     */
    static BrokerException map(BrokerUrl url, String action, Throwable error) {
        String prefix = url.masked() + ": " + (action == null ? "" : action + ": ");
        String user = url.username() == null ? "" : url.username();

        if (find(error, AuthenticationFailureException.class) != null) {
            return new BrokerAuthException(prefix + "authentication refused for user '" + user + "'", error);
        }
        if (find(error, PossibleAuthenticationFailureException.class) != null) {
            return new BrokerAuthException(prefix + "broker closed the connection during authentication "
                    + "(wrong user name or password?) for user '" + user + "'", error);
        }
        // The deadline guard's own timeout carries, as its cause, the channel close that broke the
        // call: that close is ours, not the broker's refusal.
        if (error instanceof TimeoutException) {
            return new BrokerUnreachableException(prefix + "timed out (no answer before the deadline)", error);
        }
        ShutdownSignalException shutdown = find(error, ShutdownSignalException.class);
        if (shutdown != null && shutdown.isInitiatedByApplication()) {
            return new BrokerUnreachableException(prefix + "timed out (no answer before the deadline)", error);
        }
        if (shutdown != null && shutdown.getReason() != null) {
            BrokerException closed = mapClose(prefix, shutdown.getReason(), error);
            if (closed != null) {
                return closed;
            }
        }
        if (find(error, TimeoutException.class) != null || find(error, SocketTimeoutException.class) != null) {
            return new BrokerUnreachableException(prefix + "timed out (no answer before the deadline)", error);
        }
        if (find(error, UnknownHostException.class) != null) {
            return new BrokerUnreachableException(prefix + "unknown host '" + url.host() + "'", error);
        }
        if (find(error, ConnectException.class) != null) {
            return new BrokerUnreachableException(prefix + "connection refused", error);
        }
        if (find(error, NoRouteToHostException.class) != null) {
            return new BrokerUnreachableException(prefix + "no route to host", error);
        }
        SSLException tls = find(error, SSLException.class);
        if (tls != null) {
            return new BrokerUnreachableException(prefix + "TLS handshake failed: " + scrub(tls.getMessage()), error);
        }
        GeneralSecurityException tlsSetup = find(error, GeneralSecurityException.class);
        if (tlsSetup != null) {
            return new BrokerUnreachableException(prefix + "TLS setup failed: " + scrub(tlsSetup.getMessage()), error);
        }
        if (find(error, ProtocolVersionMismatchException.class) != null
                || find(error, MalformedFrameException.class) != null) {
            return new BrokerProtocolException(prefix + "the server does not speak AMQP 0-9-1", error);
        }
        if (find(error, SocketException.class) != null || find(error, EOFException.class) != null) {
            return new BrokerUnreachableException(prefix + "connection closed unexpectedly", error);
        }
        if (shutdown != null) {
            return new BrokerUnreachableException(prefix + "connection or channel closed", error);
        }
        if (find(error, java.io.IOException.class) != null) {
            return new BrokerUnreachableException(prefix + "I/O error: " + detail(error), error);
        }
        if (find(error, IllegalArgumentException.class) != null) {
            // The client checks names and arguments before sending them (a name over 255 bytes).
            return new BrokerProtocolException(prefix + "the client refused the request: " + detail(error), error);
        }
        return new BrokerProtocolException(prefix + "unexpected failure: " + detail(error), error);
    }

    /**
     * The first message along the cause chain, masked, on one line and at most {@link
     * #DETAIL_LIMIT} characters; a plain phrase when no exception in the chain has one.
     */
    static String detail(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            String message = t.getMessage();
            // new Exception(cause) takes cause.toString() as its message: a class name, not a reason.
            boolean copiedFromCause = t.getCause() != null && t.getCause().toString().equals(message);
            if (message != null && !message.isBlank() && !copiedFromCause) {
                String text = scrub(message);
                return text.length() <= DETAIL_LIMIT ? text : text.substring(0, DETAIL_LIMIT) + "…";
            }
        }
        return "the client library gave no reason";
    }

    /** The broker's channel.close or connection.close, or null when the reason is neither. */
    private static BrokerException mapClose(String prefix, Method reason, Throwable error) {
        if (reason instanceof AMQP.Connection.Close close) {
            String text = describe(close.getReplyCode(), close.getReplyText());
            if (close.getReplyCode() == AMQP.NOT_ALLOWED || close.getReplyCode() == AMQP.ACCESS_REFUSED) {
                return new BrokerAuthException(prefix + "access refused: " + text, error);
            }
            return new BrokerUnreachableException(prefix + "broker closed the connection: " + text, error);
        }
        if (reason instanceof AMQP.Channel.Close close) {
            String text = describe(close.getReplyCode(), close.getReplyText());
            if (close.getReplyCode() == AMQP.ACCESS_REFUSED) {
                return new BrokerAuthException(prefix + "access refused: " + text, error);
            }
            return new BrokerProtocolException(prefix + "broker refused: " + text, error);
        }
        return null;
    }

    /** Whether {@code error} is the broker closing a channel with {@code replyCode}. */
    static boolean isChannelClose(Throwable error, int replyCode) {
        ShutdownSignalException shutdown = find(error, ShutdownSignalException.class);
        return shutdown != null && shutdown.getReason() instanceof AMQP.Channel.Close close
                && close.getReplyCode() == replyCode;
    }

    private static String describe(int code, String replyText) {
        String text = replyText == null || replyText.isBlank() ? "reply code " + code : scrub(replyText);
        return text + " (" + code + ")";
    }

    /** One line, no URL credentials. */
    static String scrub(String text) {
        if (text == null) {
            return "(no detail)";
        }
        return SecretText.mask(text.replaceAll("\\s+", " ").trim());
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
