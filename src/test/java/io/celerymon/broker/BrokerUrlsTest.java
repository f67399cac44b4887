package io.celerymon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerUrlsTest {

    private static BrokerUrl one(String text) {
        List<BrokerUrl> urls = BrokerUrls.parse(text);
        assertThat(urls).hasSize(1);
        return urls.get(0);
    }

    @Test
    void redisWithEverything() {
        BrokerUrl url = one("redis://user:secret@cache.example:6380/3");
        assertThat(url).isEqualTo(new BrokerUrl("redis", "cache.example", 6380, "user", "secret", "3"));
        assertThat(url.transport()).isEqualTo(Transport.REDIS);
        assertThat(url.redisDb()).isEqualTo(3);
        assertThat(url.tls()).isFalse();
        assertThat(url.sentinel()).isFalse();
        assertThat(url.virtualHost()).isNull();
    }

    @Test
    void redisDefaults() {
        assertThat(one("redis://localhost")).isEqualTo(new BrokerUrl("redis", "localhost", 6379, null, null, "0"));
        assertThat(one("redis://localhost/")).isEqualTo(new BrokerUrl("redis", "localhost", 6379, null, null, "0"));
        // An empty port is no port, as in Python's urlparse.
        assertThat(one("redis://localhost:/1").port()).isEqualTo(6379);
    }

    @Test
    void redisPasswordOnlyAsKombuAndRedisPyAccept() {
        BrokerUrl url = one("redis://:difyai123456@redis:6379/1");
        assertThat(url.username()).isNull();
        assertThat(url.password()).isEqualTo("difyai123456");
        assertThat(url.redisDb()).isEqualTo(1);
    }

    @Test
    void redisUserOnlyAndEmptyCredentials() {
        assertThat(one("redis://alice@h").username()).isEqualTo("alice");
        assertThat(one("redis://alice@h").password()).isNull();
        BrokerUrl empty = one("redis://:@h");
        assertThat(empty.username()).isNull();
        assertThat(empty.password()).isNull();
    }

    @Test
    void redisDbFollowsKombuPrepareVirtualHost() {
        assertThat(one("redis://h//").redisDb()).isZero();
        assertThat(one("redis://h//3").redisDb()).isEqualTo(3);
        assertThat(one("redis://h/%31%35").redisDb()).isEqualTo(15);
        assertThat(one("redis://h/007").path()).isEqualTo("7");
    }

    @Test
    void schemeAndHostAreCaseInsensitive() {
        BrokerUrl url = one("REDIS://Cache.Example/2");
        assertThat(url.scheme()).isEqualTo("redis");
        assertThat(url.host()).isEqualTo("cache.example");
    }

    @Test
    void redissIsTls() {
        BrokerUrl url = one("rediss://:pw@secure.example/0");
        assertThat(url.tls()).isTrue();
        assertThat(url.port()).isEqualTo(6379);
        assertThat(url.transport()).isEqualTo(Transport.REDIS);
    }

    @Test
    void sentinelDefaultsAndDb() {
        BrokerUrl url = one("sentinel://:pw@s1/2");
        assertThat(url).isEqualTo(new BrokerUrl("sentinel", "s1", 26379, null, "pw", "2"));
        assertThat(url.sentinel()).isTrue();
        assertThat(url.transport()).isEqualTo(Transport.REDIS);
        assertThat(url.tls()).isFalse();
        assertThat(one("sentinel://s1:26380").redisDb()).isZero();
    }

    @Test
    void sentinelFailoverListAsInDifyEnvExample() {
        List<BrokerUrl> urls = BrokerUrls.parse(
                "sentinel://:difyai123456@localhost:26379/1;sentinel://:difyai12345@localhost:26380/1;"
                        + "sentinel://:difyai12345@other:26381/1");
        assertThat(urls).extracting(BrokerUrl::host, BrokerUrl::port)
                .containsExactly(
                        tuple("localhost", 26379),
                        tuple("localhost", 26380),
                        tuple("other", 26381));
        assertThat(urls).allMatch(BrokerUrl::sentinel);
        assertThat(urls.get(0).password()).isEqualTo("difyai123456");
    }

    @ParameterizedTest
    @CsvSource({
        "amqp://h//, /",
        "amqp://h/, /",
        "amqp://h, /",
        "amqp://h/%2F, /",
        "amqp://h/%2f, /",
        "amqp://h//foo, /foo",
        "amqp://h/foo, foo",
        "amqp://h/a/b, a/b",
        "amqp://h/a%2Fb, a/b",
        "amqp://h/v%20h, v h",
    })
    void amqpVirtualHostAsKombuReadsIt(String text, String vhost) {
        BrokerUrl url = one(text);
        assertThat(url.virtualHost()).isEqualTo(vhost);
        assertThat(url.path()).isEqualTo(vhost);
        assertThat(url.redisDb()).isZero();
    }

    @Test
    void amqpSchemesAndDefaultPorts() {
        assertThat(one("amqp://guest:guest@localhost//"))
                .isEqualTo(new BrokerUrl("amqp", "localhost", 5672, "guest", "guest", "/"));
        assertThat(one("pyamqp://h")).isEqualTo(new BrokerUrl("pyamqp", "h", 5672, null, null, "/"));
        BrokerUrl amqps = one("amqps://u:p@h/v");
        assertThat(amqps).isEqualTo(new BrokerUrl("amqps", "h", 5671, "u", "p", "v"));
        assertThat(amqps.tls()).isTrue();
        assertThat(amqps.transport()).isEqualTo(Transport.AMQP);
        assertThat(one("amqps://h:15671").port()).isEqualTo(15671);
    }

    @Test
    void celeryDefaultUrl() {
        assertThat(one(BrokerConfigResolver.DEFAULT_BROKER_URL))
                .isEqualTo(new BrokerUrl("amqp", "localhost", 5672, "guest", "guest", "/"));
    }

    @Test
    void credentialsArePercentDecoded() {
        BrokerUrl url = one("amqp://us%3Aer:p%40ss%2Fw%3Ard@h//");
        assertThat(url.username()).isEqualTo("us:er");
        assertThat(url.password()).isEqualTo("p@ss/w:rd");
        assertThat(one("redis://:p%40ss@h").password()).isEqualTo("p@ss");
        assertThat(one("redis://:caf%C3%A9@h").password()).isEqualTo("café");
    }

    @Test
    void plusStaysPlusAndBadEscapesStayLiteralAsInPythonUnquote() {
        assertThat(one("redis://:a+b@h").password()).isEqualTo("a+b");
        assertThat(one("redis://:100%zz@h").password()).isEqualTo("100%zz");
        assertThat(one("redis://:50%@h").password()).isEqualTo("50%");
    }

    @Test
    void unencodedAtSignInPasswordSplitsAtTheLastAt() {
        BrokerUrl url = one("redis://u:pa@ss@h/1");
        assertThat(url.password()).isEqualTo("pa@ss");
        assertThat(url.host()).isEqualTo("h");
    }

    @Test
    void ipv6Hosts() {
        assertThat(one("redis://[::1]:6380/2")).isEqualTo(new BrokerUrl("redis", "::1", 6380, null, null, "2"));
        assertThat(one("amqp://u:p@[2001:DB8::1]//")).isEqualTo(new BrokerUrl("amqp", "2001:db8::1", 5672, "u", "p", "/"));
        assertThat(one("redis://[::1]").port()).isEqualTo(6379);
        assertThat(one("redis://[::1]/4").masked()).isEqualTo("redis://[::1]:6379/4");
    }

    @Test
    void failoverListsKeepOrderAndTolerateSpacesAndATrailingSemicolon() {
        List<BrokerUrl> urls = BrokerUrls.parse(" redis://a:1/0 ; redis://b:2/0; rediss://c/0;");
        assertThat(urls).extracting(BrokerUrl::host).containsExactly("a", "b", "c");
        assertThat(BrokerUrls.parse("amqp://a//;amqps://b//;pyamqp://c//")).hasSize(3);
    }

    @Test
    void fragmentIsIgnoredAsPythonDoes() {
        assertThat(one("redis://h/2#frag").redisDb()).isEqualTo(2);
    }

    @Test
    void sslCertReqsInTheQueryIsKept() {
        ParsedBrokerUrls parsed = BrokerUrls.parseWithOptions(
                "rediss://:pw@h:6380/0?ssl_cert_reqs=CERT_NONE&ssl_ca_certs=%2Fetc%2Fca.pem");
        assertThat(parsed.urls().get(0).tls()).isTrue();
        assertThat(parsed.tls()).isEqualTo(new UrlTlsOptions(false, Path.of("/etc/ca.pem"), null, null));
        assertThat(BrokerUrls.parseWithOptions("rediss://h?ssl_cert_reqs=required").tls().verify()).isTrue();
        assertThat(BrokerUrls.parseWithOptions("rediss://h?ssl_cert_reqs=CERT_OPTIONAL").tls().verify()).isTrue();
        assertThat(BrokerUrls.parseWithOptions("rediss://h?ssl_cert_reqs=none").tls().verify()).isFalse();
        assertThat(BrokerUrls.parseWithOptions("rediss://h/0").tls()).isEqualTo(UrlTlsOptions.NONE);
        assertThat(BrokerUrls.parseWithOptions("rediss://h/0").tls().present()).isFalse();
    }

    @Test
    void sslOptionsOnRedisMeanTlsAsInKombu() {
        ParsedBrokerUrls parsed = BrokerUrls.parseWithOptions("redis://h/0?ssl_certfile=/c.pem&ssl_keyfile=/k.pem");
        assertThat(parsed.urls().get(0).scheme()).isEqualTo("rediss");
        assertThat(parsed.tls()).isEqualTo(new UrlTlsOptions(null, null, Path.of("/c.pem"), Path.of("/k.pem")));
    }

    @Test
    void harmlessKombuQueryKeysAndEmptyValuesAreIgnored() {
        ParsedBrokerUrls parsed = BrokerUrls.parseWithOptions("amqp://h//?heartbeat=10&connect_timeout=4&ssl_cert_reqs=");
        assertThat(parsed.tls().present()).isFalse();
        assertThat(parsed.urls().get(0).scheme()).isEqualTo("amqp");
    }

    @Test
    void failoverUrlsMayRepeatTheSameSslOptionsButNotDisagree() {
        ParsedBrokerUrls same = BrokerUrls.parseWithOptions(
                "rediss://a/0?ssl_cert_reqs=none;rediss://b/0?ssl_cert_reqs=none;rediss://c/0");
        assertThat(same.tls().verify()).isFalse();
        assertThatThrownBy(() -> BrokerUrls.parse("rediss://a/0?ssl_cert_reqs=none;rediss://b/0?ssl_cert_reqs=required"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessageContaining("different ssl_* options");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "redis://:secret@host:abc/1 | invalid broker URL 'redis://:****@host:abc/1': port 'abc' is not a number",
        "redis://h:0/1 | invalid broker URL 'redis://h:0/1': port 0 is not between 1 and 65535",
        "redis://:pw@h:0/1 | invalid broker URL 'redis://:****@h:0/1': port '0' is not between 1 and 65535",
        "redis://h:65536 | invalid broker URL 'redis://h:65536': port 65536 is not between 1 and 65535",
        "redis://127.0.0.1:99999/1?ssl_cert_reqs=none | invalid broker URL 'redis://127.0.0.1:99999/1?ssl_cert_reqs=none': port 99999 is not between 1 and 65535",
        "redis://h:123456 | invalid broker URL 'redis://h:****': port is not between 1 and 65535",
        "redis://user:secret | invalid broker URL 'redis://user:****': port is not a number",
        "redis://h/abc | invalid broker URL 'redis://h/abc': db 'abc' is not a number (the path of a Redis URL is the db number, 0 or more)",
        "redis://h/-1 | invalid broker URL 'redis://h/-1': db '-1' is not a number (the path of a Redis URL is the db number, 0 or more)",
        "redis://h/1/2 | invalid broker URL 'redis://h/1/2': db '1/2' is not a number (the path of a Redis URL is the db number, 0 or more)",
        "redis://h/99999999999 | invalid broker URL 'redis://h/99999999999': db '99999999999' is too large",
        "http://u:secret@h/ | invalid broker URL 'http://u:****@h/': unknown scheme 'http'; expected redis://, rediss://, sentinel://, amqp://, amqps:// or pyamqp://",
        "localhost:6379 | invalid broker URL 'localhost:6379': no scheme; expected redis://, rediss://, sentinel://, amqp://, amqps:// or pyamqp://",
        "redis:// | invalid broker URL 'redis://': host is empty; write the host name, e.g. localhost",
        "redis://:secret@/0 | invalid broker URL 'redis://:****@/0': host is empty; write the host name, e.g. localhost",
        "amqp://[::1//| invalid broker URL 'amqp://[::1//': '[' in the host is not closed by ']'",
        "redis://[::1]x/0 | invalid broker URL 'redis://[::1]x/0': unexpected text after ']' in the host",
        "redis://h/0?foo=bar | invalid broker URL 'redis://h/0?foo=bar': unknown URL option 'foo'",
        "rediss://h/0?ssl_cert_reqs=maybe | invalid broker URL 'rediss://h/0?ssl_cert_reqs=maybe': ssl_cert_reqs 'maybe' is not one of CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, none, optional, required",
        "sentinel://s/0?ssl_cert_reqs=none | invalid broker URL 'sentinel://s/0?ssl_cert_reqs=none': TLS to Redis Sentinel is not supported",
        "amqp://h//?ssl_cert_reqs=none | invalid broker URL 'amqp://h//?ssl_cert_reqs=none': ssl_* options need an amqps:// URL",
    })
    void clearErrors(String text, String message) {
        assertThatThrownBy(() -> BrokerUrls.parse(text))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage(message);
    }

    @Test
    void emptyTextIsAnError() {
        for (String text : new String[] {null, "", "   ", ";"}) {
            assertThatThrownBy(() -> BrokerUrls.parse(text)).isInstanceOf(BrokerConfigException.class)
                    .hasMessageContaining("empty");
        }
    }

    @Test
    void mixedFamiliesAreRejected() {
        assertThatThrownBy(() -> BrokerUrls.parse("redis://:pw1@a/0;amqp://u:pw2@b//"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("invalid broker URL 'redis://:****@a:6379/0;amqp://u:****@b:5672//': "
                        + "a failover list cannot mix Redis and AMQP URLs");
        assertThatThrownBy(() -> BrokerUrls.parse("sentinel://a:26379/0;redis://b/0"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessageContaining("cannot mix sentinel:// with redis://");
    }

    @Test
    void emptyEntryInTheMiddleOfAFailoverListIsRejected() {
        assertThatThrownBy(() -> BrokerUrls.parse("redis://:pw@a/0;;redis://b/0"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("invalid broker URL 'redis://:****@a/0;;redis://b/0': "
                        + "empty entry in the ';'-separated failover list");
    }

    @Test
    void unencodedSlashInPasswordIsRefusedInsteadOfConnectingSomewhereElse() {
        // Python would read host "user", port "12", and path "/ss@h": kombu connects to the wrong place.
        assertThatThrownBy(() -> BrokerUrls.parse("amqp://user:12/ss@h//"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("invalid broker URL 'amqp://user:****@h//': '@' after the host; percent-encode "
                        + "'/', '?', '#' and '@' in user names and passwords (and '@' elsewhere as %40)");
    }

    @Test
    void semicolonInPasswordGetsAHint() {
        assertThatThrownBy(() -> BrokerUrls.parse("redis://u:12;34@h/0"))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("invalid broker URL '****@h/0': no scheme; expected redis://, rediss://, sentinel://, "
                        + "amqp://, amqps:// or pyamqp:// (if a password contains ';', percent-encode it as %3B)");
    }
}
