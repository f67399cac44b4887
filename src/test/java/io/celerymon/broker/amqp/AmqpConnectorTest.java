package io.celerymon.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmqpConnectorTest {

    private static final BrokerUrl URL = new BrokerUrl("amqp", "127.0.0.1", 5672, "guest", "guest", "/");

    @Test
    void theHandshakeMayUseAllTheTimeLeftThoughTheClientWaitsHalfOfItsTimeoutPerStep() throws Exception {
        ConnectionFactory factory = AmqpConnector.factory(URL, null, Deadline.in(Duration.ofSeconds(5)), s -> { });
        // connection.start is awaited for handshakeTimeout / 2: that half must still be the time left.
        assertThat(factory.getHandshakeTimeout() / 2).isBetween(4_800, 5_000);
        assertThat(factory.getConnectionTimeout()).isBetween(4_800, 5_000);
    }

    @Test
    void theDoubledTimeoutNeitherOverflowsNorDropsToTheClientsWaitForEver() {
        assertThat(AmqpConnector.handshakeTimeout(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(AmqpConnector.handshakeTimeout(AmqpConnector.TIMEOUT_FLOOR_MILLIS))
                .isEqualTo(2 * AmqpConnector.TIMEOUT_FLOOR_MILLIS);
    }
}
