package io.celerymon.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlRequestTest {

    private final CeleryJson json = new CeleryJson();

    private JsonNode wire(ControlRequest request) throws Exception {
        return json.read(json.write(request.toWire()));
    }

    @Test
    void broadcastHasEveryKeyKombuSendsAndNullTargets() throws Exception {
        JsonNode body = wire(new ControlRequest("ping", Map.of(), null, null, null, "tick", "reply.celery.pidbox", "oid"));
        assertThat(body.get("method").asText()).isEqualTo("ping");
        assertThat(body.get("arguments").isObject()).isTrue();
        assertThat(body.get("destination").isNull()).isTrue();
        assertThat(body.get("pattern").isNull()).isTrue();
        assertThat(body.get("matcher").isNull()).isTrue();
        assertThat(body.get("ticket").asText()).isEqualTo("tick");
        assertThat(body.get("reply_to").get("exchange").asText()).isEqualTo("reply.celery.pidbox");
        assertThat(body.get("reply_to").get("routing_key").asText()).isEqualTo("oid");
    }

    @Test
    void destinationIsAlwaysAnArrayAndNeverEmpty() throws Exception {
        assertThat(wire(new ControlRequest("ping", null, List.of("a@h", "b@h"), null, null, "t", "r", "o"))
                .get("destination").isArray()).isTrue();
        // [] means "everyone" to a worker; an empty destination must go out as null.
        assertThat(wire(new ControlRequest("ping", null, List.of(), null, null, "t", "r", "o"))
                .get("destination").isNull()).isTrue();
    }

    @Test
    void aPatternAlwaysTravelsWithAMatcher() throws Exception {
        JsonNode body = wire(new ControlRequest("ping", null, null, "gevent*", null, "t", "r", "o"));
        assertThat(body.get("pattern").asText()).isEqualTo("gevent*");
        assertThat(body.get("matcher").asText()).isEqualTo("glob");
    }
}
