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

    @Test
    void aUrlGivesItsPasswordAndItsSecretParameters() {
        KnownSecrets secrets = new KnownSecrets();
        secrets.addFromUrl(java.net.URI.create("http://admin:p%40ss@flower:5555/?token=T0KEN&refresh=5"));

        assertThat(secrets.apply("p@ss T0KEN 5")).isEqualTo("**** **** 5");
    }

    @Test
    void aPasswordEqualToItsUserNameIsNotHiddenByValue() {
        KnownSecrets secrets = new KnownSecrets();
        secrets.addPassword("guest", "guest");
        secrets.addPassword("celery", "s3cret");

        assertThat(secrets.apply("userid guest, password s3cret")).isEqualTo("userid guest, password ****");
    }
}
