package io.celerymon.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
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
        assertThat(wrong.getMessage()).isEqualTo(ENDPOINT + ": authentication refused: wrong password");
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

    private static final String PLAIN = "redis://:****@127.0.0.1:6402/16";

    private static BrokerException connecting(Throwable cause) {
        return RedisErrors.map(PLAIN, "connect", new RedisConnectionException(
                "Unable to connect to 127.0.0.1/<unresolved>:6402", new CompletionException(cause)));
    }

    @Test
    void theServersOwnErrorIsQuotedWhole() {
        BrokerException db = connecting(new RedisCommandExecutionException("ERR DB index is out of range"));
        assertThat(db).isInstanceOf(BrokerProtocolException.class);
        assertThat(db.getMessage()).isEqualTo(PLAIN + ": Redis error while trying to connect: ERR DB index is out of range");
        BrokerException oom = RedisErrors.map(PLAIN, "register the reply queue", new RedisCommandExecutionException(
                "OOM command not allowed when used memory > 'maxmemory'."));
        assertThat(oom.getMessage()).isEqualTo(PLAIN + ": Redis error while trying to register the reply queue:"
                + " OOM command not allowed when used memory > 'maxmemory'");
    }

    @Test
    void aLongOrMultiLineServerErrorIsShortenedToItsFirstLine() {
        BrokerException e = RedisErrors.map(PLAIN, "ping the server",
                new RedisCommandExecutionException("ERR " + "x".repeat(500) + "\nsecond line"));
        assertThat(e.getMessage()).doesNotContain("second line").hasSizeLessThan(PLAIN.length() + 250).endsWith("…");
    }

    @Test
    void authToAServerWithoutAPasswordSaysSo() {
        for (String redisText : new String[] {
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your"
                    + " configuration is correct?",
            "ERR Client sent AUTH, but no password is set"}) {
            BrokerException e = connecting(new RedisCommandExecutionException(redisText));
            assertThat(e).as(redisText).isInstanceOf(BrokerAuthException.class);
            assertThat(e.getMessage()).isEqualTo(PLAIN + ": authentication refused: the server has no password set"
                    + " (remove the password from the broker URL)");
        }
    }

    @Test
    void aWrongPasswordIsNamedAndAUserNameOnlyWhenOneWasGiven() {
        RedisCommandExecutionException wrongpass =
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.");
        assertThat(RedisErrors.map(PLAIN, "connect", wrongpass).getMessage())
                .isEqualTo(PLAIN + ": authentication refused: wrong password");
        assertThat(RedisErrors.map(PLAIN, "connect", wrongpass, true).getMessage())
                .isEqualTo(PLAIN + ": authentication refused: wrong user name or password");
    }

    @Test
    void aSentinelUrlAtAPlainRedisSaysSo() {
        RedisConnectionException lettuce = new RedisConnectionException(null, new CompletionException(
                new io.lettuce.core.RedisCommandTimeoutException("Cannot obtain master using SENTINEL MASTER")));
        lettuce.getCause().getCause().addSuppressed(new RedisCommandExecutionException("ERR unknown command"
                + " 'SENTINEL', with args beginning with: 'get-master-addr-by-name' 'mymaster' "));
        BrokerException e = throughSentinel(lettuce);
        assertThat(e).isInstanceOf(BrokerProtocolException.class);
        assertThat(e.getMessage()).isEqualTo(ENDPOINT + ": not a Redis Sentinel (it answered: ERR unknown command"
                + " 'SENTINEL'); a plain Redis takes a redis:// URL");
    }

    @Test
    void aClosingServerIsPlainWordsNotAClassName() {
        BrokerException e = connecting(new RedisConnectionException("Connection closed prematurely"));
        assertThat(e).isInstanceOf(BrokerUnreachableException.class);
        assertThat(e.getMessage()).isEqualTo(PLAIN + ": connection closed by the server while trying to connect");
        assertThat(RedisErrors.worthAPlainPing(e)).isTrue();
    }

    @Test
    void anAnswerThatIsNotRedisProtocolSaysSo() {
        for (Throwable cause : new Throwable[] {
            new io.lettuce.core.protocol.RedisProtocolException("Invalid first byte: 72 (H) at buffer index 1"),
            new NumberFormatException("For input string: \"SADD\"")}) {
            BrokerException e = connecting(cause);
            assertThat(e).isInstanceOf(BrokerProtocolException.class);
            assertThat(e.getMessage()).isEqualTo(PLAIN + ": not a Redis server: its answer is not Redis protocol"
                    + " (while trying to connect)");
            assertThat(RedisErrors.worthAPlainPing(e)).isTrue();
        }
    }

    @Test
    void anUnknownFailureGivesItsReasonNeverAClassNameAlone() {
        BrokerException withText = connecting(new IllegalStateException("event loop shut down"));
        assertThat(withText.getMessage()).isEqualTo(PLAIN + ": could not connect: event loop shut down");
        BrokerException without = connecting(new IllegalStateException());
        assertThat(without.getMessage()).isEqualTo(PLAIN + ": could not connect");
        assertThat(without.getMessage()).doesNotContain("Exception");
    }

    @Test
    void noPlainPingWhereTheCauseIsAlreadyKnown() {
        assertThat(RedisErrors.worthAPlainPing(RedisErrors.timeout(PLAIN, "connect"))).isFalse();
        assertThat(RedisErrors.worthAPlainPing(connecting(new java.net.ConnectException("Connection refused"))))
                .isFalse();
        assertThat(RedisErrors.worthAPlainPing(connecting(new RedisCommandExecutionException("ERR DB index is out"
                + " of range")))).isFalse();
        assertThat(RedisErrors.worthAPlainPing(connecting(new RedisCommandExecutionException("NOAUTH Authentication"
                + " required.")))).isFalse();
    }

    @Test
    void aTlsFailureWrappedInADecoderErrorStaysATlsFailure() {
        SSLHandshakeException ssl = new SSLHandshakeException("PKIX path building failed");
        ssl.initCause(new CertificateException("PKIX path building failed"));
        BrokerException e = RedisErrors.map("rediss://:****@127.0.0.2:6380/1", "connect",
                new RedisConnectionException("Unable to connect to 127.0.0.2/<unresolved>:6380",
                        new io.netty.handler.codec.DecoderException(ssl)));
        assertThat(e.getMessage()).isEqualTo("rediss://:****@127.0.0.2:6380/1: TLS handshake failed"
                + " (server certificate not trusted; use --ca-certs FILE or --insecure)");
    }
}
