package io.celerymon.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * TLS and Sentinel failures, built as the exception chains Lettuce 7.7 and the JDK produced
 * against a real redis-server 7.0 (RedisTlsIT and RedisSentinelIT run the real thing).
 */
class RedisErrorsTest {

    private static final String ENDPOINT = "sentinel://:****@127.0.0.1:26379/1";

    private static BrokerException throughSentinel(Throwable lettuce) {
        return RedisErrors.throughSentinel(RedisErrors.map(ENDPOINT, "connect", lettuce), ENDPOINT, "cmmaster");
    }

    private static Throwable atSentinel(String redisError) {
        RedisConnectionException one = new RedisConnectionException(
                "Cannot connect Redis Sentinel at redis://*******@127.0.0.1:26379",
                new RedisCommandExecutionException(redisError));
        return new RedisConnectionException(null, new CompletionException(
                new RedisConnectionException("Cannot connect to a Redis Sentinel: [redis://127.0.0.1:26379]", one)));
    }

    private static Throwable atMaster(String redisError) {
        return new RedisConnectionException("Unable to connect to 127.0.0.1/<unresolved>:6380",
                new CompletionException(new RedisCommandExecutionException(redisError)));
    }

    @Test
    void anUnknownMasterNameIsNamed() {
        BrokerException e = throughSentinel(new RedisConnectionException(null, new CompletionException(
                new RedisConnectionException("Cannot provide redisAddress using sentinel for masterId cmmaster"))));
        assertThat(e).isInstanceOf(BrokerUnreachableException.class);
        assertThat(e.getMessage()).isEqualTo(ENDPOINT + ": the sentinels know no master named 'cmmaster'"
                + " (check --sentinel-master or CELERY_SENTINEL_MASTER_NAME)");
    }

    @Test
    void aSentinelWithoutItsPasswordPointsAtTheSetting() {
        BrokerException e = throughSentinel(atSentinel("NOAUTH Authentication required."));
        assertThat(e).isInstanceOf(BrokerAuthException.class);
        assertThat(e.getMessage()).startsWith(ENDPOINT + ": the sentinel requires a password")
                .contains("CELERY_SENTINEL_PASSWORD");
    }

    @Test
    void aWrongSentinelPasswordIsTheSentinels() {
        BrokerException e = throughSentinel(
                atSentinel("WRONGPASS invalid username-password pair or user is disabled."));
        assertThat(e).isInstanceOf(BrokerAuthException.class);
        assertThat(e.getMessage()).isEqualTo(ENDPOINT + ": the sentinel refused its password (CELERY_SENTINEL_PASSWORD)");
    }

    @Test
    void theMastersAuthenticationErrorsStayTheMasters() {
        BrokerException wrong = throughSentinel(atMaster("WRONGPASS invalid username-password pair or user is disabled."));
        assertThat(wrong).isInstanceOf(BrokerAuthException.class);
        assertThat(wrong.getMessage()).isEqualTo(ENDPOINT + ": authentication refused (wrong user name or password)");
        BrokerException none = throughSentinel(atMaster("NOAUTH Authentication required."));
        assertThat(none.getMessage()).isEqualTo(ENDPOINT + ": the server requires a password and none was given");
    }

    private static BrokerException handshake(String certificateProblem) {
        SSLHandshakeException ssl = new SSLHandshakeException(certificateProblem);
        ssl.initCause(new CertificateException(certificateProblem));
        return RedisErrors.map("rediss://:****@127.0.0.2:6380/1", "connect",
                new RedisConnectionException("Unable to connect to 127.0.0.2/<unresolved>:6380", ssl));
    }

    @Test
    void anUntrustedCertificateHintsAtTheCaFile() {
        BrokerException e = handshake("PKIX path building failed: unable to find valid certification path");
        assertThat(e).isInstanceOf(BrokerUnreachableException.class);
        assertThat(e.getMessage()).isEqualTo("rediss://:****@127.0.0.2:6380/1: TLS handshake failed"
                + " (server certificate not trusted; use --ca-certs FILE or --insecure)");
    }

    @Test
    void aCertificateForAnotherHostSaysSoInsteadOfBlamingTheCa() {
        for (String jdkText : new String[] {"No subject alternative names matching IP address 127.0.0.2 found",
            "No subject alternative DNS name matching redis.example found.", "No name matching redis.example found"}) {
            BrokerException e = handshake(jdkText);
            assertThat(e).isInstanceOf(BrokerUnreachableException.class);
            assertThat(e.getMessage()).as(jdkText).isEqualTo("rediss://:****@127.0.0.2:6380/1: TLS handshake failed"
                    + " (the server certificate does not name this host; connect by a name it lists, or use --insecure)");
        }
    }
}
