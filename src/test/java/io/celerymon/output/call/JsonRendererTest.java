package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.testsupport.Captures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRendererTest {

    @ParameterizedTest
    @ValueSource(strings = {"ping", "stats", "active", "active_queues", "clock", "conf", "registered",
            "report", "reserved", "revoked", "scheduled"})
    void repliesSurviveTheRoundTripExactlyAndInArrivalOrder(String method) {
        JsonNode capture = Captures.load(method);

        JsonNode document = Captures.strict(new JsonRenderer().render(Captures.allReplied(method)));

        assertThat(document.get("replies")).isEqualTo(capture);
        assertThat(Captures.keys(document.get("replies"))).isEqualTo(Captures.keys(capture));
        assertThat(Captures.keys(document.get("latency_ms"))).isEqualTo(Captures.keys(capture));
    }

    @Test
    void documentHasEveryTopLevelKeyInTheDocumentedOrder() {
        JsonNode document = Captures.strict(new JsonRenderer().render(Captures.mixedPing()));

        assertThat(Captures.keys(document)).containsExactly("method", "broker", "elapsed_ms",
                "replies", "latency_ms", "missing", "errors", "stale", "expected", "ignored");
        assertThat(document.get("method").asText()).isEqualTo("ping");
        assertThat(document.get("broker").asText()).isEqualTo("redis://127.0.0.1:6379/0");
        assertThat(document.get("elapsed_ms").doubleValue()).isEqualTo(1003.3);
        assertThat(document.get("missing")).hasSize(1);
        assertThat(document.get("missing").get(0).asText()).isEqualTo("gevent@lab");
        assertThat(document.get("stale").get(0).asText()).isEqualTo("old@lab");
        assertThat(document.get("expected").get("source").asText()).isEqualTo("binding_set");
        assertThat(document.get("expected").get("count").asInt()).isEqualTo(4);
        assertThat(document.get("expected").get("workers")).hasSize(4);
        assertThat(document.get("ignored").get("duplicate").asInt()).isEqualTo(1);
        assertThat(document.get("ignored").get("foreign_ticket").asInt()).isZero();
        assertThat(document.get("ignored").get("malformed").asInt()).isZero();
        assertThat(document.get("ignored").get("late").asInt()).isEqualTo(2);
    }

    @Test
    void errorRepliesAreRepliesAndErrorsButUndecodableOnesOnlyErrors() {
        JsonNode document = Captures.strict(new JsonRenderer().render(Captures.mixedPing()));

        assertThat(Captures.keys(document.get("replies"))).containsExactly("prefork@lab", "threads@lab");
        assertThat(document.get("replies").get("threads@lab"))
                .isEqualTo(Captures.parse("{\"error\": \"KeyError('x')\"}"));
        assertThat(document.get("errors").get("threads@lab").asText()).isEqualTo("KeyError('x')");
        assertThat(document.get("errors").get("solo@lab").asText())
                .isEqualTo("worker replies with pickle: not supported");
        assertThat(document.get("errors").has("prefork@lab")).isFalse();
        assertThat(Captures.keys(document.get("latency_ms")))
                .containsExactly("prefork@lab", "threads@lab", "solo@lab");
    }

    @Test
    void millisecondsAreRoundedToATenth() {
        JsonNode document = Captures.strict(new JsonRenderer().render(Captures.mixedPing()));

        assertThat(document.get("latency_ms").get("prefork@lab").doubleValue()).isEqualTo(1.3);
        assertThat(document.get("latency_ms").get("threads@lab").doubleValue()).isEqualTo(12.3);
        assertThat(document.get("latency_ms").get("solo@lab").doubleValue()).isEqualTo(130.0);
    }

    @Test
    void nothingExpectedIsSourceNoneWithCountMinusOne() {
        CallResult result = new CallResult("ping", "amqp://guest:****@127.0.0.1:5672//", 1000.0,
                List.of(), List.of(), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        JsonNode document = Captures.strict(new JsonRenderer().render(result));

        assertThat(document.get("expected").get("source").asText()).isEqualTo("none");
        assertThat(document.get("expected").get("count").asInt()).isEqualTo(-1);
        assertThat(document.get("expected").get("workers")).isEmpty();
        assertThat(document.get("replies")).isEmpty();
    }

    @Test
    void compactIsOneLineWithTheSameDocument() {
        CallResult result = Captures.allReplied("stats");

        String compact = JsonRenderer.compact().render(result);
        String pretty = new JsonRenderer().render(result);

        assertThat(compact).endsWith("\n");
        assertThat(compact.strip()).doesNotContain("\n");
        assertThat(pretty.strip()).contains("\n  \"replies\": {");
        assertThat(Captures.strict(compact)).isEqualTo(Captures.strict(pretty));
    }

    @Test
    void pythonNanAndInfinityBecomeStringsThatStrictParsersAccept() {
        JsonNode reply = Captures.parse("{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity, \"d\": 1.5}");
        assertThat(reply.get("a")).isInstanceOf(DoubleNode.class);
        CallResult result = single("stats", reply);

        String text = new JsonRenderer().render(result);

        JsonNode document = Captures.strict(text);
        JsonNode back = document.get("replies").get("w@h");
        assertThat(back.get("a").asText()).isEqualTo("NaN");
        assertThat(back.get("b").asText()).isEqualTo("Infinity");
        assertThat(back.get("c").asText()).isEqualTo("-Infinity");
        assertThat(back.get("d").doubleValue()).isEqualTo(1.5);
    }

    @Test
    void terminalControlsAreEscapedInJsonTextAndDecodeBackUnchanged() {
        String hostile = "x\u001b[2J\u007f\u009b31m\u202eevil\u00e9";
        ObjectNode reply = JsonNodeFactory.instance.objectNode().put("name", hostile);

        String text = new JsonRenderer().render(single("active", reply));

        assertThat(text).doesNotContain("\u001b", "\u007f", "\u009b", "\u202e");
        assertThat(text).contains("\\u001B[2J", "\\u007F", "\\u009b", "\\u202e", "\u00e9");
        assertThat(Captures.strict(text).get("replies").get("w@h").get("name").asText())
                .isEqualTo(hostile);
    }

    @Test
    void secretsNeverReachTheDocument() {
        JsonNode stats = Captures.parse("{\"pid\": 1, \"broker\": {\"transport_options\":"
                + " {\"sentinel_kwargs\": {\"password\": \"s3ntinel\"}, \"master_name\": \"m\"}},"
                + " \"note\": \"see redis://app:hunter2@cache:6379/0\"}");
        CallResult result = new CallResult("stats", "redis://127.0.0.1:6379/0", 5.0,
                List.of(new WorkerReply("w@h", stats, null, 1.0),
                        new WorkerReply("v@h", null, "cannot reach amqp://u:topsecret@mq//", 2.0)),
                List.of(), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        String text = new JsonRenderer().render(result);

        assertThat(text).doesNotContain("s3ntinel", "hunter2", "topsecret");
        JsonNode document = Captures.strict(text);
        assertThat(document.at("/replies/w@h/broker/transport_options/master_name").asText())
                .isEqualTo("m");
        assertThat(document.at("/errors/v@h").asText()).isEqualTo("cannot reach amqp://u:****@mq//");
    }

    private static CallResult single(String method, JsonNode reply) {
        return new CallResult(method, "redis://127.0.0.1:6379/0", 1.0,
                List.of(new WorkerReply("w@h", reply, null, 1.0)), List.of(), List.of(),
                ExpectedWorkers.none(), IgnoredReplies.NONE);
    }
}
