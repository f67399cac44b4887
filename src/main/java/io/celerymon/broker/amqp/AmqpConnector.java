package io.celerymon.broker.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.SocketConfigurator;
import com.rabbitmq.client.SocketConfigurators;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.TlsOptions;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Opens one RabbitMQ connection to one URL, failing by the deadline whatever the server does. */
final class AmqpConnector {

    /** The client-provided connection name shown in the RabbitMQ management UI. */
    static final String CONNECTION_NAME = "celerymon";
    /** The client treats 0 as "wait for ever", so no timeout is ever set below this. */
    static final int TIMEOUT_FLOOR_MILLIS = 50;
    private static final int SHUTDOWN_TIMEOUT_CAP_MILLIS = 1000;

    private AmqpConnector() {
    }

    /** An open connection and the socket under it, which is the one thing sure to unblock a stuck write. */
    record Opened(Connection connection, Socket socket) {
    }

    /**
     * Connects, or throws the client's own exception (map it with {@link AmqpErrors}); a
     * {@link java.util.concurrent.TimeoutException} means the deadline passed.
     */
    static Opened open(BrokerUrl url, TlsOptions tls, Deadline deadline, DeadlineGuard guard) throws Exception {
        AtomicReference<Socket> socket = new AtomicReference<>();
        ConnectionFactory factory = factory(url, tls, deadline, created -> {
            socket.set(created);
            if (deadline.expired()) {
                // The guard fired before there was a socket to close (slow name resolution).
                throw new SocketTimeoutException("deadline passed before connecting");
            }
        });
        // The factory's timeouts apply per phase (TCP connect, then handshake), so together they
        // could outlast the deadline; closing the socket at the deadline bounds the whole attempt.
        Connection connection = guard.call(deadline, () -> closeQuietly(socket.get()), null,
                () -> factory.newConnection(CONNECTION_NAME));
        return new Opened(connection, socket.get());
    }

    static ConnectionFactory factory(BrokerUrl url, TlsOptions tls, Deadline deadline, SocketConfigurator capture)
            throws Exception {
        int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(TIMEOUT_FLOOR_MILLIS, deadline.remainingMillis()));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(url.host());
        factory.setPort(url.port());
        if (url.username() != null) {
            factory.setUsername(url.username());
        }
        if (url.password() != null) {
            factory.setPassword(url.password());
        }
        factory.setVirtualHost(url.virtualHost());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(timeout);
        // The client waits half the handshake timeout for connection.start and half for tune, so a
        // timeout of the time left would give up at half of it; the guard bounds the whole attempt.
        factory.setHandshakeTimeout(handshakeTimeout(timeout));
        factory.setShutdownTimeout(Math.min(timeout, SHUTDOWN_TIMEOUT_CAP_MILLIS));
        // A ceiling only: every channel call is also cut off at its own deadline by DeadlineGuard.
        factory.setChannelRpcTimeout(timeout);
        factory.setThreadFactory(daemonThreads());

        SocketConfigurator configurator = SocketConfigurators.defaultConfigurator();
        if (url.tls()) {
            TlsOptions options = tls == null ? TlsOptions.DEFAULT : tls;
            factory.useSslProtocol(AmqpTls.sslContext(options));
            if (options.verify()) {
                configurator = configurator.andThen(SocketConfigurators.enableHostnameVerification());
            }
        }
        factory.setSocketConfigurator(configurator.andThen(capture));
        return factory;
    }

    /** Twice {@code timeout} (capped): see where it is set. */
    static int handshakeTimeout(int timeout) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * timeout);
    }

    /** A CLI must be able to exit even if a connection is never closed. */
    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "celerymon-amqp-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the attempt fails either way
        }
    }
}
