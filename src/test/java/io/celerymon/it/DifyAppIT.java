package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.CommandRunner;
import io.celerymon.testsupport.RedisDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code env-check --app} on modules shaped like Dify's ({@code app.py} patching at import unless
 * FLASK_DEBUG says debug, {@code celery_entrypoint.py}, {@code celery_healthcheck.py}), run from
 * their directory as Dify runs {@code celery -A}: each form resolves as Celery's own CLI resolves it,
 * and what cannot run is critical.
 */
class DifyAppIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String BROKER = "redis://:dify-secret-9@" + RedisDb.SHARED_HOST + ":" + RedisDb.SHARED_PORT + "/13";
    /** Celery's CLI connects, so it gets the shared Redis as it is: without a password. */
    private static final String CELERY_BROKER = "redis://" + RedisDb.SHARED_HOST + ":" + RedisDb.SHARED_PORT + "/13";
    private static Path dify;

    @BeforeAll
    static void locateFixtures() throws Exception {
        dify = Path.of(DifyAppIT.class.getResource("/envcheck/dify/app.py").toURI()).getParent();
    }

    private static CommandResult envCheck(String app, String flaskDebug) {
        CelerymonProcess command = CelerymonProcess.of("env-check", "--python", PYTHON, "--app", app, "-o", "json",
                        "--pid", Long.toString(ProcessHandle.current().pid()))
                .directory(dify).env("CELERY_BROKER_URL", BROKER).timeout(Duration.ofSeconds(90));
        return flaskDebug == null ? command.unsetEnv("FLASK_DEBUG").run() : command.env("FLASK_DEBUG", flaskDebug).run();
    }

    /** What {@code celery -A APP inspect ping} makes of the same spec, from the same directory. */
    private static CommandResult celeryPing(String app) {
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "celery", "-A", app, "inspect", "ping", "--timeout",
                "0.5").directory(dify.toFile());
        builder.environment().put("CELERY_BROKER_URL", CELERY_BROKER);
        builder.environment().put("FLASK_DEBUG", "1");
        return CommandRunner.run(builder, Duration.ofSeconds(60));
    }

    private static List<String> ids(JsonNode doc) {
        return StreamSupport.stream(doc.path("findings").spliterator(), false)
                .map(f -> f.path("id").asText() + ":" + f.path("severity").asText()).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"app.celery | module.attribute", "app:celery | module:attribute",
            "celery_entrypoint.celery | module.attribute", "celery_healthcheck | module, its 'celery' attribute"})
    void difysFormsResolveToItsCeleryAppAsCeleryResolvesThem(String app, String form) {
        CommandResult result = envCheck(app, "1");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode probe = CelerymonRunner.parse(result).path("probe").path("report").path("app");
        assertThat(probe.path("app_found").asBoolean()).as(result.stdout()).isTrue();
        assertThat(probe.path("form").asText()).isEqualTo(form);
        assertThat(probe.path("app_type").asText()).isEqualTo("celery.app.base.Celery");
        assertThat(probe.path("settings").path("broker_url").asText()).isEqualTo("redis://:****@127.0.0.1:6379/13");
        assertThat(result.stdout()).doesNotContain("dify-secret-9");
        // Celery's CLI got past loading the app to asking the broker (no worker answers on db 13).
        CommandResult celery = celeryPing(app);
        assertThat(celery.exitCode()).as(celery.describe()).isEqualTo(69);
        assertThat(celery.stdout() + celery.stderr()).contains("No nodes replied");
    }

    @Test
    void difysAppPatchesLateUnlessFlaskDebugSaysDebug() {
        CommandResult patching = envCheck("app.celery", null);
        CommandResult debug = envCheck("app.celery", "true");

        assertThat(patching.exitCode()).as(patching.describe()).isEqualTo(1);
        assertThat(ids(CelerymonRunner.parse(patching))).contains("late_monkey_patch:critical");
        JsonNode app = CelerymonRunner.parse(patching).path("probe").path("report").path("app");
        assertThat(app.path("patched_during_import").asBoolean()).isTrue();
        assertThat(app.path("late_patch_evidence").toString()).contains("_selectf");
        assertThat(debug.exitCode()).as(debug.describe()).isZero();
        assertThat(CelerymonRunner.parse(debug).path("probe").path("report").path("app")
                .path("anything_patched").asBoolean()).isFalse();
    }

    @Test
    void theBareModuleResolvesToTheFlaskAppAsCeleryDoesAndIsCritical() {
        CommandResult result = envCheck("app", "1");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        JsonNode doc = CelerymonRunner.parse(result);
        JsonNode app = doc.path("probe").path("report").path("app");
        assertThat(app.path("form").asText()).isEqualTo("module, its 'app' attribute");
        assertThat(app.path("app_type").asText()).isEqualTo("app_factory.DifyApp");
        assertThat(ids(doc)).contains("app_not_celery:critical");
        // Celery's own CLI takes the same object and fails on it.
        CommandResult celery = celeryPing("app");
        assertThat(celery.exitCode()).as(celery.describe()).isNotZero().isNotEqualTo(69);
        assertThat(celery.stderr()).contains("'DifyApp' object has no attribute 'user_options'");
    }

    @Test
    void aModuleCeleryCannotFindIsCriticalInCeleryOwnWords() {
        CommandResult result = envCheck("nomodule", "1");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        JsonNode doc = CelerymonRunner.parse(result);
        assertThat(ids(doc)).contains("app_import_failed:critical");
        assertThat(doc.path("probe").path("report").path("app").path("error").asText())
                .isEqualTo("Unable to load celery application. The module nomodule was not found.");
    }
}
