package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.inspect.InspectMethod;
import io.celerymon.output.OutputFormat;
import org.junit.jupiter.api.Test;

class MethodListRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTableHasOneLinePerMethod() {
        assertThat(new MethodListRenderer().render(OutputFormat.TABLE).lines())
                .hasSize(InspectMethod.values().length).anyMatch(line -> line.startsWith("query_task "));
    }

    @Test
    void jsonIsOneDocumentWithEveryMethod() throws Exception {
        JsonNode doc = JSON.readTree(new MethodListRenderer().render(OutputFormat.JSON));

        assertThat(doc.get("methods")).hasSize(InspectMethod.values().length);
        assertThat(doc.get("methods").get(0).fieldNames()).toIterable().containsExactly("name", "summary");
    }

    @Test
    void ndjsonIsOneObjectPerLine() throws Exception {
        for (String line : new MethodListRenderer().render(OutputFormat.NDJSON).lines().toList()) {
            assertThat(JSON.readTree(line).get("name").asText()).isNotBlank();
        }
    }
}
