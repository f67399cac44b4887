package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.secrets.Masks;
import io.celerymon.testsupport.Captures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyRedactionTest {
    @ParameterizedTest
    @ValueSource(strings = {"ping", "stats", "active", "active_queues", "clock", "conf", "registered",
            "report", "reserved", "revoked", "scheduled"})
    void capturesWithoutSecretsAreLeftUnchanged(String method) {
        for (Map.Entry<String, JsonNode> worker : Captures.load(method).properties()) {
            assertThat(ReplyRedaction.redact(method, worker.getValue())).as(worker.getKey())
                    .isEqualTo(worker.getValue());
        }
    }

    @Test
    void routingKeysSurviveInActiveQueuesAndDeliveryInfo() {
        JsonNode queues = ReplyRedaction.redact("active_queues", Captures.load("active_queues").get("solo@lab"));
        JsonNode active = ReplyRedaction.redact("active", Captures.load("active").get("gevent@lab"));

        assertThat(queues.get(1).get("routing_key").asText()).isEqualTo("lab.solo");
        assertThat(active.at("/0/delivery_info/routing_key").asText()).isEqualTo("lab.gevent");
        JsonNode binding = ReplyRedaction.redact("active_queues", Captures.parse(
                "[{\"bindings\": [{\"routing_key\": \"rk\", \"binding_key\": \"bk\", \"bindingKey\": \"b2\"}]}]"));
        assertThat(binding.at("/0/bindings/0/routing_key").asText()).isEqualTo("rk");
        assertThat(binding.at("/0/bindings/0/binding_key").asText()).isEqualTo("bk");
        assertThat(binding.at("/0/bindings/0/bindingKey").asText()).isEqualTo("b2");
    }

    @Test
    void sentinelPasswordInTransportOptionsIsHidden() {
        JsonNode stats = Captures.load("stats").get("prefork@lab").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) stats.get("broker")).set("transport_options",
                Captures.parse("{\"master_name\": \"mymaster\", \"sentinel_kwargs\": {\"password\": \"s3ntinel\"},"
                        + " \"global_keyprefix\": \"app:\", \"visibility_timeout\": 3600}"));

        JsonNode redacted = ReplyRedaction.redact("stats", stats);

        JsonNode options = redacted.at("/broker/transport_options");
        assertThat(options.at("/sentinel_kwargs/password").asText()).isEqualTo(Masks.VALUE);
        assertThat(options.get("master_name").asText()).isEqualTo("mymaster");
        assertThat(options.get("visibility_timeout").asInt()).isEqualTo(3600);
        assertThat(options.get("global_keyprefix").asText()).isEqualTo(Masks.VALUE);
        assertThat(redacted.toString()).doesNotContain("s3ntinel");
        assertThat(stats.at("/broker/transport_options/sentinel_kwargs/password").asText())
                .as("the input is not modified").isEqualTo("s3ntinel");
    }

    @Test
    void urlPasswordsInsideRepliesAreMasked() {
        JsonNode report = Captures.parse("{\"ok\": \"\\nbroker_url: 'redis://:hunter2@cache:6379/0'\\n\"}");

        JsonNode redacted = ReplyRedaction.redact("report", report);

        assertThat(redacted.get("ok").asText()).isEqualTo("\nbroker_url: 'redis://:****@cache:6379/0'\n");
    }

    @Test
    void taskNamesInStatsTotalAndTaskIdsInQueryTaskAreNotJudgedAsKeys() {
        JsonNode stats = ReplyRedaction.redact("stats",
                Captures.parse("{\"total\": {\"tasks.rotate_api_key\": 3}, \"pid\": 1}"));
        JsonNode query = ReplyRedaction.redact("query_task", Captures.parse(
                "{\"refresh-token-1\": [\"active\", {\"name\": \"tasks.refresh\", \"kwargs\": {\"token\": \"t\"}}]}"));

        assertThat(stats.at("/total/tasks.rotate_api_key").asInt()).isEqualTo(3);
        assertThat(ReplyDigest.of("stats", stats)).endsWith("tasks=3");
        assertThat(query.at("/refresh-token-1/1/name").asText()).isEqualTo("tasks.refresh");
        assertThat(query.at("/refresh-token-1/1/kwargs/token").asText()).isEqualTo(Masks.VALUE);
    }

    @Test
    void aWholeCallResultIsRedacted() {
        CallResult result = new CallResult("conf", "redis://:already@masked:6379/0", 2.0,
                List.of(new WorkerReply("w@h", Captures.parse("{\"broker_url\": \"redis://u:pw1@h/0\","
                                + " \"secret_key\": \"k\"}"), null, 1.0),
                        new WorkerReply("v@h", Captures.parse("{\"error\": \"ConnectionError('amqp://u:pw2@h//')\"}"),
                                "ConnectionError('amqp://u:pw2@h//')", 1.0)),
                List.of("m@h"), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        CallResult safe = ReplyRedaction.redact(result);

        String everything = safe.toString();
        assertThat(everything).doesNotContain("already", "pw1", "pw2", "\"k\"");
        assertThat(safe.replies().get(0).reply().get("secret_key").asText()).isEqualTo(Masks.VALUE);
        assertThat(safe.replies().get(1).error()).isEqualTo("ConnectionError('amqp://u:****@h//')");
        assertThat(safe.missing()).containsExactly("m@h");
    }
}
