package io.celerymon.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputFormatTest {

    @Test
    void parsesTheCommandLineNamesInAnyCase() {
        assertThat(OutputFormat.parse("table")).isEqualTo(OutputFormat.TABLE);
        assertThat(OutputFormat.parse("json")).isEqualTo(OutputFormat.JSON);
        assertThat(OutputFormat.parse("ndjson")).isEqualTo(OutputFormat.NDJSON);
        assertThat(OutputFormat.parse(" JSON ")).isEqualTo(OutputFormat.JSON);
    }

    @Test
    void rejectsOtherNamesListingTheValidOnes() {
        assertThatThrownBy(() -> OutputFormat.parse("yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown output format 'yaml': expected table, json or ndjson");
        assertThatThrownBy(() -> OutputFormat.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutputFormat.parse("x\u001b[2J"))
                .hasMessageContaining("x\\x1b[2J");
    }

    @Test
    void showsLowerCaseNames() {
        assertThat(OutputFormat.NDJSON).hasToString("ndjson");
        assertThat(OutputFormat.TABLE.cliName()).isEqualTo("table");
    }
}
