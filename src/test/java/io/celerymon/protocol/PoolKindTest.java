package io.celerymon.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.Captures;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolKindTest {
    private static final Pattern LINE = Pattern.compile("(\\w+)@lab\\s+pid=(\\d+)\\s+.*pool=(\\{.*})");

    @Test
    void everyPoolOfThe52CapturesOnRedisAndAmqp() {
        List<String> lines = Captures.text("replies-5.2.6/stats-pool.txt").lines()
                .filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).hasSize(10);
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            JsonNode stats = Captures.parse("{\"pid\": " + m.group(2) + ", \"pool\": " + m.group(3) + "}");

            assertThat(PoolKind.of(stats)).as(line).isEqualTo(m.group(1));
        }
    }

    @Test
    void everyWorkerOfTheStatsCapture() {
        JsonNode capture = Captures.load("stats");
        for (Map.Entry<String, JsonNode> worker : capture.properties()) {
            String expected = worker.getKey().substring(0, worker.getKey().indexOf('@'));

            assertThat(PoolKind.of(worker.getValue())).as(worker.getKey()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "celery.concurrency.prefork:TaskPool, prefork",
            "celery.concurrency.eventlet:TaskPool, eventlet",
            "celery.concurrency.gevent:TaskPool, gevent",
            "celery.concurrency.solo:TaskPool, solo",
            "celery.concurrency.thread:TaskPool, threads",
            "myproj.pools:BoundedPool, myproj.pools:BoundedPool"})
    void implementationKeyOfCelery53AndLaterWins(String implementation, String kind) {
        // A 5.3 prefork pool dict, so that only the implementation can tell the kinds apart.
        JsonNode stats = Captures.parse("{\"pid\": 10, \"pool\": {\"implementation\": \"" + implementation
                + "\", \"max-concurrency\": 2, \"processes\": [11, 12], \"writes\": {}}}");

        assertThat(PoolKind.of(stats)).isEqualTo(kind);
    }

    @Test
    void soloWithoutAPidIsRecognisedByTheSemaphoreFlag() {
        JsonNode stats = Captures.parse("{\"pool\": {\"max-concurrency\": 1, \"processes\": [7],"
                + " \"put-guarded-by-semaphore\": true, \"timeouts\": []}}");

        assertThat(PoolKind.of(stats)).isEqualTo("solo");
    }

    @Test
    void unknownShapesAreUnknown() {
        assertThat(PoolKind.of(null)).isEqualTo("unknown");
        assertThat(PoolKind.of(Captures.parse("{\"pid\": 1}"))).isEqualTo("unknown");
        assertThat(PoolKind.of(Captures.parse("{\"pool\": \"N/A\"}"))).isEqualTo("unknown");
        assertThat(PoolKind.of(Captures.parse("{\"pool\": {}}"))).isEqualTo("unknown");
        assertThat(PoolKind.of(Captures.parse("{\"pid\": 1, \"pool\": {\"processes\": [2]}}")))
                .isEqualTo("unknown");
        assertThat(PoolKind.of(Captures.parse("{\"pool\": {\"max-concurrency\": 4, \"other\": 1}}")))
                .isEqualTo("unknown");
    }

    @Test
    void resolveTrustsStatsThenTheLocalProcessThenTheCache() {
        JsonNode gevent = Captures.parse("{\"pool\": {\"max-concurrency\": 2}}");
        JsonNode shapeless = Captures.parse("{\"pool\": {\"something\": 1}}");

        assertThat(PoolKind.resolve(gevent, "prefork", "solo")).isEqualTo(new PoolKind.Known("gevent", "stats"));
        assertThat(PoolKind.resolve(shapeless, "eventlet", "solo"))
                .isEqualTo(new PoolKind.Known("eventlet", "local_process"));
        assertThat(PoolKind.resolve(null, null, "solo")).isEqualTo(new PoolKind.Known("solo", "cache"));
        assertThat(PoolKind.resolve(null, " ", "unknown")).isEqualTo(new PoolKind.Known("unknown", "unknown"));
        assertThat(PoolKind.resolve(null, null, null).isKnown()).isFalse();
    }

    @Test
    void aPoolOptionIsNamedAsCeleryResolvesItsAliases() {
        assertThat(PoolKind.ofOption("processes")).isEqualTo("prefork");
        assertThat(PoolKind.ofOption("threads")).isEqualTo("threads");
        assertThat(PoolKind.ofOption("celery.concurrency.gevent:TaskPool")).isEqualTo("gevent");
        assertThat(PoolKind.ofOption("myapp.pools:Custom")).isEqualTo("myapp.pools:Custom");
    }
}
