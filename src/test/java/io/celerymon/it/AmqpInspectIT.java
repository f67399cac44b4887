package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The inspect contract on a RabbitMQ vhost of its own. */
class AmqpInspectIT extends InspectContract {

    @Override
    TestBroker openBroker() {
        return TestBroker.ownVhost();
    }

    @Test
    void workersSeenOnceAreExpectedNextTimeSoTheCallEndsEarly() {
        JsonNode first = celerymon.json(0, "inspect", "ping", "-t", "2");
        assertThat(names(first.get("replies"))).isEqualTo(cluster.hostnames());
        JsonNode second = celerymon.json(0, "inspect", "ping", "-t", "5");
        assertThat(second.get("expected").get("source").asText()).isEqualTo("known_workers");
        assertThat(names(second.get("expected").get("workers"))).isEqualTo(cluster.hostnames());
        assertThat(second.get("elapsed_ms").asDouble()).isLessThan(2000);
    }
}
