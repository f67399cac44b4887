package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.output.OutputFormat;
import io.celerymon.testsupport.Captures;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRendererTest {

    @Test
    void jsonSummarisesWhoIsOnline() {
        JsonNode document = Captures.strict(
                new StatusRenderer(OutputFormat.JSON).render(Captures.mixedPing()));

        assertThat(Captures.keys(document)).containsExactly("broker", "elapsed_ms", "online",
                "missing", "stale", "errors", "latency_ms", "expected", "ignored");
        assertThat(document.get("online")).extracting(JsonNode::asText).containsExactly("prefork@lab");
        assertThat(document.get("missing")).extracting(JsonNode::asText).containsExactly("gevent@lab");
        assertThat(document.get("stale")).extracting(JsonNode::asText).containsExactly("old@lab");
        assertThat(Captures.keys(document.get("errors"))).containsExactly("threads@lab", "solo@lab");
        assertThat(Captures.keys(document.get("latency_ms")))
                .containsExactly("prefork@lab", "threads@lab", "solo@lab");
        assertThat(document.get("elapsed_ms").doubleValue()).isEqualTo(1003.3);
        assertThat(document.get("expected").get("source").asText()).isEqualTo("binding_set");
    }

    @Test
    void tableHasOneLinePerWorkerAndASummary() {
        List<String> lines = new StatusRenderer(OutputFormat.TABLE).render(Captures.mixedPing())
                .lines().toList();

        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).matches("WORKER +STATE +LATENCY +DETAIL");
        assertThat(lines.get(1)).matches("prefork@lab +online +1\\.3 ms");
        assertThat(lines.get(2)).matches("threads@lab +error +12\\.3 ms +KeyError\\('x'\\)");
        assertThat(lines.get(4)).matches("gevent@lab +missing +-");
        assertThat(lines.get(5)).matches("old@lab +stale +-");
        assertThat(lines.get(6)).isEqualTo("1 online, 1 missing (gevent@lab),"
                + " 2 errors (threads@lab, solo@lab), 1 stale (old@lab) in 1003 ms;"
                + " ignored 3 messages");
    }

    @Test
    void allOnlineTableHasNoDetailColumn() {
        String text = new StatusRenderer(OutputFormat.TABLE).render(Captures.allReplied("ping"));

        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).matches("WORKER +STATE +LATENCY");
        assertThat(lines.get(1)).matches("prefork@lab +online +1\\.0 ms");
        assertThat(lines.get(6)).isEqualTo("5 online in 12 ms");
    }

    @Test
    void summarySaysWhenNothingWasExpected() {
        CallResult base = Captures.allReplied("ping");
        CallResult result = new CallResult("ping", base.broker(), 1002.0, base.replies(), List.of(),
                List.of(), ExpectedWorkers.none(), base.ignored());

        String text = new StatusRenderer(OutputFormat.TABLE).render(result);

        assertThat(text).endsWith("5 online in 1002 ms (no expected set: waited the full timeout)\n");
    }

    @Test
    void ndjsonHasOneLinePerWorker() {
        List<JsonNode> lines = new StatusRenderer(OutputFormat.NDJSON).render(Captures.mixedPing())
                .lines().map(Captures::strict).toList();

        assertThat(lines).extracting(l -> l.get("state").asText())
                .containsExactly("online", "error", "error", "missing", "stale");
        assertThat(lines.get(3).get("latency_ms").isNull()).isTrue();
    }
}
