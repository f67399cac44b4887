package io.celerymon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BrokerUrlMaskingTest {
    /** Two halves no URL part, message or host name here could contain by accident. */
    private static final String LEFT = "Zq7X";
    private static final String RIGHT = "w9Vk";
    /** Separators that break a URL when left unencoded inside a password. */
    private static final String[] SEPARATORS = {"", "/", ";", "?", "#", "@", " ", "%", ":", "&", "%2F"};
    private static final String[] TEMPLATES = {
        "redis://:P@host:abc/1",
        "redis://user:P@/0",
        "redis://user:P@host/notadb",
        "redis://user:P@host:99999/0",
        "redis://user:P@[::1/0",
        "redis://user:P@[::1]junk/0",
        "ftp://user:P@host/",
        "user:P@host:6379",
        "redis://user:P",
        "redis://:P",
        "redis://user:P@host/0?foo=bar",
        "redis://user:P@host/0?ssl_cert_reqs=bogus",
        "redis://user:P@host/0?password=P",
        "redis://user:P@host/0;amqp://user:P@host//",
        "redis://user:P@host/0;;redis://h",
        "sentinel://user:P@host/0?ssl_cert_reqs=none",
        "amqp://user:P@host:5672/v?ssl_cert_reqs=none",
        "amqp://user:P@host:notaport//",
        "  redis://user:P@host:-1/0  ",
        "REDIS://user:P@",
    };

    static Stream<Arguments> malformed() {
        List<Arguments> cases = new ArrayList<>();
        for (String template : TEMPLATES) {
            for (String separator : SEPARATORS) {
                if (separator.equals("@") && template.endsWith("P")) {
                    continue; // "redis://:Zq7X@w9Vk" is a well-formed URL whose host is w9Vk
                }
                cases.add(Arguments.of(template.replace("P", LEFT + separator + RIGHT)));
            }
        }
        return cases.stream();
    }

    /** Every 3-character piece of the password: "not even a fragment" may show. */
    private static void assertNoFragment(String shown) {
        String password = LEFT + RIGHT;
        for (int i = 0; i + 3 <= password.length(); i++) {
            assertThat(shown).doesNotContain(password.substring(i, i + 3));
        }
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void errorMessagesNeverShowThePassword(String text) {
        BrokerConfigException e = catchThrowableOfType(BrokerConfigException.class, () -> BrokerUrls.parse(text));
        if (e == null) {
            // A few separators leave a URL that parses (e.g. "%" or "%2F"); then its displays must not leak.
            for (BrokerUrl url : BrokerUrls.parse(text)) {
                assertNoFragment(url.masked());
                assertNoFragment(url.toString());
            }
            return;
        }
        assertThat(e.getMessage()).doesNotContain("\n");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertNoFragment(String.valueOf(t.getMessage()));
            assertNoFragment(t.toString());
        }
        assertNoFragment(BrokerUrlMasking.maskText(text));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void resolverErrorsNeverShowThePasswordEither(String text) {
        BrokerSettings cli = new BrokerSettings(text, null, null, false, null, null, null, null, null);
        assertNoFragment(cli.toString());
        BrokerConfigException e = catchThrowableOfType(BrokerConfigException.class,
                () -> BrokerConfigResolver.resolve(cli, Map.of()));
        if (e != null) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertNoFragment(String.valueOf(t.getMessage()));
            }
        }
    }

    @Test
    void wellFormedUrlsShowUserHostPortAndPathButNoPassword() {
        String password = LEFT + RIGHT;
        assertThat(BrokerUrls.parse("redis://:" + password + "@h/1").get(0).masked()).isEqualTo("redis://:****@h:6379/1");
        assertThat(BrokerUrls.parse("amqp://guest:" + password + "@h//").get(0).toString())
                .isEqualTo("amqp://guest:****@h:5672//");
        assertThat(BrokerUrls.parse("amqp://u@h/v").get(0).masked()).isEqualTo("amqp://u@h:5672/v");
        assertThat(BrokerUrls.parse("sentinel://s").get(0).masked()).isEqualTo("sentinel://s:26379/0");
    }

    @Test
    void displayReEncodesSoItParsesBackToTheSameUserAndVhost() {
        BrokerUrl url = BrokerUrls.parse("amqp://us%3Aer%40x:" + LEFT + RIGHT + "@h/a%3Fb%23c%20d").get(0);
        assertThat(url.username()).isEqualTo("us:er@x");
        assertThat(url.virtualHost()).isEqualTo("a?b#c d");
        assertThat(url.masked()).isEqualTo("amqp://us%3Aer%40x:****@h:5672/a%3Fb%23c%20d");
        BrokerUrl back = BrokerUrls.parse(url.masked()).get(0);
        assertThat(back.username()).isEqualTo(url.username());
        assertThat(back.virtualHost()).isEqualTo(url.virtualHost());
        assertThat(BrokerUrls.parse(BrokerUrls.parse("amqp://h/%2Fx").get(0).masked()).get(0).virtualHost())
                .isEqualTo("/x");
    }

    @Test
    void configAndParsedRecordsDoNotLeakThroughToString() {
        String password = LEFT + RIGHT;
        ParsedBrokerUrls parsed = BrokerUrls.parseWithOptions(
                "rediss://:" + password + "@a/0?ssl_cert_reqs=none;rediss://:" + password + "@b/0");
        assertNoFragment(parsed.toString());
        BrokerConfig config = new BrokerConfig(parsed.urls(), null, null, TlsOptions.DEFAULT, "", "celery", "--broker");
        assertNoFragment(config.toString());
        assertNoFragment(config.masked());
        assertThat(config.masked()).isEqualTo("rediss://:****@a:6379/0;rediss://:****@b:6379/0");
    }

    @Test
    void sentinelPasswordStaysOutOfTheResolvedConfigsText() {
        String password = LEFT + RIGHT;
        BrokerConfig config = BrokerConfigResolver.resolve(
                new BrokerSettings("sentinel://:" + password + "@s1/0", null, "mymaster", false, null, null, null, null, null),
                Map.of("CELERY_USE_SENTINEL", "true", "CELERY_SENTINEL_PASSWORD", password));
        assertThat(config.sentinelPassword()).isEqualTo(password);
        assertNoFragment(config.toString());
    }

    @Test
    void settingsToStringMasksTheBrokerUrlButKeepsTheRest() {
        BrokerSettings settings = new BrokerSettings("redis://u:" + LEFT + RIGHT + "@h/0", Path.of("/x/.env"), "m", true,
                null, null, null, "pfx:", "ctl");
        assertThat(settings.toString()).contains("redis://u:****@h/0", "/x/.env", "pfx:", "ctl", "insecure=true");
        assertNoFragment(settings.toString());
    }

    @Test
    void maskTextHidesSecretLookingQueryValues() {
        assertThat(BrokerUrlMasking.maskText("redis://h/0?heartbeat=5&password=" + LEFT + "&" + RIGHT))
                .isEqualTo("redis://h/0?heartbeat=5&password=****");
        assertThat(BrokerUrlMasking.maskText("redis://h/0?Token=" + LEFT)).isEqualTo("redis://h/0?Token=****");
    }
}
