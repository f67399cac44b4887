package io.celerymon.output.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.events.CeleryEvent;
import io.celerymon.secrets.Masks;
import io.celerymon.testsupport.Captures;
import org.junit.jupiter.api.Test;

class EventNdjsonRendererTest {
    private final EventNdjsonRenderer renderer = new EventNdjsonRenderer("redis://:****@127.0.0.1:6379/0");

    @Test
    void heartbeatKeepsEveryFieldAfterTheLeadingKeys() {
        String text = renderer.render(EventFixtures.event(EventFixtures.HEARTBEAT));

        assertThat(text).endsWith("\n").doesNotContain(" ");
        assertThat(text.lines()).hasSize(1);
        JsonNode line = Captures.strict(text);
        assertThat(Captures.keys(line)).containsExactly("type", "hostname", "timestamp", "local_received",
                "broker", "utcoffset", "pid", "clock", "freq", "active", "processed", "loadavg", "sw_ident",
                "sw_ver", "sw_sys");
        assertThat(line.get("type").asText()).isEqualTo("worker-heartbeat");
        assertThat(line.get("hostname").asText()).isEqualTo("gevent@lab");
        assertThat(line.get("timestamp").doubleValue()).isEqualTo(1795705240.8546345);
        assertThat(line.get("local_received").doubleValue()).isEqualTo(EventFixtures.RECEIVED);
        assertThat(line.get("broker").asText()).isEqualTo("redis://:****@127.0.0.1:6379/0");
        assertThat(line.get("loadavg")).isEqualTo(Captures.parse("[0.42, 0.54, 0.39]"));
        assertThat(line.get("pid").intValue()).isEqualTo(16237);
    }

    @Test
    void taskFieldsKeepTheirOrderAndNulls() {
        JsonNode line = Captures.strict(renderer.render(EventFixtures.event(EventFixtures.RECEIVED_TASK)));

        assertThat(Captures.keys(line)).containsExactly("type", "hostname", "timestamp", "local_received",
                "broker", "utcoffset", "pid", "clock", "uuid", "name", "args", "kwargs", "root_id", "parent_id",
                "retries", "eta", "expires");
        assertThat(line.get("args").asText()).isEqualTo("[1, 2]");
        assertThat(line.get("parent_id").isNull()).isTrue();
    }

    @Test
    void aRawBrokerUrlAndSecretsInFieldsAreMasked() {
        EventNdjsonRenderer raw = new EventNdjsonRenderer("redis://:hunter2@10.0.0.1:6379/0");
        CeleryEvent event = EventFixtures.event("{\"type\": \"task-received\", \"hostname\": \"w@h\", "
                + "\"timestamp\": 1.5, \"uuid\": \"u\", \"args\": \"['amqp://bob:s3cret@mq//']\", "
                + "\"kwargs\": \"{}\", \"api_token\": \"tok-123\"}");

        String text = raw.render(event);

        assertThat(text).doesNotContain("hunter2", "s3cret", "tok-123");
        JsonNode line = Captures.strict(text);
        assertThat(line.get("broker").asText()).isEqualTo("redis://:****@10.0.0.1:6379/0");
        assertThat(line.get("args").asText()).isEqualTo("['amqp://bob:****@mq//']");
        assertThat(line.get("api_token").asText()).isEqualTo(Masks.VALUE);
    }

    @Test
    void nanAndInfinityBecomeStringsSoStrictParsersAcceptTheLine() {
        CeleryEvent event = EventFixtures.event("{\"type\": \"task-succeeded\", \"hostname\": \"w@h\", "
                + "\"timestamp\": 1.5, \"uuid\": \"u\", \"result\": \"x\", \"runtime\": NaN, \"load\": -Infinity}");

        JsonNode line = Captures.strict(renderer.render(event));

        assertThat(line.get("runtime").asText()).isEqualTo("NaN");
        assertThat(line.get("load").asText()).isEqualTo("-Infinity");
    }

    @Test
    void missingTimestampIsNullAndOurOwnKeysWinOverForgedOnes() {
        ObjectNode fields = (ObjectNode) Captures.parse(
                "{\"gap_seconds\": 9.4, \"freq\": 2.0, \"broker\": \"forged\", \"local_received\": 1}");
        CeleryEvent gap = new CeleryEvent("celerymon-heartbeat-gap", "gevent@lab", Double.NaN, 12.5, fields);

        JsonNode line = Captures.strict(renderer.render(gap));

        assertThat(Captures.keys(line)).containsExactly("type", "hostname", "timestamp", "local_received",
                "broker", "gap_seconds", "freq");
        assertThat(line.get("timestamp").isNull()).isTrue();
        assertThat(line.get("local_received").doubleValue()).isEqualTo(12.5);
        assertThat(line.get("broker").asText()).isEqualTo("redis://:****@127.0.0.1:6379/0");
    }

    @Test
    void controlCharactersAreEscapedSoTheLineStaysOneTerminalSafeLine() {
        CeleryEvent event = EventFixtures.event("{\"type\": \"task-failed\", \"hostname\": \"w\\u001b[2J@h\", "
                + "\"timestamp\": 1.5, \"uuid\": \"u\", \"exception\": \"E\\nF\\u009b\"}");

        String text = renderer.render(event);

        assertThat(text.lines()).hasSize(1);
        assertThat(text).doesNotContain("\u001b", "\u009b");
        assertThat(Captures.strict(text).get("hostname").asText()).isEqualTo("w\u001b[2J@h");
    }

    @Test
    void writingToAStreamGivesTheSameLinesAsRenderingEachOne() throws Exception {
        // Keys that the cached field names must not write unescaped: DEL, a C1 control, a quote.
        CeleryEvent odd = EventFixtures.event("{\"type\": \"task-x\", \"hostname\": \"w@h\", \"timestamp\": 1.5,"
                + " \"k\\u007f\": 1, \"k\\u0085\": 2, \"k\\\"q\": 3, \"\u00e9t\u00e9\": 4, \"runtime\": 8.4e-05}");
        CeleryEvent secret = EventFixtures.event("{\"type\": \"task-received\", \"hostname\": \"w@h\","
                + " \"timestamp\": 1.5, \"API_Token\": \"tok-123\"}");
        java.io.StringWriter out = new java.io.StringWriter();
        StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 2; round++) {
            for (CeleryEvent event : java.util.List.of(EventFixtures.event(EventFixtures.HEARTBEAT), odd, secret,
                    EventFixtures.event(EventFixtures.RECEIVED_TASK))) {
                renderer.write(event, out);
                expected.append(new EventNdjsonRenderer("redis://:****@127.0.0.1:6379/0").render(event));
            }
        }

        assertThat(out.toString()).isEqualTo(expected.toString()).doesNotContain("tok-123", "\u007f", "\u0085");
        assertThat(out.toString().lines()).hasSize(8).allSatisfy(line -> Captures.strict(line + "\n"));
    }
}
