package io.celerymon.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facts survive between runs, per broker; what a later run does not know keeps its earlier value. */
class WorkerFactsStoreTest {

    @TempDir
    Path dir;

    @Test
    void aLaterRunKeepsThePoolItCouldNotLearn() {
        WorkerFactsStore store = new WorkerFactsStore(dir.resolve("worker-facts.json"), new ObjectMapper());
        double now = System.currentTimeMillis() / 1000.0;
        store.remember("b1", Map.of("g@h", new WorkerFacts("g@h", "gevent", OptionalDouble.of(2.0), OptionalDouble.of(now),
                List.of("q.g"), List.of("cmtasks.spin[1]"), now)));
        // A blocked worker: only its last heartbeat is news.
        store.remember("b1", Map.of("g@h", new WorkerFacts("g@h", null, OptionalDouble.empty(),
                OptionalDouble.of(now + 5), null, null, now + 5)));

        WorkerFacts facts = new WorkerFactsStore(dir.resolve("worker-facts.json"), new ObjectMapper()).load("b1").get("g@h");
        assertThat(facts.pool()).isEqualTo("gevent");
        assertThat(facts.queues()).containsExactly("q.g");
        assertThat(facts.activeTasks()).containsExactly("cmtasks.spin[1]");
        assertThat(facts.lastHeartbeat()).hasValue(now + 5);
        assertThat(store.load("other broker")).isEmpty();
    }

    @Test
    void aCorruptFileIsAnEmptyCache() throws Exception {
        Path file = dir.resolve("worker-facts.json");
        Files.writeString(file, "{not json");
        assertThat(new WorkerFactsStore(file, new ObjectMapper()).load("b1")).isEmpty();
    }
}
