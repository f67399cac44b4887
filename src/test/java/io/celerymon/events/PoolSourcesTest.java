package io.celerymon.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge of the pool sources an event stream has: stats replies, local {@code -P}, the facts cache. */
class PoolSourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode stats(String pool) throws Exception {
        return JSON.readTree("{\"pid\": 7, \"pool\": " + pool + "}");
    }

    @Test
    void eachWorkerGetsItsBestSourceAndUnknownOnesAreLeftOut() throws Exception {
        PoolSources sources = new PoolSources();
        sources.cached(Map.of("a@h", "solo", "b@h", "gevent", "c@h", "eventlet"));
        sources.local(Map.of("b@h", "processes", "d@h", "threads"));
        sources.stats("a@h", stats("{\"max-concurrency\": 100}"));
        // A shape celerymon cannot read says nothing: the next source speaks.
        sources.stats("c@h", stats("{\"odd\": true}"));
        sources.stats("e@h", stats("{\"odd\": true}"));

        assertThat(sources.resolved()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "a@h", "gevent", "b@h", "prefork", "c@h", "eventlet", "d@h", "threads")));
        assertThat(sources.resolved("a@h").source()).isEqualTo("stats");
        assertThat(sources.resolved("b@h").source()).isEqualTo("local_process");
        assertThat(sources.resolved("c@h").source()).isEqualTo("cache");
        assertThat(sources.resolved("e@h").isKnown()).isFalse();
    }

    @Test
    void onlyStatsRepliesAreLearntForTheCache() throws Exception {
        PoolSources sources = new PoolSources();
        sources.cached(Map.of("a@h", "solo"));
        sources.local(Map.of("b@h", "gevent"));
        sources.stats("c@h", stats("{\"threads\": [], \"max-concurrency\": 2}"));
        sources.stats("d@h", stats("{\"odd\": true}"));

        assertThat(sources.fromStats()).containsExactlyEntriesOf(Map.of("c@h", "threads"));
    }

    @Test
    void aLaterSourceReplacesTheWholeEarlierMapOfItsKind() {
        PoolSources sources = new PoolSources();
        sources.local(Map.of("a@h", "gevent"));
        sources.local(Map.of("b@h", "solo"));

        assertThat(sources.resolved()).containsExactlyEntriesOf(Map.of("b@h", "solo"));
    }
}
