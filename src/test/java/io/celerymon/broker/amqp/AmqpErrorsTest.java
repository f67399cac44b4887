package io.celerymon.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.MalformedFrameException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class AmqpErrorsTest {

    private static final String PASSWORD = "s3cr3t-pw";
    private static final BrokerUrl URL = new BrokerUrl("amqp", "127.0.0.1", 5672, "guest", PASSWORD, "/");
    private static final String ENDPOINT = "amqp://guest:****@127.0.0.1:5672//";

    private static BrokerException map(Throwable error) {
        BrokerException mapped = AmqpErrors.map(URL, null, error);
        assertThat(mapped.getMessage()).doesNotContain(PASSWORD).doesNotContain("\n").startsWith(ENDPOINT + ": ");
        assertThat(mapped.getCause()).isSameAs(error);
        return mapped;
    }

    private static ShutdownSignalException connectionClose(int code, String text) {
        AMQP.Connection.Close close = new AMQP.Connection.Close.Builder().replyCode(code).replyText(text).build();
        return new ShutdownSignalException(true, false, close, null);
    }

    private static ShutdownSignalException channelClose(int code, String text) {
        AMQP.Channel.Close close = new AMQP.Channel.Close.Builder().replyCode(code).replyText(text).build();
        return new ShutdownSignalException(false, false, close, null);
    }

    @Test
    void aCallOurDeadlineBrokeIsATimeoutNotABrokerRefusal() {
        // What the client reports after our own abort of the channel: channel.close 200 OK.
        AMQP.Channel.Close ours = new AMQP.Channel.Close.Builder().replyCode(200).replyText("OK").build();
        TimeoutException timeout = new TimeoutException("no answer before the deadline");
        timeout.initCause(new ShutdownSignalException(false, true, ours, null));
        BrokerException mapped = map(timeout);
        assertThat(mapped).isInstanceOf(BrokerUnreachableException.class);
        assertThat(mapped.getMessage()).contains("timed out").doesNotContain("refused");
    }

    @Test
    void refusedLoginIsAnAuthFailureNamingTheUser() {
        BrokerException mapped = map(new AuthenticationFailureException(
                "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN"));
        assertThat(mapped).isInstanceOf(BrokerAuthException.class);
        assertThat(mapped.getMessage()).isEqualTo(ENDPOINT + ": authentication refused for user 'guest'");
    }

    @Test
    void connectionDroppedDuringLoginIsAnAuthFailure() {
        BrokerException mapped = map(new PossibleAuthenticationFailureException(
                new ShutdownSignalException(true, false, null, null)));
        assertThat(mapped).isInstanceOf(BrokerAuthException.class);
        assertThat(mapped.getMessage()).contains("authentication").contains("'guest'");
    }

    @Test
    void vhostRefusedIsAnAuthFailureWithTheBrokersReason() {
        IOException wrapped = new IOException(connectionClose(530,
                "NOT_ALLOWED - access to vhost 'cm' refused for user 'guest'"));
        BrokerException mapped = map(wrapped);
        assertThat(mapped).isInstanceOf(BrokerAuthException.class);
        assertThat(mapped.getMessage()).isEqualTo(ENDPOINT
                + ": access refused: NOT_ALLOWED - access to vhost 'cm' refused for user 'guest' (530)");
    }

    @Test
    void channelAccessRefusedIsAnAuthFailure() {
        assertThat(map(new IOException(channelClose(403, "ACCESS_REFUSED - configure access to exchange"))))
                .isInstanceOf(BrokerAuthException.class);
    }

    @Test
    void inequivalentDeclareIsAProtocolFailureNamingTheAction() {
        IOException wrapped = new IOException(channelClose(406,
                "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'celery.pidbox'"));
        BrokerException mapped = AmqpErrors.map(URL, "declaring exchange 'celery.pidbox'", wrapped);
        assertThat(mapped).isInstanceOf(BrokerProtocolException.class);
        assertThat(mapped.getMessage()).isEqualTo(ENDPOINT + ": declaring exchange 'celery.pidbox': broker refused: "
                + "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'celery.pidbox' (406)");
    }

    @Test
    void brokerClosingTheConnectionIsUnreachable() {
        assertThat(map(connectionClose(320, "CONNECTION_FORCED - broker forced connection closure")))
                .isInstanceOf(BrokerUnreachableException.class)
                .hasMessageContaining("CONNECTION_FORCED");
    }

    @Test
    void networkFailuresAreUnreachable() {
        assertThat(map(new ConnectException("Connection refused")))
                .isInstanceOf(BrokerUnreachableException.class).hasMessage(ENDPOINT + ": connection refused");
        assertThat(map(new UnknownHostException("nosuch.example")))
                .isInstanceOf(BrokerUnreachableException.class).hasMessage(ENDPOINT + ": unknown host '127.0.0.1'");
        assertThat(map(new SocketTimeoutException("Read timed out")))
                .isInstanceOf(BrokerUnreachableException.class).hasMessageContaining("timed out");
        assertThat(map(new TimeoutException()))
                .isInstanceOf(BrokerUnreachableException.class).hasMessageContaining("timed out");
        assertThat(map(new SocketException("Connection reset")))
                .isInstanceOf(BrokerUnreachableException.class).hasMessageContaining("connection closed");
    }

    @Test
    void tlsFailureKeepsTheDiagnosticButNoUrlCredentials() {
        BrokerException mapped = map(new SSLHandshakeException(
                "PKIX path building failed for amqps://guest:" + PASSWORD + "@broker:5671/"));
        assertThat(mapped).isInstanceOf(BrokerUnreachableException.class);
        assertThat(mapped.getMessage()).contains("TLS handshake failed: PKIX path building failed")
                .contains("amqps://guest:****@broker:5671/");
    }

    @Test
    void clientTextNoPhraseCoversIsShownMaskedOnOneLine() {
        BrokerException mapped = map(new IOException("could not connect to\namqp://guest:" + PASSWORD + "@h/"));
        assertThat(mapped).isInstanceOf(BrokerUnreachableException.class);
        assertThat(mapped.getMessage()).isEqualTo(ENDPOINT + ": I/O error: could not connect to amqp://guest:****@h/");
    }

    @Test
    void aFailureWithoutAnyMessageIsNamedPlainlyNotByItsClass() {
        BrokerException io = map(new IOException());
        assertThat(io.getMessage()).isEqualTo(ENDPOINT + ": I/O error: the client library gave no reason");
        BrokerException other = map(new IllegalStateException());
        assertThat(other.getMessage()).isEqualTo(ENDPOINT + ": unexpected failure: the client library gave no reason");
        assertThat(io.getMessage() + other.getMessage()).doesNotContain("Exception");
    }

    @Test
    void aRequestTheClientRefusesSaysWhy() {
        BrokerException mapped = AmqpErrors.map(URL, "declaring exchange 'x'", new IllegalArgumentException(
                "Short string too long; utf-8 encoded length = 300, max = 255."));
        assertThat(mapped.getMessage()).isEqualTo(ENDPOINT + ": declaring exchange 'x': the client refused the request:"
                + " Short string too long; utf-8 encoded length = 300, max = 255.");
    }

    @Test
    void theCauseChainsFirstMessageIsUsedAndCut() {
        Exception wrapped = new RuntimeException(new IllegalStateException("x".repeat(500)));
        String detail = AmqpErrors.detail(new RuntimeException((String) null, wrapped));
        assertThat(detail).hasSize(AmqpErrors.DETAIL_LIMIT + 1).startsWith("xxx").endsWith("…");
    }

    @Test
    void aServerThatIsNotAnAmqpBrokerIsAProtocolFailure() {
        assertThat(map(new MalformedFrameException("AMQP protocol version mismatch")))
                .isInstanceOf(BrokerProtocolException.class).hasMessageContaining("does not speak AMQP 0-9-1");
    }

    @Test
    void recognisesChannelCloseCodesThroughWrappers() {
        IOException notFound = new IOException(channelClose(404, "NOT_FOUND - no queue 'x'"));
        assertThat(AmqpErrors.isChannelClose(notFound, AMQP.NOT_FOUND)).isTrue();
        assertThat(AmqpErrors.isChannelClose(notFound, AMQP.RESOURCE_LOCKED)).isFalse();
        assertThat(AmqpErrors.isChannelClose(new IOException(connectionClose(404, "x")), AMQP.NOT_FOUND)).isFalse();
    }
}
