package io.celerymon.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SecretJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void hiddenKeysHideEveryStringAndNumberBelowThemButKeepNullsAndBooleans() throws Exception {
        JsonNode redacted = SecretJson.redact(JSON.readTree("[{\"kwargs\": {"
                + "\"api_key\": \"abc\", \"PIN_PASSWORD\": 1234, \"tokens\": [\"t1\", [\"t2\"]],"
                + " \"database\": {\"host\": \"db\", \"enabled\": true, \"pw\": \"x\"},"
                + " \"secret\": null, \"amount\": 10}}]"));

        JsonNode kwargs = redacted.get(0).get("kwargs");
        assertThat(kwargs.get("api_key").asText()).isEqualTo(Masks.VALUE);
        assertThat(kwargs.get("PIN_PASSWORD").asText()).isEqualTo(Masks.VALUE);
        assertThat(kwargs.get("tokens").toString()).isEqualTo("[\"********\",[\"********\"]]");
        assertThat(kwargs.at("/database/host").asText()).isEqualTo(Masks.VALUE);
        assertThat(kwargs.at("/database/pw").asText()).isEqualTo(Masks.VALUE);
        assertThat(kwargs.at("/database/enabled").booleanValue()).isTrue();
        assertThat(kwargs.get("secret").isNull()).isTrue();
        assertThat(kwargs.get("amount").asInt()).isEqualTo(10);
    }

    @Test
    void needsRedactionFindsExactlyWhatRedactWouldChange() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(SecretJson.needsRedaction(m.readTree(
                "{\"type\":\"worker-heartbeat\",\"hostname\":\"w@h\",\"freq\":2.0,\"loadavg\":[0.1]}"))).isFalse();
        assertThat(SecretJson.needsRedaction(m.readTree("{\"kwargs\":\"{'url': 'redis://:pw@h/0'}\"}"))).isTrue();
        assertThat(SecretJson.needsRedaction(m.readTree("{\"a\":[{\"api_key\":\"x\"}]}"))).isTrue();
    }

    @Test
    void keyMayNeedRedactionIsTheHiddenWordsInAnyAsciiCaseOrAPasswordInTheKey() {
        assertThat(java.util.List.of("api_key", "Api", "x-TOKEN", "Secret", "passwd", "SIGNATURE", "database_url",
                "beat_dburi", "profanities_list", "monkey", "redis://u:pw@h", "u?token=b"))
                .allMatch(SecretJson::keyMayNeedRedaction);
        assertThat(java.util.List.of("hostname", "uuid", "timestamp", "args", "kwargs", "root_id", "retries",
                "expires", "sw_ident", "local_received", "apl", "tokn", "ke", "\u00e9t\u00e9", ""))
                .noneMatch(SecretJson::keyMayNeedRedaction);
    }

    @Test
    void textThatIsItselfADocumentIsJudgedKeyByKey() {
        assertThat(SecretJson.redactText("{\"sentinel_kwargs\": {\"password\": \"S3nt\"}, \"master_name\": \"m\"}"))
                .isEqualTo("{\"sentinel_kwargs\":{\"password\":\"********\"},\"master_name\":\"m\"}");
        assertThat(SecretJson.redactText("{'sentinel_kwargs': {'password': 'S3nt'}, 'master_name': 'm'}"))
                .isEqualTo("{'sentinel_kwargs': {'password': '****'}, 'master_name': 'm'}");
        assertThat(SecretJson.redactText("{\"visibility_timeout\": 3600}")).isEqualTo("{\"visibility_timeout\": 3600}");
        assertThat(SecretJson.redactText("redis://:pw@h/0")).isEqualTo("redis://:****@h/0");
        assertThat(SecretJson.redactText(null)).isNull();
    }

    @Test
    void aStringValueHoldingADocumentIsRedactedInsideATree() throws Exception {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"kwargs\": \"{'api_key': 'k3y', 'n': 1}\", \"args\": \"[1, 2]\"}");

        assertThat(SecretJson.needsRedaction(tree)).isTrue();
        assertThat(SecretJson.redact(tree).toString()).doesNotContain("k3y").contains("'n': 1").contains("[1, 2]");
    }
}
