package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonProbeMaskTest {

    @Test
    void valuesAssignedToSecretNamesAreHiddenInTheStderrTail() {
        String tail = "  File \"app.py\", line 3\n    REDIS_PASSWORD = \"hunter2\"\n"
                + "settings: {'api_key': 'abc123', 'broker_pool_limit': 10}\nSECRET_KEY=s3cr3t\n";

        String masked = PythonProbe.maskAssignments(tail);

        assertThat(masked).doesNotContain("hunter2", "abc123", "s3cr3t")
                .contains("REDIS_PASSWORD = \"****", "'api_key': '****", "SECRET_KEY=****", "'broker_pool_limit': 10");
    }
}
