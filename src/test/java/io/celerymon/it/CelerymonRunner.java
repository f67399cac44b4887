package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.TempDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the real celerymon jar against one broker with a cache directory of the test's own, which
 * closing removes.
 */
final class CelerymonRunner implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String brokerUrl;
    private final TempDir cacheDir;

    CelerymonRunner(String brokerUrl) {
        this.brokerUrl = brokerUrl;
        this.cacheDir = TempDir.create("celerymon-cache");
    }

    CommandResult run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("-b");
        all.add(brokerUrl);
        return CelerymonProcess.of(all).env("CELERYMON_CACHE_DIR", cacheDir.path().toString()).run();
    }

    /** Runs with {@code -o json} and parses stdout, failing with the whole run if it is not JSON. */
    JsonNode json(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("-o");
        all.add("json");
        CommandResult result = run(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(expectedExit);
        return parse(result);
    }

    static JsonNode parse(CommandResult result) {
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON\n" + result.describe(), e);
        }
    }

    @Override
    public void close() {
        cacheDir.close();
    }
}
