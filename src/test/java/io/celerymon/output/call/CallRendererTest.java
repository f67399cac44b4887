package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.output.OutputFormat;
import org.junit.jupiter.api.Test;

class CallRendererTest {

    @Test
    void eachOutputFormatHasItsRenderer() {
        assertThat(CallRenderer.of(OutputFormat.TABLE)).isInstanceOf(TableRenderer.class);
        assertThat(CallRenderer.of(OutputFormat.JSON)).isInstanceOf(JsonRenderer.class);
        assertThat(CallRenderer.of(OutputFormat.NDJSON)).isInstanceOf(NdjsonRenderer.class);
    }
}
