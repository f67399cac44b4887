package io.celerymon.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SecretTextTest {

    @Test
    void passwordsCeleryAlreadyCensoredStayAsCeleryPrintedThem() {
        assertThat(SecretText.mask("broker_url: 'amqp://guest:********@h:5672/v'"))
                .isEqualTo("broker_url: 'amqp://guest:********@h:5672/v'");
        assertThat(SecretText.mask("amqp://guest:s3cret@h:5672/v")).isEqualTo("amqp://guest:****@h:5672/v");
    }

    @Test
    void urlPasswordsInStringsAreMasked() {
        assertThat(SecretText.mask("broker redis://user:hunter2@cache:6379/0 down"))
                .isEqualTo("broker redis://user:****@cache:6379/0 down");
        assertThat(SecretText.mask("amqp://:p@ss/w:rd@mq:5672//"))
                .isEqualTo("amqp://:****@mq:5672//");
        assertThat(SecretText.mask("('redis://a:b@h', 'sentinel://c:d@s:26379')"))
                .isEqualTo("('redis://a:****@h', 'sentinel://c:****@s:26379')");
        assertThat(SecretText.mask("rediss://h:6380/0?ssl_cert_reqs=none&password=xyz"))
                .isEqualTo("rediss://h:6380/0?ssl_cert_reqs=none&password=****");
        assertThat(SecretText.mask("redis://user@host:6379/0 and http://h:8080/x"))
                .isEqualTo("redis://user@host:6379/0 and http://h:8080/x");
        assertThat(SecretText.mask(null)).isNull();
    }

    @Test
    void everyEntryOfAFailoverListKeepsItsHostAndLosesItsPassword() {
        assertThat(SecretText.mask("broker_url='redis://:pwA@h1:6379/0;redis://:pwB@h2:6379/0'"))
                .isEqualTo("broker_url='redis://:****@h1:6379/0;redis://:****@h2:6379/0'");
        assertThat(SecretText.mask("amqp://u:a@b@h1//;amqp://u:c;d@h2//"))
                .isEqualTo("amqp://u:****@h1//;amqp://u:****@h2//");
    }

    @Test
    void theQuickTestLetsThroughWhatOnlyLooksLikeASecretAndCatchesWhatIs() {
        assertThat(SecretText.mayNeedMasking("{\"hostname\": \"celery@w1\", \"broker\": \"redis://:****@h:6379/0\"}"))
                .isFalse();
        assertThat(SecretText.mayNeedMasking("x=1 a?visibility_timeout=3600")).isFalse();
        assertThat(SecretText.mayNeedMasking("redis://:****@h1/0;redis://:pw@h2/0")).isTrue();
        assertThat(SecretText.mayNeedMasking("amqp://u:@h//")).isTrue();
        assertThat(SecretText.mayNeedMasking("see http://f/?token=abc")).isTrue();
        assertThat(SecretText.mayNeedMasking("redis://u:p@h/0")).isTrue();
    }

    @Test
    void valuesOfSecretParametersAreHiddenAndOthersKept() {
        assertThat(SecretText.mask("http://flower:5555/?token=abc&x=1")).isEqualTo("http://flower:5555/?token=****&x=1");
        assertThat(SecretText.mask("redis://h/0?ssl_cert_reqs=none;pwd=p1")).isEqualTo("redis://h/0?ssl_cert_reqs=none;pwd=****");
        assertThat(SecretText.mask("a?visibility_timeout=3600")).isEqualTo("a?visibility_timeout=3600");
    }

    @Test
    void valuesAssignedToSecretNamesAreHiddenInWhatAProgramPrinted() {
        String tail = "  File \"app.py\", line 3\n    REDIS_PASSWORD = \"hunter2\"\n"
                + "settings: {'api_key': 'abc123', 'broker_pool_limit': 10}\nSECRET_KEY=s3cr3t\n"
                + "redis://:pw9@h:6379/0\n";

        String masked = SecretText.maskAssignments(tail);

        assertThat(masked).doesNotContain("hunter2", "abc123", "s3cr3t", "pw9")
                .contains("REDIS_PASSWORD = \"****", "'api_key': '****", "SECRET_KEY=****", "'broker_pool_limit': 10");
    }

    @Test
    void userInfoOfAnUnparsedUrlIsHiddenWhole() {
        assertThat(SecretText.maskUserInfo("http://admin:p@ss/w@flower:5555/x")).isEqualTo("http://****@flower:5555/x");
        assertThat(SecretText.maskUserInfo("http://flower:5555/")).isEqualTo("http://flower:5555/");
    }

    @Test
    void aParsedUrlShowsItsUserButNotItsPasswordAndHidesAToken() {
        assertThat(SecretText.maskUrl(URI.create("http://s3cr3t-token@flower:5555/"))).isEqualTo("http://****@flower:5555/");
        assertThat(SecretText.maskUrl(URI.create("http://admin:pw@flower:5555/"))).isEqualTo("http://admin:****@flower:5555/");
        assertThat(SecretText.maskUrl(URI.create("http://flower:5555/?token=t0k"))).isEqualTo("http://flower:5555/?token=****");
    }
}
