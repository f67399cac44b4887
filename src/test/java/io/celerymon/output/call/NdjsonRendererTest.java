package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.testsupport.Captures;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonRendererTest {

    @Test
    void oneParsableLinePerWorkerRepliesThenMissingThenStale() {
        String text = new NdjsonRenderer().render(Captures.mixedPing());

        assertThat(text).endsWith("\n");
        List<JsonNode> lines = text.lines().map(Captures::strict).toList();
        assertThat(lines).extracting(l -> l.get("hostname").asText())
                .containsExactly("prefork@lab", "threads@lab", "solo@lab", "gevent@lab", "old@lab");
        assertThat(lines).extracting(l -> l.get("status").asText())
                .containsExactly("ok", "error", "error", "no_reply", "stale");
        for (JsonNode line : lines) {
            assertThat(Captures.keys(line)).containsExactly("method", "broker", "hostname", "status",
                    "latency_ms", "reply", "error");
            assertThat(line.get("method").asText()).isEqualTo("ping");
            assertThat(line.get("broker").asText()).isEqualTo("redis://127.0.0.1:6379/0");
        }
    }

    @Test
    void fieldsThatDoNotApplyAreNull() {
        List<JsonNode> lines = new NdjsonRenderer().render(Captures.mixedPing()).lines()
                .map(Captures::strict).toList();

        JsonNode ok = lines.get(0);
        assertThat(ok.get("reply")).isEqualTo(Captures.parse("{\"ok\": \"pong\"}"));
        assertThat(ok.get("error").isNull()).isTrue();
        assertThat(ok.get("latency_ms").doubleValue()).isEqualTo(1.3);

        JsonNode errorReply = lines.get(1);
        assertThat(errorReply.get("reply").get("error").asText()).isEqualTo("KeyError('x')");
        assertThat(errorReply.get("error").asText()).isEqualTo("KeyError('x')");

        JsonNode undecodable = lines.get(2);
        assertThat(undecodable.get("reply").isNull()).isTrue();
        assertThat(undecodable.get("error").asText()).contains("pickle");

        for (JsonNode silent : lines.subList(3, 5)) {
            assertThat(silent.get("latency_ms").isNull()).isTrue();
            assertThat(silent.get("reply").isNull()).isTrue();
            assertThat(silent.get("error").isNull()).isTrue();
        }
    }

    @Test
    void captureRepliesAreKeptExactly() {
        JsonNode capture = Captures.load("active");

        List<JsonNode> lines = new NdjsonRenderer().render(Captures.allReplied("active")).lines()
                .map(Captures::strict).toList();

        assertThat(lines).hasSize(capture.size());
        for (JsonNode line : lines) {
            assertThat(line.get("reply")).isEqualTo(capture.get(line.get("hostname").asText()));
        }
    }

    @Test
    void noWorkersNoLines() {
        CallResult nobody = new CallResult("ping", "redis://127.0.0.1:6379/0", 1000.0, List.of(),
                List.of(), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        assertThat(new NdjsonRenderer().render(nobody)).isEmpty();
    }
}
