package io.celerymon.output.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.events.ClusterSnapshot;
import io.celerymon.testsupport.Captures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSummaryRendererTest {
    private final ClusterSummaryRenderer renderer = new ClusterSummaryRenderer();

    @Test
    void documentHasTheDocumentedKeysInOrder() {
        String text = renderer.render(EventFixtures.snapshot());

        assertThat(text).endsWith("}\n");
        JsonNode doc = Captures.strict(text);
        assertThat(Captures.keys(doc)).containsExactly("broker", "taken_at", "elapsed_seconds", "events", "workers",
                "task_counts", "task_rates", "recent_failures", "tasks_tracked");
        assertThat(doc.get("broker").asText()).isEqualTo("redis://:****@127.0.0.1:6379/0");
        assertThat(doc.get("taken_at").doubleValue()).isEqualTo(1795705250.5);
        assertThat(doc.get("elapsed_seconds").doubleValue()).isEqualTo(83.2);
        assertThat(doc.get("events").longValue()).isEqualTo(1234);
        assertThat(doc.get("tasks_tracked").intValue()).isEqualTo(72);
    }

    @Test
    void theNdjsonFormIsTheSameDocumentCompactOnOneLine() {
        String line = renderer.renderLine(EventFixtures.snapshot());

        assertThat(line).endsWith("}\n");
        assertThat(line.strip()).doesNotContain("\n").doesNotContain(": ").doesNotContain(", ").doesNotContain("  ");
        assertThat(Captures.strict(line)).isEqualTo(Captures.strict(renderer.render(EventFixtures.snapshot())));
    }

    @Test
    void workersCarryEveryFieldWithStatusInLowerCase() {
        JsonNode workers = Captures.strict(renderer.render(EventFixtures.snapshot())).get("workers");

        assertThat(workers).hasSize(4);
        JsonNode stalled = workers.get(1);
        assertThat(Captures.keys(stalled)).containsExactly("hostname", "status", "last_heartbeat_age_seconds", "freq",
                "active", "processed", "loadavg", "pool", "sw_version", "longest_gap_seconds", "clock_skew_seconds");
        assertThat(stalled.get("hostname").asText()).isEqualTo("gevent@lab");
        assertThat(stalled.get("status").asText()).isEqualTo("stalled");
        assertThat(stalled.get("last_heartbeat_age_seconds").doubleValue()).isEqualTo(9.4);
        assertThat(stalled.get("freq").doubleValue()).isEqualTo(2.0);
        assertThat(stalled.get("active").intValue()).isEqualTo(1);
        assertThat(stalled.get("processed").longValue()).isEqualTo(3);
        assertThat(stalled.get("loadavg")).isEqualTo(Captures.parse("[0.1, 0.2, 0.3]"));
        assertThat(stalled.get("pool").asText()).isEqualTo("gevent");
        assertThat(stalled.get("sw_version").asText()).isEqualTo("5.2.6");
        assertThat(stalled.get("longest_gap_seconds").doubleValue()).isEqualTo(9.4);
        assertThat(stalled.get("clock_skew_seconds").doubleValue()).isEqualTo(-0.01);
    }

    @Test
    void unknownValuesAreNullNeverNaN() {
        String text = renderer.render(EventFixtures.snapshot());
        JsonNode gone = Captures.strict(text).get("workers").get(3);

        assertThat(text).doesNotContain("NaN");
        assertThat(gone.get("status").asText()).isEqualTo("offline");
        for (String key : List.of("last_heartbeat_age_seconds", "freq", "active", "processed", "pool", "sw_version",
                "clock_skew_seconds")) {
            assertThat(gone.get(key).isNull()).as(key).isTrue();
        }
        assertThat(gone.get("loadavg")).isEmpty();
    }

    @Test
    void countsRatesAndFailures() {
        JsonNode doc = Captures.strict(renderer.render(EventFixtures.snapshot()));

        assertThat(Captures.keys(doc.get("task_counts"))).containsExactly("failed", "received", "started", "succeeded");
        assertThat(doc.get("task_counts").get("succeeded").longValue()).isEqualTo(66);
        assertThat(doc.get("task_rates").get("failed").doubleValue()).isEqualTo(0.1);
        JsonNode failure = doc.get("recent_failures").get(0);
        assertThat(Captures.keys(failure)).containsExactly("uuid", "name", "hostname", "timestamp", "exception");
        assertThat(failure.get("uuid").asText()).isEqualTo("79dc6cb1-6d8d-40fe-9202-dbabbce2a983");
        assertThat(failure.get("exception").asText()).isEqualTo("ZeroDivisionError('division by zero')");
        assertThat(failure.get("timestamp").doubleValue()).isEqualTo(1795705244.2206974);
    }

    @Test
    void passwordsInBrokerAndExceptionsAreMasked() {
        ClusterSnapshot snapshot = new ClusterSnapshot("amqp://guest:guest@127.0.0.1:5672//", 1, 1, 0, List.of(),
                Map.of(), Map.of(), List.of(EventFixtures.failure("OperationalError('redis://:hunter2@db/0')")), 0);

        String text = renderer.render(snapshot);

        assertThat(text).doesNotContain("guest@", "hunter2").contains("amqp://guest:****@127.0.0.1:5672//");
        JsonNode doc = Captures.strict(text);
        assertThat(doc.get("workers")).isEmpty();
        assertThat(doc.get("task_counts")).isEmpty();
    }
}
