package io.celerymon.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.WorkerReply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {

    @ParameterizedTest
    @ValueSource(strings = {"ping", "stats", "active", "active_queues", "clock", "conf", "registered",
            "report", "reserved", "revoked", "scheduled"})
    void capturesWithoutSecretsAreLeftUnchanged(String method) {
        for (Map.Entry<String, JsonNode> worker : Captures.load(method).properties()) {
            assertThat(SecretRedactor.redact(method, worker.getValue())).as(worker.getKey())
                    .isEqualTo(worker.getValue());
        }
    }

    @Test
    void routingKeysSurviveInActiveQueuesAndDeliveryInfo() {
        JsonNode queues = SecretRedactor.redact("active_queues", Captures.load("active_queues").get("solo@lab"));
        JsonNode active = SecretRedactor.redact("active", Captures.load("active").get("gevent@lab"));

        assertThat(queues.get(1).get("routing_key").asText()).isEqualTo("lab.solo");
        assertThat(active.at("/0/delivery_info/routing_key").asText()).isEqualTo("lab.gevent");
        JsonNode binding = SecretRedactor.redact("active_queues", Captures.parse(
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

        JsonNode redacted = SecretRedactor.redact("stats", stats);

        JsonNode options = redacted.at("/broker/transport_options");
        assertThat(options.at("/sentinel_kwargs/password").asText()).isEqualTo(SecretRedactor.MASK);
        assertThat(options.get("master_name").asText()).isEqualTo("mymaster");
        assertThat(options.get("visibility_timeout").asInt()).isEqualTo(3600);
        assertThat(options.get("global_keyprefix").asText()).isEqualTo(SecretRedactor.MASK);
        assertThat(redacted.toString()).doesNotContain("s3ntinel");
        assertThat(stats.at("/broker/transport_options/sentinel_kwargs/password").asText())
                .as("the input is not modified").isEqualTo("s3ntinel");
    }

    @Test
    void hiddenKeysHideEveryStringAndNumberBelowThemButKeepNullsAndBooleans() {
        JsonNode redacted = SecretRedactor.redact("active", Captures.parse("[{\"kwargs\": {"
                + "\"api_key\": \"abc\", \"PIN_PASSWORD\": 1234, \"tokens\": [\"t1\", [\"t2\"]],"
                + " \"database\": {\"host\": \"db\", \"enabled\": true, \"pw\": \"x\"},"
                + " \"secret\": null, \"amount\": 10}}]"));

        JsonNode kwargs = redacted.get(0).get("kwargs");
        assertThat(kwargs.get("api_key").asText()).isEqualTo(SecretRedactor.MASK);
        assertThat(kwargs.get("PIN_PASSWORD").asText()).isEqualTo(SecretRedactor.MASK);
        assertThat(kwargs.get("tokens").toString()).isEqualTo("[\"********\",[\"********\"]]");
        assertThat(kwargs.at("/database/host").asText()).isEqualTo(SecretRedactor.MASK);
        assertThat(kwargs.at("/database/pw").asText()).isEqualTo(SecretRedactor.MASK);
        assertThat(kwargs.at("/database/enabled").booleanValue()).isTrue();
        assertThat(kwargs.get("secret").isNull()).isTrue();
        assertThat(kwargs.get("amount").asInt()).isEqualTo(10);
    }

    @Test
    void needsRedactionFindsExactlyWhatRedactWouldChange() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(SecretRedactor.needsRedaction(m.readTree(
                "{\"type\":\"worker-heartbeat\",\"hostname\":\"w@h\",\"freq\":2.0,\"loadavg\":[0.1]}"))).isFalse();
        assertThat(SecretRedactor.needsRedaction(m.readTree("{\"kwargs\":\"{'url': 'redis://:pw@h/0'}\"}"))).isTrue();
        assertThat(SecretRedactor.needsRedaction(m.readTree("{\"a\":[{\"api_key\":\"x\"}]}"))).isTrue();
    }

    @Test
    void passwordsCeleryAlreadyCensoredStayAsCeleryPrintedThem() {
        assertThat(SecretRedactor.maskText("broker_url: 'amqp://guest:********@h:5672/v'"))
                .isEqualTo("broker_url: 'amqp://guest:********@h:5672/v'");
        assertThat(SecretRedactor.maskText("amqp://guest:s3cret@h:5672/v")).isEqualTo("amqp://guest:****@h:5672/v");
    }

    @Test
    void urlPasswordsInStringsAreMasked() {
        assertThat(SecretRedactor.maskText("broker redis://user:hunter2@cache:6379/0 down"))
                .isEqualTo("broker redis://user:****@cache:6379/0 down");
        assertThat(SecretRedactor.maskText("amqp://:p@ss/w:rd@mq:5672//"))
                .isEqualTo("amqp://:****@mq:5672//");
        assertThat(SecretRedactor.maskText("('redis://a:b@h', 'sentinel://c:d@s:26379')"))
                .isEqualTo("('redis://a:****@h', 'sentinel://c:****@s:26379')");
        assertThat(SecretRedactor.maskText("rediss://h:6380/0?ssl_cert_reqs=none&password=xyz"))
                .isEqualTo("rediss://h:6380/0?ssl_cert_reqs=none&password=****");
        assertThat(SecretRedactor.maskText("redis://user@host:6379/0 and http://h:8080/x"))
                .isEqualTo("redis://user@host:6379/0 and http://h:8080/x");
        assertThat(SecretRedactor.maskText(null)).isNull();
    }

    @Test
    void urlPasswordsInsideRepliesAreMasked() {
        JsonNode report = Captures.parse("{\"ok\": \"\\nbroker_url: 'redis://:hunter2@cache:6379/0'\\n\"}");

        JsonNode redacted = SecretRedactor.redact("report", report);

        assertThat(redacted.get("ok").asText()).isEqualTo("\nbroker_url: 'redis://:****@cache:6379/0'\n");
    }

    @Test
    void taskNamesInStatsTotalAndTaskIdsInQueryTaskAreNotJudgedAsKeys() {
        JsonNode stats = SecretRedactor.redact("stats",
                Captures.parse("{\"total\": {\"tasks.rotate_api_key\": 3}, \"pid\": 1}"));
        JsonNode query = SecretRedactor.redact("query_task", Captures.parse(
                "{\"refresh-token-1\": [\"active\", {\"name\": \"tasks.refresh\", \"kwargs\": {\"token\": \"t\"}}]}"));

        assertThat(stats.at("/total/tasks.rotate_api_key").asInt()).isEqualTo(3);
        assertThat(ReplyDigest.of("stats", stats)).endsWith("tasks=3");
        assertThat(query.at("/refresh-token-1/1/name").asText()).isEqualTo("tasks.refresh");
        assertThat(query.at("/refresh-token-1/1/kwargs/token").asText()).isEqualTo(SecretRedactor.MASK);
    }

    @Test
    void hiddenKeyRuleIsCeleryPatternMinusRoutingWords() {
        assertThat(SecretRedactor.isHiddenKey("password")).isTrue();
        assertThat(SecretRedactor.isHiddenKey("broker_api")).isTrue();
        assertThat(SecretRedactor.isHiddenKey("security_key")).isTrue();
        assertThat(SecretRedactor.isHiddenKey("beat_dburi")).isTrue();
        assertThat(SecretRedactor.isHiddenKey("routing_key_secret")).isTrue();
        assertThat(SecretRedactor.isHiddenKey("routing_key")).isFalse();
        assertThat(SecretRedactor.isHiddenKey("task_default_routing_key")).isFalse();
        assertThat(SecretRedactor.isHiddenKey("name")).isFalse();
        assertThat(SecretRedactor.isHiddenKey("hostname")).isFalse();
    }

    @Test
    void aWholeCallResultIsRedacted() {
        CallResult result = new CallResult("conf", "redis://:already@masked:6379/0", 2.0,
                List.of(new WorkerReply("w@h", Captures.parse("{\"broker_url\": \"redis://u:pw1@h/0\","
                                + " \"secret_key\": \"k\"}"), null, 1.0),
                        new WorkerReply("v@h", Captures.parse("{\"error\": \"ConnectionError('amqp://u:pw2@h//')\"}"),
                                "ConnectionError('amqp://u:pw2@h//')", 1.0)),
                List.of("m@h"), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        CallResult safe = SecretRedactor.redact(result);

        String everything = safe.toString();
        assertThat(everything).doesNotContain("already", "pw1", "pw2", "\"k\"");
        assertThat(safe.replies().get(0).reply().get("secret_key").asText()).isEqualTo(SecretRedactor.MASK);
        assertThat(safe.replies().get(1).error()).isEqualTo("ConnectionError('amqp://u:****@h//')");
        assertThat(safe.missing()).containsExactly("m@h");
    }

    @Test
    void keyMayNeedRedactionIsTheHiddenWordsInAnyAsciiCaseOrAPasswordInTheKey() {
        assertThat(java.util.List.of("api_key", "Api", "x-TOKEN", "Secret", "passwd", "SIGNATURE", "database_url",
                "beat_dburi", "profanities_list", "monkey", "redis://u:pw@h", "a=b"))
                .allMatch(SecretRedactor::keyMayNeedRedaction);
        assertThat(java.util.List.of("hostname", "uuid", "timestamp", "args", "kwargs", "root_id", "retries",
                "expires", "sw_ident", "local_received", "apl", "tokn", "ke", "\u00e9t\u00e9", ""))
                .noneMatch(SecretRedactor::keyMayNeedRedaction);
    }
}
