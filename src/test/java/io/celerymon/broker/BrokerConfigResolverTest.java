package io.celerymon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigResolverTest {
    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    private Path envFile(String content) throws IOException {
        Path file = dir.resolve("docker.env");
        Files.writeString(file, content);
        return file;
    }

    private static BrokerSettings broker(String url) {
        return new BrokerSettings(url, null, null, false, null, null, null, null, null);
    }

    private static BrokerSettings withFile(String url, Path file) {
        return new BrokerSettings(url, file, null, false, null, null, null, null, null);
    }

    // ---- URL precedence -------------------------------------------------------------------

    @Test
    void brokerOptionBeatsEverything() throws IOException {
        Path file = envFile("CELERY_BROKER_URL=redis://file-host/0\n");
        BrokerConfig config = BrokerConfigResolver.resolve(withFile("redis://cli-host/0", file),
                Map.of("CELERYMON_BROKER_URL", "redis://celerymon-host/0", "CELERY_BROKER_URL", "redis://env-host/0"));
        assertThat(config.primary().host()).isEqualTo("cli-host");
        assertThat(config.origin()).isEqualTo("--broker");
    }

    @Test
    void celerymonVariableBeatsCeleryVariableAndFile() throws IOException {
        Path file = envFile("CELERY_BROKER_URL=redis://file-host/0\n");
        BrokerConfig config = BrokerConfigResolver.resolve(withFile(null, file),
                Map.of("CELERYMON_BROKER_URL", "redis://celerymon-host/0", "CELERY_BROKER_URL", "redis://env-host/0"));
        assertThat(config.primary().host()).isEqualTo("celerymon-host");
        assertThat(config.origin()).isEqualTo("CELERYMON_BROKER_URL");
    }

    @Test
    void celeryVariableBeatsFile() throws IOException {
        Path file = envFile("CELERY_BROKER_URL=redis://file-host/0\n");
        BrokerConfig config = BrokerConfigResolver.resolve(withFile(null, file),
                Map.of("CELERY_BROKER_URL", "redis://env-host/0"));
        assertThat(config.primary().host()).isEqualTo("env-host");
        assertThat(config.origin()).isEqualTo("CELERY_BROKER_URL");
    }

    @Test
    void fileBeatsDefault() throws IOException {
        Path file = envFile("CELERY_BROKER_URL=redis://:difyai123456@redis:6379/1\n");
        BrokerConfig config = BrokerConfigResolver.resolve(withFile(null, file), NO_ENV);
        assertThat(config.primary()).isEqualTo(new BrokerUrl("redis", "redis", 6379, null, "difyai123456", "1"));
        assertThat(config.origin()).isEqualTo("env file " + file);
    }

    @Test
    void celeryDefaultWhenNothingIsSet() {
        BrokerConfig config = BrokerConfigResolver.resolve(BrokerSettings.none(), NO_ENV);
        assertThat(config.urls()).containsExactly(new BrokerUrl("amqp", "localhost", 5672, "guest", "guest", "/"));
        assertThat(config.origin()).isEqualTo("default");
        assertThat(config.transport()).isEqualTo(Transport.AMQP);
        assertThat(config.keyPrefix()).isEmpty();
        assertThat(config.controlExchange()).isEqualTo("celery");
        assertThat(config.sentinelMaster()).isNull();
        assertThat(config.sentinelPassword()).isNull();
        assertThat(config.tls()).isEqualTo(TlsOptions.DEFAULT);
    }

    @Test
    void blankVariablesCountAsUnset() throws IOException {
        Path file = envFile("CELERY_BROKER_URL=\n");
        BrokerConfig config = BrokerConfigResolver.resolve(withFile(null, file),
                Map.of("CELERYMON_BROKER_URL", " ", "CELERY_BROKER_URL", ""));
        assertThat(config.origin()).isEqualTo("default");
    }

    @Test
    void emptyBrokerOptionIsAnError() {
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(broker(" "), NO_ENV))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("--broker is empty");
    }

    @Test
    void urlErrorsSayWhereTheUrlCameFrom() throws IOException {
        Path file = envFile("CELERY_BROKER_URL=redis://:hunter2@redis:abc/1\n");
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(withFile(null, file), NO_ENV))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("invalid broker URL 'redis://:****@redis:abc/1': port 'abc' is not a number (from env file "
                        + file + ")");
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(BrokerSettings.none(),
                Map.of("CELERY_BROKER_URL", "kafka://h")))
                .hasMessageEndingWith("(from CELERY_BROKER_URL)");
    }

    @Test
    void unreadableEnvFileNamesThePath() {
        Path missing = dir.resolve("missing.env");
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(withFile(null, missing), NO_ENV))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void envFileInterpolatesFromTheProcessEnvironment() throws IOException {
        Path file = envFile("CELERY_BROKER_URL=redis://:${REDIS_PASSWORD}@redis:6379/1\n");
        BrokerConfig config = BrokerConfigResolver.resolve(withFile(null, file), Map.of("REDIS_PASSWORD", "from-env"));
        assertThat(config.primary().password()).isEqualTo("from-env");
    }

    // ---- other settings: option > process env > env file ----------------------------------

    @Test
    void keyPrefixAndControlExchangeComeFromOptions() {
        BrokerConfig config = BrokerConfigResolver.resolve(
                new BrokerSettings("redis://h/0", null, null, false, null, null, null, "dify:", "myctl"), NO_ENV);
        assertThat(config.keyPrefix()).isEqualTo("dify:");
        assertThat(config.controlExchange()).isEqualTo("myctl");
        BrokerConfig blank = BrokerConfigResolver.resolve(
                new BrokerSettings("redis://h/0", null, null, false, null, null, null, null, " "), NO_ENV);
        assertThat(blank.controlExchange()).isEqualTo("celery");
    }

    @Test
    void sentinelMasterOptionBeatsEnvironmentWhichBeatsFile() throws IOException {
        Path file = envFile("CELERY_USE_SENTINEL=true\nCELERY_SENTINEL_MASTER_NAME=from-file\n");
        String url = "sentinel://s1:26379/1";
        BrokerSettings cli = new BrokerSettings(url, file, "from-cli", false, null, null, null, null, null);
        Map<String, String> env = Map.of("CELERY_SENTINEL_MASTER_NAME", "from-env");
        assertThat(BrokerConfigResolver.resolve(cli, env).sentinelMaster()).isEqualTo("from-cli");
        assertThat(BrokerConfigResolver.resolve(withFile(url, file), env).sentinelMaster()).isEqualTo("from-env");
        assertThat(BrokerConfigResolver.resolve(withFile(url, file), NO_ENV).sentinelMaster()).isEqualTo("from-file");
    }

    @Test
    void tlsFileOptionsBeatEnvironmentWhichBeatsFile() throws IOException {
        Path file = envFile("REDIS_SSL_CA_CERTS=/file/ca.pem\nREDIS_SSL_CERTFILE=/file/c.pem\nREDIS_SSL_KEYFILE=/file/k.pem\n");
        String url = "rediss://h/0";
        Map<String, String> env = Map.of("REDIS_SSL_CA_CERTS", "/env/ca.pem", "REDIS_SSL_CERTFILE", "/env/c.pem");
        BrokerSettings cli = new BrokerSettings(url, file, null, false, Path.of("/cli/ca.pem"), null, null, null, null);
        TlsOptions tls = BrokerConfigResolver.resolve(cli, env).tls();
        assertThat(tls.caCerts()).isEqualTo(Path.of("/cli/ca.pem"));
        assertThat(tls.certFile()).isEqualTo(Path.of("/env/c.pem"));
        assertThat(tls.keyFile()).isEqualTo(Path.of("/file/k.pem"));
        TlsOptions fromFile = BrokerConfigResolver.resolve(withFile(url, file), NO_ENV).tls();
        assertThat(fromFile).isEqualTo(new TlsOptions(true, Path.of("/file/ca.pem"), Path.of("/file/c.pem"),
                Path.of("/file/k.pem")));
    }

    @Test
    void certReqsFromEnvironmentBeatsFileAndInsecureBeatsBoth() throws IOException {
        Path file = envFile("REDIS_SSL_CERT_REQS=CERT_NONE\n");
        String url = "rediss://h/0";
        assertThat(BrokerConfigResolver.resolve(withFile(url, file), NO_ENV).tls().verify()).isFalse();
        assertThat(BrokerConfigResolver.resolve(withFile(url, file), Map.of("REDIS_SSL_CERT_REQS", "CERT_REQUIRED"))
                .tls().verify()).isTrue();
        BrokerSettings insecure = new BrokerSettings(url, file, null, true, null, null, null, null, null);
        assertThat(BrokerConfigResolver.resolve(insecure, Map.of("REDIS_SSL_CERT_REQS", "CERT_REQUIRED"))
                .tls().verify()).isFalse();
    }

    // ---- Dify: sentinel ---------------------------------------------------------------------

    @Test
    void difySentinelSetup() throws IOException {
        Path file = envFile("""
                CELERY_BROKER_URL=sentinel://:difyai123456@localhost:26379/1;sentinel://:difyai12345@localhost:26380/1
                CELERY_USE_SENTINEL=true
                CELERY_SENTINEL_MASTER_NAME=mymaster
                CELERY_SENTINEL_PASSWORD=sentinel-pw
                """);
        BrokerConfig config = BrokerConfigResolver.resolve(withFile(null, file), NO_ENV);
        assertThat(config.urls()).hasSize(2).allMatch(BrokerUrl::sentinel);
        assertThat(config.primary().password()).isEqualTo("difyai123456");
        assertThat(config.primary().redisDb()).isEqualTo(1);
        assertThat(config.sentinelMaster()).isEqualTo("mymaster");
        assertThat(config.sentinelPassword()).isEqualTo("sentinel-pw");
        assertThat(config.transport()).isEqualTo(Transport.REDIS);
    }

    @Test
    void sentinelWithoutMasterNameIsAnError() {
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(broker("sentinel://s1/0"), NO_ENV))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("sentinel:// needs a master name: --sentinel-master or CELERY_SENTINEL_MASTER_NAME");
    }

    @Test
    void masterNameIsIgnoredUnlessCeleryUseSentinelIsTrueAsInDify() {
        Map<String, String> env = Map.of("CELERY_SENTINEL_MASTER_NAME", "mymaster", "CELERY_USE_SENTINEL", "false");
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(broker("sentinel://s1/0"), env))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("sentinel:// needs a master name: --sentinel-master or CELERY_SENTINEL_MASTER_NAME"
                        + " (CELERY_SENTINEL_MASTER_NAME is set but CELERY_USE_SENTINEL is not true;"
                        + " Dify ignores the master name then)");
    }

    @Test
    void sentinelPasswordWhenCeleryUseSentinelIsTrueOrTheMasterIsGivenOnTheCommandLine() {
        BrokerSettings explicit = new BrokerSettings("sentinel://s1/0", null, "m", false, null, null, null, null, null);
        assertThat(BrokerConfigResolver.resolve(explicit, Map.of("CELERY_SENTINEL_PASSWORD", "pw")).sentinelPassword())
                .isEqualTo("pw");
        BrokerSettings fromEnv = broker("sentinel://s1/0");
        assertThat(BrokerConfigResolver.resolve(fromEnv, Map.of("CELERY_SENTINEL_PASSWORD", "pw",
                "CELERY_SENTINEL_MASTER_NAME", "m", "CELERY_USE_SENTINEL", "1")).sentinelPassword()).isEqualTo("pw");
        assertThat(BrokerConfigResolver.resolve(explicit, Map.of()).sentinelPassword()).isNull();
    }

    @Test
    void celeryUseSentinelWithARedisUrlIsPlainRedisAsInDify() {
        BrokerConfig config = BrokerConfigResolver.resolve(broker("redis://:pw@redis:6379/1"),
                Map.of("CELERY_USE_SENTINEL", "true", "CELERY_SENTINEL_MASTER_NAME", "mymaster",
                        "CELERY_SENTINEL_PASSWORD", "spw"));
        assertThat(config.sentinelMaster()).isNull();
        assertThat(config.sentinelPassword()).isNull();
        assertThat(config.primary().sentinel()).isFalse();
    }

    @Test
    void sentinelMasterOptionNeedsASentinelUrl() {
        BrokerSettings cli = new BrokerSettings("redis://:hunter2@h/0", null, "m", false, null, null, null, null, null);
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(cli, NO_ENV))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("--sentinel-master needs a sentinel:// broker URL, not 'redis://:****@h/0' (from --broker)");
    }

    @Test
    void booleansAreReadAsPydanticReadsThem() {
        BrokerSettings cli = broker("sentinel://s1/0");
        for (String yes : new String[] {"true", "True", "1", "yes", "on", "t", "Y"}) {
            assertThat(BrokerConfigResolver.resolve(cli, Map.of("CELERY_USE_SENTINEL", yes,
                    "CELERY_SENTINEL_MASTER_NAME", "m")).sentinelMaster()).as(yes).isEqualTo("m");
        }
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(cli, Map.of("CELERY_USE_SENTINEL", "sure")))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("CELERY_USE_SENTINEL 'sure' (from process environment) is not true or false");
    }

    // ---- Dify: TLS ----------------------------------------------------------------------------

    @Test
    void difyRedissWithCertNoneTurnsVerificationOff() throws IOException {
        Path file = envFile("""
                CELERY_BROKER_URL=rediss://:pw@redis.example:6380/1
                REDIS_SSL_CERT_REQS=CERT_NONE
                REDIS_SSL_CA_CERTS=
                REDIS_SSL_CERTFILE=
                REDIS_SSL_KEYFILE=
                """);
        BrokerConfig config = BrokerConfigResolver.resolve(withFile(null, file), NO_ENV);
        assertThat(config.primary().tls()).isTrue();
        assertThat(config.tls()).isEqualTo(new TlsOptions(false, null, null, null));
    }

    @Test
    void redissVerifiesByDefaultAndWithOptionalOrRequired() {
        assertThat(BrokerConfigResolver.resolve(broker("rediss://h/0"), NO_ENV).tls().verify()).isTrue();
        assertThat(BrokerConfigResolver.resolve(broker("rediss://h/0"), Map.of("REDIS_SSL_CERT_REQS", "CERT_OPTIONAL"))
                .tls().verify()).isTrue();
    }

    @Test
    void unknownCertReqsIsAnErrorRatherThanSilentlyInsecure() {
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(broker("rediss://h/0"),
                Map.of("REDIS_SSL_CERT_REQS", "CERT_REQUIERD")))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("REDIS_SSL_CERT_REQS 'CERT_REQUIERD' (from process environment) is not one of "
                        + "CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, none, optional, required");
    }

    @Test
    void redisSslVariablesDoNothingWithoutTls() {
        BrokerConfig config = BrokerConfigResolver.resolve(broker("redis://h/0"),
                Map.of("REDIS_SSL_CERT_REQS", "garbage", "REDIS_SSL_CA_CERTS", "/ca.pem"));
        assertThat(config.primary().tls()).isFalse();
        assertThat(config.tls()).isEqualTo(TlsOptions.DEFAULT);
    }

    @Test
    void brokerUseSslTurnsRedisIntoRediss() {
        BrokerConfig config = BrokerConfigResolver.resolve(broker("redis://:pw@a:6379/1;redis://:pw@b:6379/1"),
                Map.of("BROKER_USE_SSL", "true", "REDIS_SSL_CERT_REQS", "CERT_NONE"));
        assertThat(config.urls()).extracting(BrokerUrl::scheme).containsExactly("rediss", "rediss");
        assertThat(config.urls()).extracting(BrokerUrl::port).containsExactly(6379, 6379);
        assertThat(config.tls().verify()).isFalse();
    }

    @Test
    void brokerUseSslFalseDoesNotTurnRedissOff() {
        BrokerConfig config = BrokerConfigResolver.resolve(broker("rediss://h/0"), Map.of("BROKER_USE_SSL", "false"));
        assertThat(config.primary().tls()).isTrue();
    }

    @Test
    void brokerUseSslIsForRedisOnlyAsInDify() {
        BrokerConfig config = BrokerConfigResolver.resolve(broker("amqp://h//"),
                Map.of("BROKER_USE_SSL", "true", "REDIS_SSL_CERT_REQS", "CERT_NONE", "REDIS_SSL_CA_CERTS", "/ca.pem"));
        assertThat(config.primary().scheme()).isEqualTo("amqp");
        assertThat(config.tls()).isEqualTo(TlsOptions.DEFAULT);
        BrokerConfig amqps = BrokerConfigResolver.resolve(broker("amqps://h//"), Map.of("REDIS_SSL_CERT_REQS", "CERT_NONE"));
        assertThat(amqps.tls().verify()).isTrue();
    }

    @Test
    void brokerUseSslWithSentinelIsRefused() {
        assertThatThrownBy(() -> BrokerConfigResolver.resolve(
                new BrokerSettings("sentinel://s/0", null, "m", false, null, null, null, null, null),
                Map.of("BROKER_USE_SSL", "true")))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("BROKER_USE_SSL is true, but TLS to Redis Sentinel is not supported");
    }

    @Test
    void urlSslOptionsReplaceDifyVariablesAsKombuDoes() {
        BrokerConfig config = BrokerConfigResolver.resolve(broker("rediss://h/0?ssl_ca_certs=/url/ca.pem"),
                Map.of("REDIS_SSL_CERT_REQS", "CERT_NONE", "REDIS_SSL_CERTFILE", "/env/c.pem"));
        // kombu: ssl_* in the URL replace broker_use_ssl as a whole, so neither env value applies.
        assertThat(config.tls()).isEqualTo(new TlsOptions(true, Path.of("/url/ca.pem"), null, null));
        BrokerConfig insecureUrl = BrokerConfigResolver.resolve(broker("rediss://h/0?ssl_cert_reqs=CERT_NONE"),
                Map.of("REDIS_SSL_CERT_REQS", "CERT_REQUIRED"));
        assertThat(insecureUrl.tls().verify()).isFalse();
    }

    @Test
    void insecureAndFileOptionsApplyToAmqpsToo() {
        BrokerConfig config = BrokerConfigResolver.resolve(new BrokerSettings("amqps://u:p@rabbit//", null, null, true,
                Path.of("/ca.pem"), Path.of("/c.pem"), Path.of("/k.pem"), null, null), NO_ENV);
        assertThat(config.tls()).isEqualTo(new TlsOptions(false, Path.of("/ca.pem"), Path.of("/c.pem"), Path.of("/k.pem")));
    }
}
