package io.celerymon.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.TlsOptions;
import io.celerymon.testsupport.TestCertificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TLS set-up for amqps, checked against a local TLS server that completes the handshake and then
 * hangs up: a connection whose certificate checks pass therefore ends in "connection closed", one
 * whose checks fail ends in a TLS error. The certificates are generated for this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmqpTlsTest {

    /**
     * Loopback on Linux, like 127.0.0.1, but named nowhere in the server certificate (which names
     * localhost and 127.0.0.1).
     */
    private static final String UNNAMED_LOOPBACK = "127.0.0.2";

    private final List<AutoCloseable> open = new ArrayList<>();
    private TestCertificates certs;

    @BeforeAll
    void generateCertificates() {
        certs = TestCertificates.generate();
    }

    @AfterAll
    void deleteCertificates() {
        if (certs != null) {
            certs.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        open.clear();
    }

    @Test
    void readsPkcs1AndPkcs8KeysAlike() throws Exception {
        // The files must really be in the two forms, or this compares a key with itself.
        assertThat(Files.readString(certs.clientKeyPkcs1())).startsWith("-----BEGIN RSA ");
        assertThat(Files.readString(certs.clientKey())).startsWith("-----BEGIN PRIVATE ");
        assertThat(AmqpTls.privateKey(certs.clientKeyPkcs1()).getEncoded())
                .isEqualTo(AmqpTls.privateKey(certs.clientKey()).getEncoded());
    }

    @Test
    void explainsThatEncryptedKeysAreNotSupported() {
        assertThatThrownBy(() -> AmqpTls.privateKey(certs.clientKeyEncrypted()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("encrypted");
    }

    @Test
    void trustsTheGivenCaAndMatchingHostName() throws Exception {
        SilentTlsServer server = silentTlsServer(false);
        BrokerException failure = connect("localhost", server.port(), new TlsOptions(true, certs.caCert(), null, null));
        assertThat(server.handshakes().poll(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(failure).isInstanceOf(BrokerUnreachableException.class).hasMessageContaining("connection closed unexpectedly");
    }

    @Test
    void refusesAServerCertificateTheJvmDoesNotTrust() throws Exception {
        SilentTlsServer server = silentTlsServer(false);
        BrokerException failure = connect("localhost", server.port(), TlsOptions.DEFAULT);
        assertThat(failure).isInstanceOf(BrokerUnreachableException.class)
                .hasMessageContaining("TLS handshake failed");
    }

    @Test
    void refusesAHostNameTheCertificateDoesNotName() throws Exception {
        SilentTlsServer server = silentTlsServer(false);
        BrokerException failure = connect(UNNAMED_LOOPBACK, server.port(), new TlsOptions(true, certs.caCert(), null, null));
        assertThat(failure).isInstanceOf(BrokerUnreachableException.class)
                .hasMessageContaining("TLS handshake failed");
    }

    @Test
    void insecureAcceptsAnyCertificateAndHostName() throws Exception {
        SilentTlsServer server = silentTlsServer(false);
        BrokerException failure = connect(UNNAMED_LOOPBACK, server.port(), new TlsOptions(false, null, null, null));
        assertThat(server.handshakes().poll(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(failure).hasMessageContaining("connection closed unexpectedly");
    }

    @Test
    void presentsTheClientCertificate() throws Exception {
        SilentTlsServer server = silentTlsServer(true);
        BrokerException failure = connect("localhost", server.port(),
                new TlsOptions(true, certs.caCert(), certs.clientCert(), certs.clientKeyPkcs1()));
        assertThat(server.handshakes().poll(5, TimeUnit.SECONDS)).isEqualTo("ok");
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

    /** A TLS server on {@code port} whose handshake outcomes ("ok" or "failed: ...") arrive in {@code handshakes}. */
    private record SilentTlsServer(int port, BlockingQueue<String> handshakes) {
    }

    /** A TLS server with the localhost certificate that handshakes and then hangs up. */
    private SilentTlsServer silentTlsServer(boolean needClientAuth) throws Exception {
        TlsOptions serverTls = new TlsOptions(true, certs.caCert(), certs.serverCert(), certs.serverKey());
        SSLServerSocket server = (SSLServerSocket) AmqpTls.sslContext(serverTls).getServerSocketFactory().createServerSocket(0);
        server.setNeedClientAuth(needClientAuth);
        open.add(server);
        // One queue per server: a handshake still finishing after its test ends cannot reach the next test.
        BlockingQueue<String> handshakes = new LinkedBlockingQueue<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    SSLSocket socket = (SSLSocket) server.accept();
                    handshake(socket, handshakes);
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return new SilentTlsServer(server.getLocalPort(), handshakes);
    }

    private static void handshake(Socket socket, BlockingQueue<String> handshakes) {
        try {
            ((SSLSocket) socket).startHandshake();
            handshakes.add("ok");
        } catch (IOException e) {
            handshakes.add("failed: " + e);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
