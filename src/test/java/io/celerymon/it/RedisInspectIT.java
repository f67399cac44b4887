package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The inspect contract on Redis db 1, Dify's broker db. */
class RedisInspectIT extends InspectContract {

    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }

    @Test
    void withoutDestinationsItStopsWhenEveryRegisteredWorkerAnswered() {
        JsonNode result = celerymon.json(0, "inspect", "ping", "-t", "5");
        assertThat(result.get("expected").get("source").asText()).isEqualTo("binding_set");
        assertThat(names(result.get("replies"))).containsAll(cluster.hostnames());
        // The deadline is 5 s; stopping early is the point.
        assertThat(result.get("elapsed_ms").asDouble()).isLessThan(2000);
    }
}
