package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryAppConfig;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.PrivateSentinel;
import io.celerymon.testsupport.TempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * sentinel:// through a real Redis Sentinel to a real Celery worker that found its master the
 * same way. Two set-ups: a sentinel anyone may ask, and one with a password of its own (Dify's
 * {@code CELERY_SENTINEL_PASSWORD}). The URL's password is the master's, as kombu uses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisSentinelIT {

    private static final int DB = 1;

    private PrivateSentinel open;
    private PrivateSentinel guarded;
    private CeleryCluster openCluster;
    private CeleryCluster guardedCluster;
    private TempDir scratch;

    @BeforeAll
    void start() {
        scratch = TempDir.create("celerymon-sentinel-it");
        open = PrivateSentinel.start();
        guarded = PrivateSentinel.startWithSentinelPassword();
        openCluster = CeleryCluster.start(CeleryAppConfig.of(open.url(DB))
                .withSentinel(PrivateSentinel.MASTER_NAME, Optional.empty()), CeleryPool.THREADS);
        guardedCluster = CeleryCluster.start(CeleryAppConfig.of(guarded.url(DB))
                .withSentinel(PrivateSentinel.MASTER_NAME, guarded.sentinelPassword()), CeleryPool.THREADS);
    }

    @AfterAll
    void stop() {
        // Workers first, while their broker is still there to say goodbye to.
        if (guardedCluster != null) {
            guardedCluster.close();
        }
        if (openCluster != null) {
            openCluster.close();
        }
        if (guarded != null) {
            guarded.close();
        }
        if (open != null) {
            open.close();
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    @Test
    void theMasterNameOnTheCommandLineReachesTheWorker() {
        CommandResult result = celerymon("-b", open.url(DB), "--sentinel-master", PrivateSentinel.MASTER_NAME);
        assertPong(result, openCluster, open);
        assertThat(CelerymonRunner.parse(result).get("broker").asText())
                .isEqualTo("sentinel://:****@127.0.0.1:" + open.port() + "/" + DB);
    }

    @Test
    void aDifyEnvFileWithASentinelPasswordReachesTheWorker() throws IOException {
        Path env = difyEnv(guarded, PrivateSentinel.MASTER_NAME, guarded.sentinelPassword().orElseThrow());
        assertPong(celerymon("--env-file", env.toString()), guardedCluster, guarded);
    }

    @Test
    void anUnknownMasterNameIsExit4NamingIt() {
        CommandResult result = celerymon("-b", open.url(DB), "--sentinel-master", "nosuchmaster");
        assertOneCleanLine(result, 4, open);
        assertThat(result.stderr()).contains("sentinel://:****@127.0.0.1:" + open.port() + "/" + DB)
                .contains("no master named 'nosuchmaster'").contains("--sentinel-master");
    }

    @Test
    void aSentinelThatWantsAPasswordIsExit5NamingTheSetting() {
        CommandResult result = celerymon("-b", guarded.url(DB), "--sentinel-master", PrivateSentinel.MASTER_NAME);
        assertOneCleanLine(result, 5, guarded);
        assertThat(result.stderr()).contains("sentinel requires a password").contains("CELERY_SENTINEL_PASSWORD");
    }

    @Test
    void aWrongSentinelPasswordIsExit5() throws IOException {
        String wrong = "Wr0ngSentinelPw-" + guarded.port();
        CommandResult result = celerymon("--env-file", difyEnv(guarded, PrivateSentinel.MASTER_NAME, wrong).toString());
        assertOneCleanLine(result, 5, guarded, wrong);
        assertThat(result.stderr()).contains("sentinel refused its password");
    }

    @Test
    void aWrongMasterPasswordIsExit5() {
        String wrong = "Wr0ngMasterPw-" + open.port();
        String url = open.url(DB).replace(open.master().password(), wrong);
        CommandResult result = celerymon("-b", url, "--sentinel-master", PrivateSentinel.MASTER_NAME);
        assertOneCleanLine(result, 5, open, wrong);
        assertThat(result.stderr()).contains("authentication refused");
    }

    private Path difyEnv(PrivateSentinel sentinel, String master, String sentinelPassword) throws IOException {
        Path env = Files.createTempFile(scratch.path(), "dify", ".env");
        Files.writeString(env, "# Dify docker/.env excerpt\n"
                + "CELERY_BROKER_URL=" + sentinel.url(DB) + "\n"
                + "CELERY_USE_SENTINEL=true\n"
                + "CELERY_SENTINEL_MASTER_NAME=" + master + "\n"
                + "CELERY_SENTINEL_PASSWORD=" + sentinelPassword + "\n"
                + "CELERY_SENTINEL_SOCKET_TIMEOUT=0.1\n");
        return env;
    }

    private CommandResult celerymon(String... brokerArgs) {
        List<String> args = new ArrayList<>(List.of("inspect", "ping", "-t", "5", "-o", "json"));
        args.addAll(List.of(brokerArgs));
        CelerymonProcess process = CelerymonProcess.of(args).env("CELERYMON_CACHE_DIR", scratch.path().toString());
        for (String inherited : List.of("CELERY_USE_SENTINEL", "CELERY_SENTINEL_MASTER_NAME",
                "CELERY_SENTINEL_PASSWORD")) {
            process.unsetEnv(inherited);
        }
        return process.run();
    }

    private static void assertPong(CommandResult result, CeleryCluster cluster, PrivateSentinel sentinel) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode json = CelerymonRunner.parse(result);
        String worker = cluster.workers().get(0).hostname();
        assertThat(json.get("replies").get(worker)).as(result.describe()).isNotNull();
        assertThat(json.get("replies").get(worker).get("ok").asText()).isEqualTo("pong");
        assertThat(json.get("missing")).isEmpty();
        assertThat(json.get("stale")).isEmpty();
        assertNoSecrets(result, sentinel);
    }

    private static void assertOneCleanLine(CommandResult result, int exit, PrivateSentinel sentinel,
                                           String... otherSecrets) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exit);
        assertThat(result.stderr().strip().lines()).as(result.describe()).hasSize(1);
        assertThat(result.stderr()).startsWith("celerymon: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.stdout()).isEmpty();
        assertNoSecrets(result, sentinel);
        for (String secret : otherSecrets) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(secret);
        }
    }

    private static void assertNoSecrets(CommandResult result, PrivateSentinel sentinel) {
        String all = result.stdout() + result.stderr();
        assertThat(all).doesNotContain(sentinel.master().password());
        sentinel.sentinelPassword().ifPresent(pw -> assertThat(all).doesNotContain(pw));
    }
}
