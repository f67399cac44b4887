package io.celerymon.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownWorkersStoreTest {

    @TempDir
    Path dir;

    @Test
    void remembersNamesPerBrokerAcrossInstances() {
        Path file = dir.resolve("sub/known-workers.json");
        new KnownWorkersStore(file, new ObjectMapper()).remember("amqp://guest:****@h:5672//", List.of("a@h", "b@h"));
        KnownWorkersStore again = new KnownWorkersStore(file, new ObjectMapper());
        assertThat(again.load("amqp://guest:****@h:5672//")).containsExactly("a@h", "b@h");
        assertThat(again.load("redis://h:6379/0")).isEmpty();
    }

    @Test
    void aCorruptCacheIsIgnored() throws Exception {
        Path file = dir.resolve("known-workers.json");
        Files.writeString(file, "{not json");
        KnownWorkersStore store = new KnownWorkersStore(file, new ObjectMapper());
        assertThat(store.load("k")).isEmpty();
        store.remember("k", List.of("a@h"));
        assertThat(store.load("k")).containsExactly("a@h");
    }

    @Test
    void cacheDirectoryFollowsOwnVariableThenXdg() {
        assertThat(KnownWorkersStore.defaultFile(Map.of("CELERYMON_CACHE_DIR", "/c", "XDG_CACHE_HOME", "/x")))
                .isEqualTo(Path.of("/c/known-workers.json"));
        assertThat(KnownWorkersStore.defaultFile(Map.of("XDG_CACHE_HOME", "/x")))
                .isEqualTo(Path.of("/x/celerymon/known-workers.json"));
    }
}
