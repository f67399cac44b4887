package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryVersion;
import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * env-check's probe in a Python whose Celery is 5.5 (the tree of scripts/celery55.sh in front of
 * Debian 12's packages): the versions it reports, and the Celery/kombu rule on a fitting pair and on
 * Celery 5.5 over Debian 12's kombu 5.2.
 */
class EnvCheck55IT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String NOT_PYTHON = Long.toString(ProcessHandle.current().pid());

    private static Path scripts;
    private static Path site;

    @BeforeAll
    static void findTree() throws Exception {
        CeleryVersion.V5_5.require();
        site = CeleryVersion.V5_5.sitePackages().orElseThrow();
        scripts = Path.of(EnvCheck55IT.class.getResource("/envcheck/plain_app.py").toURI()).getParent();
    }

    private static JsonNode probe(String pythonPath, int expectedExit) {
        CommandResult result = CelerymonProcess.of("env-check", "--python", PYTHON, "--app", "plain_app", "-o", "json",
                "--pid", NOT_PYTHON).env("PYTHONPATH", pythonPath).timeout(Duration.ofSeconds(90)).run();
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(expectedExit);
        return CelerymonRunner.parse(result);
    }

    private static List<JsonNode> findings(JsonNode doc, String id) {
        return StreamSupport.stream(doc.path("findings").spliterator(), false)
                .filter(f -> f.path("id").asText().equals(id)).toList();
    }

    @Test
    void theProbeReportsCelery55AndItsKombuAsAFittingPair() {
        JsonNode doc = probe(scripts + ":" + site, 0);
        JsonNode packages = doc.path("probe").path("report").path("packages");
        assertThat(packages.path("celery").asText()).isEqualTo("5.5.2");
        assertThat(packages.path("kombu").asText()).isEqualTo("5.5.3");
        assertThat(packages.path("billiard").asText()).isEqualTo("4.2.1");
        assertThat(packages.path("redis").asText()).isEqualTo("6.1.0");
        assertThat(packages.path("amqp").asText()).isEqualTo("5.3.1");
        // gevent is still Debian 12's: the tree holds only Celery and its transport libraries.
        assertThat(packages.path("gevent").asText()).isEqualTo("22.10.2");
        assertThat(doc.path("probe").path("report").path("app").path("anything_patched").asBoolean()).isFalse();
        assertThat(findings(doc, "celery_kombu_mismatch")).isEmpty();
    }

    @Test
    void celery55OverDebian12sKombu52IsAMismatchByCeleryDeclaredRequirement() throws Exception {
        try (TempDir onlyCelery = TempDir.create("celery55-alone")) {
            // Celery 5.5 (and the billiard and vine it needs) without its kombu: Python finds 5.2.4.
            try (var entries = Files.list(site)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (name.startsWith("celery") || name.startsWith("billiard") || name.startsWith("vine")) {
                        Files.createSymbolicLink(onlyCelery.resolve(name), entry);
                    }
                }
            }
            // Celery 5.5 does not even import over kombu 5.2 (it needs kombu.transport.native_delayed_delivery):
            // that is the critical finding, and the exit code 1; the version rule says why.
            JsonNode doc = probe(scripts + ":" + onlyCelery.path(), 1);
            JsonNode packages = doc.path("probe").path("report").path("packages");
            assertThat(packages.path("celery").asText()).isEqualTo("5.5.2");
            assertThat(packages.path("kombu").asText()).isEqualTo("5.2.4");
            assertThat(findings(doc, "celery_kombu_mismatch")).singleElement().satisfies(f -> {
                assertThat(f.path("severity").asText()).isEqualTo("warn");
                assertThat(f.path("summary").asText()).contains("celery 5.5.2 requires kombu")
                        .contains(">=5.5.2").contains("installed kombu is 5.2.4");
                assertThat(f.path("evidence").path("celery").asText()).isEqualTo("5.5.2");
                assertThat(f.path("evidence").path("kombu").asText()).isEqualTo("5.2.4");
            });
            assertThat(findings(doc, "celery_not_importable")).singleElement()
                    .satisfies(f -> assertThat(f.path("summary").asText()).contains("kombu"));
        }
    }
}
