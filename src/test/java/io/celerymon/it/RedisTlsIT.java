package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryAppConfig;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.PrivateTlsRedisServer;
import io.celerymon.testsupport.TempDir;
import io.celerymon.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * rediss:// against a TLS-only redis-server with a certificate from a test CA, and a real Celery
 * worker that reaches it with {@code broker_use_ssl} verifying that certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTlsIT {

    private static final int DB = 1;

    private TestCertificates certs;
    private PrivateTlsRedisServer redis;
    private CeleryCluster cluster;
    private TempDir scratch;
    private String worker;

    @BeforeAll
    void start() {
        certs = TestCertificates.generate();
        redis = PrivateTlsRedisServer.start(certs);
        scratch = TempDir.create("celerymon-tls-it");
        cluster = CeleryCluster.start(CeleryAppConfig.of(redis.url(DB)).withSslCaCerts(certs.caCert()),
                CeleryPool.SOLO);
        worker = cluster.workers().get(0).hostname();
    }

    @AfterAll
    void stop() {
        // The worker first, while its broker is still there to say goodbye to.
        if (cluster != null) {
            cluster.close();
        }
        if (scratch != null) {
            scratch.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (certs != null) {
            certs.close();
        }
    }

    @Test
    void verifiedAgainstTheCaItGetsTheWorkersPong() {
        CommandResult result = celerymon("-b", redis.url(DB), "--ca-certs", certs.caCert().toString());
        assertPong(result);
        assertThat(CelerymonRunner.parse(result).get("broker").asText())
                .isEqualTo("rediss://:****@localhost:" + redis.tlsPort() + "/" + DB);
    }

    @Test
    void theIpAddressInTheCertificateVerifiesToo() {
        assertPong(celerymon("-b", redis.url("127.0.0.1", DB), "--ca-certs", certs.caCert().toString()));
    }

    @Test
    void aHostTheCertificateDoesNotNameIsExit4() {
        String host = PrivateTlsRedisServer.OTHER_LOOPBACK;
        CommandResult result = celerymon("-b", redis.url(host, DB), "--ca-certs", certs.caCert().toString());
        assertOneCleanLine(result, 4);
        assertThat(result.stderr()).contains("rediss://:****@" + host + ":" + redis.tlsPort() + "/" + DB)
                .contains("does not name this host").contains("--insecure").doesNotContain("--ca-certs");
    }

    @Test
    void anUntrustedCertificateIsExit4WithAHint() {
        CommandResult result = celerymon("-b", redis.url(DB));
        assertOneCleanLine(result, 4);
        assertThat(result.stderr()).contains("rediss://:****@localhost:" + redis.tlsPort() + "/" + DB)
                .contains("not trusted").contains("--ca-certs").contains("--insecure");
    }

    @Test
    void insecureSkipsVerification() {
        assertPong(celerymon("-b", redis.url(DB), "--insecure"));
    }

    @Test
    void certNoneInTheUrlSkipsVerification() {
        assertPong(celerymon("-b", redis.url(DB) + "?ssl_cert_reqs=CERT_NONE"));
    }

    @Test
    void aWrongPasswordOverTlsIsExit5() {
        String wrong = "Wr0ngTlsPassw0rd-" + redis.tlsPort();
        String url = redis.url(DB).replace(redis.password(), wrong);
        CommandResult result = celerymon("-b", url, "--ca-certs", certs.caCert().toString());
        assertOneCleanLine(result, 5, wrong);
        assertThat(result.stderr()).contains("authentication");
    }

    @Test
    void aDifyEnvFileWithTheCaFileGetsThePong() throws IOException {
        Path env = scratch.resolve("dify.env");
        Files.writeString(env, "# Dify docker/.env excerpt\n"
                + "CELERY_BROKER_URL=" + redis.url(DB) + "\n"
                + "REDIS_USE_SSL=true\n"
                + "REDIS_SSL_CERT_REQS=CERT_REQUIRED\n"
                + "REDIS_SSL_CA_CERTS=" + certs.caCert() + "\n");
        assertPong(celerymon("--env-file", env.toString()));
    }

    private CommandResult celerymon(String... brokerArgs) {
        List<String> args = new ArrayList<>(List.of("inspect", "ping", "-t", "5", "-o", "json"));
        args.addAll(List.of(brokerArgs));
        CelerymonProcess process = CelerymonProcess.of(args).env("CELERYMON_CACHE_DIR", scratch.path().toString());
        for (String inherited : List.of("BROKER_USE_SSL", "REDIS_SSL_CERT_REQS", "REDIS_SSL_CA_CERTS",
                "REDIS_SSL_CERTFILE", "REDIS_SSL_KEYFILE")) {
            process.unsetEnv(inherited);
        }
        return process.run();
    }

    private void assertPong(CommandResult result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode json = CelerymonRunner.parse(result);
        assertThat(json.get("replies").get(worker)).as(result.describe()).isNotNull();
        assertThat(json.get("replies").get(worker).get("ok").asText()).isEqualTo("pong");
        assertThat(json.get("missing")).isEmpty();
        assertThat(result.stdout() + result.stderr()).doesNotContain(redis.password());
    }

    private void assertOneCleanLine(CommandResult result, int exit, String... otherSecrets) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exit);
        assertThat(result.stderr().strip().lines()).as(result.describe()).hasSize(1);
        assertThat(result.stderr()).startsWith("celerymon: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stdout() + result.stderr()).doesNotContain(redis.password());
        for (String secret : otherSecrets) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(secret);
        }
    }
}
