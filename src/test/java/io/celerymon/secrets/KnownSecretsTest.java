package io.celerymon.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownSecretsTest {

    @Test
    void aKnownSecretIsHiddenPlainAndUrlEncoded() {
        KnownSecrets secrets = new KnownSecrets();
        secrets.add("p@ss word");

        assertThat(secrets.apply("auth failed for p@ss word (p%40ss+word)")).isEqualTo("auth failed for **** (****)");
    }

    @Test
    void nullAndVeryShortSecretsAreIgnored() {
        KnownSecrets secrets = new KnownSecrets();
        secrets.add(null);
        secrets.add("ab");

        assertThat(secrets.apply("ab abc")).isEqualTo("ab abc");
        assertThat(secrets.apply(null)).isNull();
    }
}
