package io.celerymon.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.TlsOptions;
import java.io.IOException;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS set-up for amqps, checked against a local TLS server that completes the handshake and then
 * hangs up: a connection whose certificate checks pass therefore ends in "connection closed", one
 * whose checks fail ends in a TLS error.
 */
class AmqpTlsTest {

    private final List<AutoCloseable> open = new ArrayList<>();
    private final BlockingQueue<String> serverHandshakes = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(AmqpTlsTest.class.getResource("tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsPkcs1AndPkcs8KeysAlike() throws Exception {
        assertThat(AmqpTls.privateKey(resource("client-pkcs1.key")).getEncoded())
                .isEqualTo(AmqpTls.privateKey(resource("client-pkcs8.key")).getEncoded());
    }

    @Test
    void explainsThatEncryptedKeysAreNotSupported() {
        assertThatThrownBy(() -> AmqpTls.privateKey(resource("client-encrypted.key")))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("encrypted");
    }

    @Test
    void trustsTheGivenCaAndMatchingHostName() throws Exception {
        int port = silentTlsServer(false);
        BrokerException failure = connect("localhost", port, new TlsOptions(true, resource("ca.pem"), null, null));
        assertThat(serverHandshakes.poll(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(failure).isInstanceOf(BrokerUnreachableException.class).hasMessageContaining("connection closed unexpectedly");
    }

    @Test
    void refusesAServerCertificateTheJvmDoesNotTrust() throws Exception {
        int port = silentTlsServer(false);
        BrokerException failure = connect("localhost", port, TlsOptions.DEFAULT);
        assertThat(failure).isInstanceOf(BrokerUnreachableException.class)
                .hasMessageContaining("TLS handshake failed");
    }

    @Test
    void refusesAHostNameTheCertificateDoesNotName() throws Exception {
        int port = silentTlsServer(false);
        BrokerException failure = connect("127.0.0.1", port, new TlsOptions(true, resource("ca.pem"), null, null));
        assertThat(failure).isInstanceOf(BrokerUnreachableException.class)
                .hasMessageContaining("TLS handshake failed");
    }

    @Test
    void insecureAcceptsAnyCertificateAndHostName() throws Exception {
        int port = silentTlsServer(false);
        BrokerException failure = connect("127.0.0.1", port, new TlsOptions(false, null, null, null));
        assertThat(serverHandshakes.poll(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(failure).hasMessageContaining("connection closed unexpectedly");
    }

    @Test
    void presentsTheClientCertificate() throws Exception {
        int port = silentTlsServer(true);
        BrokerException failure = connect("localhost", port,
                new TlsOptions(true, resource("ca.pem"), resource("client.pem"), resource("client-pkcs1.key")));
        assertThat(serverHandshakes.poll(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(failure).hasMessageContaining("connection closed unexpectedly");
    }

    private BrokerException connect(String host, int port, TlsOptions tls) {
        BrokerUrl url = new BrokerUrl("amqps", host, port, "guest", "guest", "/");
        BrokerConfig config = new BrokerConfig(List.of(url), null, null, tls, "", "celery", "test");
        try {
            AmqpBrokerClient.connect(config, Deadline.in(Duration.ofSeconds(10))).close();
            return null;
        } catch (BrokerException e) {
            return e;
        }
    }

    /** A TLS server with the localhost certificate that handshakes and then hangs up. */
    private int silentTlsServer(boolean needClientAuth) throws Exception {
        TlsOptions serverTls = new TlsOptions(true, resource("ca.pem"), resource("server.pem"), resource("server.key"));
        SSLServerSocket server = (SSLServerSocket) AmqpTls.sslContext(serverTls).getServerSocketFactory().createServerSocket(0);
        server.setNeedClientAuth(needClientAuth);
        open.add(server);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    SSLSocket socket = (SSLSocket) server.accept();
                    handshake(socket);
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private void handshake(Socket socket) {
        try {
            ((SSLSocket) socket).startHandshake();
            serverHandshakes.add("ok");
        } catch (IOException e) {
            serverHandshakes.add("failed: " + e);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
