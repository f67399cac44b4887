package io.celerymon.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretNamesTest {

    @Test
    void hiddenKeyRuleIsCeleryPatternMinusRoutingWords() {
        assertThat(SecretNames.isHiddenKey("password")).isTrue();
        assertThat(SecretNames.isHiddenKey("broker_api")).isTrue();
        assertThat(SecretNames.isHiddenKey("security_key")).isTrue();
        assertThat(SecretNames.isHiddenKey("beat_dburi")).isTrue();
        assertThat(SecretNames.isHiddenKey("routing_key_secret")).isTrue();
        assertThat(SecretNames.isHiddenKey("routing_key")).isFalse();
        assertThat(SecretNames.isHiddenKey("task_default_routing_key")).isFalse();
        assertThat(SecretNames.isHiddenKey("name")).isFalse();
        assertThat(SecretNames.isHiddenKey("hostname")).isFalse();
    }

    @Test
    void secretParametersAreThoseNamingAPasswordSecretOrToken() {
        assertThat(java.util.List.of("password", "PASSWD", "pass", "pwd", "token", "auth_token", "client_secret"))
                .allMatch(SecretNames::isSecretParameter);
        assertThat(java.util.List.of("ssl_cert_reqs", "heartbeat", "virtual_host", "key_prefix"))
                .noneMatch(SecretNames::isSecretParameter);
    }
}
