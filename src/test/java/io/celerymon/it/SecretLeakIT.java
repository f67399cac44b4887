package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.FreePorts;
import io.celerymon.testsupport.ManagedProcess;
import io.celerymon.testsupport.SilentTcpServer;
import io.celerymon.testsupport.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets placed where a real deployment puts them (an app's import error, a process's
 * environment, a Flower URL's token, a failover list) never leave the process: stdout, stderr and
 * every report file are searched for each value.
 */
class SecretLeakIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SENTINEL_PASSWORD = "leak-sentinel-5";

    private static TempDir dir;
    private static Path apps;

    @BeforeAll
    static void prepare() throws Exception {
        dir = TempDir.create("secret-leak-it");
        apps = Path.of(SecretLeakIT.class.getResource("/secrets/leaky_app.py").toURI()).getParent();
    }

    @AfterAll
    static void cleanUp() {
        if (dir != null) {
            dir.close();
        }
    }

    private static CommandResult run(CelerymonProcess command) {
        return command.env("PYTHONPATH", apps.toString()).timeout(Duration.ofSeconds(60)).run();
    }

    private static void assertNothingLeaked(CommandResult result, List<Path> files, String... secrets) throws Exception {
        List<String> texts = new ArrayList<>(List.of(result.stdout(), result.stderr()));
        for (Path file : files) {
            if (Files.exists(file)) {
                texts.add(Files.readString(file));
            }
        }
        for (String text : texts) {
            assertThat(text).as(result.describe()).doesNotContain(secrets);
        }
    }

    @Test
    void anAppWhoseImportFailsWithSecretsShowsTheErrorWithoutThem() throws Exception {
        String[] secrets = {"leak-pw-1", "leak-tok-2", "leak-key-3", "leak-sk-4"};
        for (String format : new String[] {"json", "table"}) {
            CommandResult result = run(CelerymonProcess.of("env-check", "--python", PYTHON, "--app", "leaky_app",
                    "-o", format, "--pid", Long.toString(ProcessHandle.current().pid())));

            assertThat(result.exitCode()).as(result.describe()).isIn(0, 1);
            assertThat(result.stdout()).as(result.describe()).contains("cannot reach the result backend");
            assertNothingLeaked(result, List.of(), secrets);
        }
    }

    @Test
    void aFailoverListInAnAppKeepsEveryHostAndHidesEveryPassword() throws Exception {
        CommandResult result = run(CelerymonProcess.of("env-check", "--python", PYTHON, "--app", "failover_app",
                "-o", "json", "--pid", Long.toString(ProcessHandle.current().pid())));

        assertThat(result.stdout()).as(result.describe())
                .contains("redis://:****@10.0.0.1:6379/0;redis://:****@10.0.0.2:6379/0");
        assertNothingLeaked(result, List.of(), "leak-fo-A", "leak-fo-B");
    }

    @Test
    void transportOptionsInAScannedProcesssEnvironmentAreShownWithoutTheirPassword() throws Exception {
        // A process that looks like a Celery worker to the scan (its title is the one Celery sets).
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "exec -a '[celeryd: leak@it:MainProcess] -active- (worker -A leaky -P gevent)' sleep 120")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CELERY_BROKER_TRANSPORT_OPTIONS",
                "{\"master_name\": \"mymaster\", \"sentinel_kwargs\": {\"password\": \"" + SENTINEL_PASSWORD + "\"}}");
        builder.environment().put("CELERY_RESULT_BACKEND_OPTIONS", "{'sentinel_kwargs': {'password': '"
                + SENTINEL_PASSWORD + "'}}");
        ManagedProcess worker = ManagedProcess.start(builder, "fake-worker");
        try {
            for (String format : new String[] {"json", "table"}) {
                CommandResult result = run(CelerymonProcess.of("env-check", "--no-probe", "-o", format,
                        "--pid", Long.toString(worker.pid())));

                assertThat(result.stdout()).as(result.describe()).contains("mymaster");
                assertNothingLeaked(result, List.of(), SENTINEL_PASSWORD);
            }
        } finally {
            worker.killTree();
        }
    }

    @Test
    void aFlowerTokenAndAFailoverListsPasswordsAppearNowhereInADiagnoseRun() throws Exception {
        Path junit = dir.resolve("diagnose.xml");
        Path prometheus = dir.resolve("diagnose.prom");
        int closedA = FreePorts.loopback();
        int closedB = FreePorts.loopback();
        try (SilentTcpServer flower = SilentTcpServer.start()) {
            for (String format : new String[] {"json", "table"}) {
                CommandResult result = run(CelerymonProcess.of("diagnose", "--stacktrace",
                        "-b", "redis://:leak-fo-A@127.0.0.1:" + closedA + "/0;redis://:leak-fo-B@127.0.0.1:" + closedB + "/0",
                        "--flower", "http://admin:leak-flower-pw@127.0.0.1:" + flower.port() + "/?token=leak-flower-tok",
                        "--flower-timeout", "0.5", "--deadline", "4", "--no-local-scan", "-o", format,
                        "--junit", junit.toString(), "--prometheus", prometheus.toString()));

                assertThat(result.exitCode()).as(result.describe()).isEqualTo(4);
                if (format.equals("json")) {
                    assertThat(CelerymonRunner.parse(result).path("broker").asText()).isEqualTo("redis://:****@127.0.0.1:"
                            + closedA + "/0;redis://:****@127.0.0.1:" + closedB + "/0");
                }
                assertNothingLeaked(result, List.of(junit, prometheus), "leak-fo-A", "leak-fo-B", "leak-flower-pw",
                        "leak-flower-tok");
            }
        }
    }

    @Test
    void aFailedConnectionToAFailoverListNamesEveryHostWithoutAPassword() throws Exception {
        int closedA = FreePorts.loopback();
        int closedB = FreePorts.loopback();
        CommandResult result = run(CelerymonProcess.of("status", "--stacktrace", "-t", "2",
                "-b", "redis://:leak-fo-A@127.0.0.1:" + closedA + "/0;redis://:leak-fo-B@127.0.0.1:" + closedB + "/0"));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(4);
        assertNothingLeaked(result, List.of(), "leak-fo-A", "leak-fo-B");
    }
}
