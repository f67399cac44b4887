package io.celerymon.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away {@code redis-server} that speaks only TLS ({@code --port 0}) on a free loopback
 * port, with a password, the server certificate of {@link TestCertificates} and no client
 * certificates required; closing stops it by PID. It also listens on {@link #OTHER_LOOPBACK},
 * an address the certificate does not name.
 */
public final class PrivateTlsRedisServer implements AutoCloseable {
    /** A loopback address (Linux routes all of 127/8 to lo) that is not in the certificate. */
    public static final String OTHER_LOOPBACK = "127.0.0.2";

    private final int tlsPort;
    private final String password;
    private final TestCertificates certs;
    private final ManagedProcess process;
    private final Path log;

    private PrivateTlsRedisServer(int tlsPort, String password, TestCertificates certs, ManagedProcess process,
                                  Path log) {
        this.tlsPort = tlsPort;
        this.password = password;
        this.certs = certs;
        this.process = process;
        this.log = log;
    }

    /** Starts the server and waits until it answers PING over TLS (verified against the test CA). */
    public static PrivateTlsRedisServer start(TestCertificates certs) {
        int port = FreePorts.loopback();
        String password = "tls-" + UUID.randomUUID().toString().replace("-", "");
        Path log = CeleryWorker.logDir().resolve("redis-tls-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of("redis-server", "--port", "0",
                "--tls-port", Integer.toString(port), "--bind", "127.0.0.1 " + OTHER_LOOPBACK,
                "--tls-cert-file", certs.serverCert().toString(), "--tls-key-file", certs.serverKey().toString(),
                "--tls-ca-cert-file", certs.caCert().toString(), "--tls-auth-clients", "no",
                "--requirepass", password, "--save", "", "--appendonly", "no",
                "--dir", CeleryWorker.logDir().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        PrivateTlsRedisServer server = new PrivateTlsRedisServer(port, password, certs,
                ManagedProcess.start(builder, "redis-server tls :" + port), log);
        try {
            RedisProbe.awaitReady("TLS redis-server on port " + port + " answering PING", server.process, log,
                    () -> RedisProbe.answersPing(port, certs.clientContext(), password));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** The password; only for building URLs, never for messages. */
    public String password() {
        return password;
    }

    public long pid() {
        return process.pid();
    }

    /** {@code rediss://:<password>@localhost:<port>/<db>}: the host name the certificate names. */
    public String url(int db) {
        return url("localhost", db);
    }

    /** The same server reached as {@code host} instead of {@code localhost}. */
    public String url(String host, int db) {
        return "rediss://:" + password + "@" + host + ":" + tlsPort + "/" + db;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
