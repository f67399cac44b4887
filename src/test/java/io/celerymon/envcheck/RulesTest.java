package io.celerymon.envcheck;

import static io.celerymon.envcheck.Fixtures.app;
import static io.celerymon.envcheck.Fixtures.completed;
import static io.celerymon.envcheck.Fixtures.process;
import static io.celerymon.envcheck.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.findings.Finding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesTest {
    private static final Set<GreenLibrary> GEVENT = Set.of(GreenLibrary.GEVENT, GreenLibrary.GREENLET);
    private static final List<String> LATE = List.of("kombu.utils.eventio._selectf is the original select.select");

    private static ListeningSocket socket(Integer... queue) {
        return new ListeningSocket("127.0.0.1:5555", 1, List.of(queue));
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + ":" + f.severity().label() + ":" + f.subject()).toList();
    }

    @Test
    void aGeventFlowerWhoseQueueNeverDrainsIsCritical() {
        ScannedProcess hung = process(10, ProcessRole.FLOWER, "app", null, false, GEVENT, 1, List.of(socket(2, 3)),
                Map.of());
        List<Finding> findings = new ProcessRules().evaluate(scan(hung));
        assertThat(ids(findings)).containsExactly("listener_not_accepting:critical:pid 10");
        Finding f = findings.get(0);
        assertThat(f.evidence()).containsEntry("accept_queue", List.of(2, 3)).containsEntry("threads", 1)
                .containsEntry("accept_queue_growing", true).containsEntry("listen", "127.0.0.1:5555");
        assertThat(f.remedy()).contains("module that does not monkey-patch");
    }

    @Test
    void aDrainedQueueIsFineButGeventInFlowerIsStillAWarning() {
        ScannedProcess ok = process(11, ProcessRole.OTHER, null, null, false, GEVENT, 1, List.of(socket(0, 0)), Map.of());
        ScannedProcess busy = process(12, ProcessRole.OTHER, null, null, false, GEVENT, 1, List.of(socket(3, 0)), Map.of());
        assertThat(new ProcessRules().evaluate(scan(ok, busy))).isEmpty();
        ScannedProcess flower = process(13, ProcessRole.FLOWER, "app", null, false, GEVENT, 1, List.of(socket(0, 0)),
                Map.of());
        assertThat(ids(new ProcessRules().evaluate(scan(flower)))).containsExactly("flower_gevent_loaded:warn:pid 13");
    }

    @Test
    void aStuckListenerWithoutGeventIsAWarning() {
        ScannedProcess stuck = process(14, ProcessRole.OTHER, null, null, false, Set.of(), 4, List.of(socket(1, 1)),
                Map.of());
        assertThat(ids(new ProcessRules().evaluate(scan(stuck)))).containsExactly("listener_not_accepting:warn:pid 14");
    }

    @Test
    void obsoleteNoPatchAndWorkerEventsOff() {
        ScannedProcess worker = process(20, ProcessRole.WORKER, "app", "gevent", false, GEVENT, 2, List.of(),
                Map.of("GEVENT_NOPATCH", "1"));
        assertThat(ids(new ProcessRules().evaluate(scan(worker))))
                .containsExactly("gevent_nopatch_obsolete:warn:pid 20", "worker_events_off:info:pid 20");
        ScannedProcess flower = process(21, ProcessRole.FLOWER, "app", null, false, Set.of(), 3, List.of(), Map.of());
        ScannedProcess withE = process(22, ProcessRole.WORKER, "app", null, true, Set.of(), 3, List.of(), Map.of());
        assertThat(ids(new ProcessRules().evaluate(scan(worker, flower, withE))))
                .contains("worker_events_off:warn:pid 20").noneMatch(id -> id.endsWith("pid 22"));
    }

    @Test
    void aLatePatchIsCriticalAndPickleAWarning() {
        AppProbe late = app("patching", List.of("socket", "select"), true, LATE,
                Map.of("accept_content", List.of("json", "pickle"), "task_serializer", "json"), List.of());
        List<Finding> findings = new ProbeRules().evaluate(completed(late, Map.of(), "5.2.6", "5.2.4"));
        assertThat(ids(findings)).containsExactly("late_monkey_patch:critical:app patching (/usr/bin/python3)",
                "pickle_accepted:warn:app patching (/usr/bin/python3)");
        assertThat(findings.get(0).evidence()).containsEntry("late_patch_evidence", LATE);
    }

    @Test
    void aCleanAppAndAMatchingPairGiveNothing() {
        AppProbe plain = app("plain", List.of(), false, List.of(), Map.of("accept_content", List.of("json")), List.of());
        assertThat(new ProbeRules().evaluate(completed(plain, Map.of(), "5.2.6", "5.2.4"))).isEmpty();
    }

    @Test
    void probeEnvironmentAndVersions() {
        List<Finding> findings = new ProbeRules().evaluate(completed(null, Map.of("GEVENT_NOPATCH", "1"), "5.3.1",
                "5.2.4"));
        assertThat(ids(findings)).containsExactly("gevent_nopatch_obsolete:warn:python /usr/bin/python3",
                "celery_kombu_mismatch:warn:python /usr/bin/python3");
    }

    @Test
    void anAppWhoseImportHangsIsCriticalWithItsStderrTail() {
        ProbeResult timedOut = new ProbeResult(Fixtures.request("hangs"), ProbeResult.Status.TIMED_OUT, null, 5000,
                "the probe did not finish within 5.0 s and was killed", "line1\nimporting hangs\n", null);
        List<Finding> findings = new ProbeRules().evaluate(timedOut);
        assertThat(ids(findings)).containsExactly("app_import_hangs:critical:app hangs (/usr/bin/python3)");
        assertThat(findings.get(0).summary()).contains("5.0 s", "-A hangs");
        assertThat(findings.get(0).evidence()).containsEntry("stderr_tail", List.of("line1", "importing hangs"));
    }

    @Test
    void aProbeWithoutAppThatTimesOutIsAWarning() {
        ProbeResult timedOut = new ProbeResult(Fixtures.request(null), ProbeResult.Status.TIMED_OUT, null, 5000,
                "the probe did not finish within 5.0 s and was killed", "", null);
        assertThat(ids(new ProbeRules().evaluate(timedOut))).containsExactly("probe_timeout:warn:python /usr/bin/python3");
    }

    @Test
    void anAppCeleryCannotLoadOrThatIsNoCeleryAppIsCritical() {
        AppProbe missing = new AppProbe("nomod", true, false, "Unable to load celery application. The module nomod was "
                + "not found.", false, null, null, 1.0, List.of(), List.of(), false, false, List.of(), List.of(),
                List.of(), Map.of());
        AppProbe flask = new AppProbe("app", true, true, "app is not a Celery application but flask.app.Flask", false,
                "module, its 'app' attribute", "flask.app.Flask", 1.0, List.of(), List.of(), false, false, List.of(),
                List.of(), List.of(), Map.of());
        AppProbe noCelery = new AppProbe("app.celery", false, false, "celery cannot be imported: ModuleNotFoundError: "
                + "No module named 'celery'", false, null, null, 0, List.of(), List.of(), false, false, List.of(),
                List.of(), List.of(), Map.of());

        List<Finding> findings = new java.util.ArrayList<>();
        for (AppProbe app : List.of(missing, flask, noCelery)) {
            findings.addAll(new ProbeRules().evaluate(completed(app, Map.of(), "5.2.6", "5.2.4")));
        }

        assertThat(ids(findings)).containsExactly("app_import_failed:critical:app nomod (/usr/bin/python3)",
                "app_not_celery:critical:app app (/usr/bin/python3)",
                "celery_not_importable:critical:app app.celery (/usr/bin/python3)");
        assertThat(findings.get(0).summary()).contains("The module nomod was not found");
        assertThat(findings.get(1).summary()).contains("flask.app.Flask", "module, its 'app' attribute");
        assertThat(findings.get(1).remedy()).contains("-A app.celery");
    }

    @Test
    void flowerStartedFromThePatchingAppAndGeventWorkersWithBlockingDrivers() {
        AppProbe late = app("app", List.of("socket", "select"), true, LATE, Map.of("worker_pool", "prefork"),
                List.of(new DriverUse("psycopg2", "absent"), new DriverUse("grpc", "unknown")));
        ScannedProcess flower = process(30, ProcessRole.FLOWER, "app.celery", null, false, GEVENT, 1, List.of(),
                Map.of());
        ScannedProcess worker = process(31, ProcessRole.WORKER, "app.celery", "gevent", true, GEVENT, 2, List.of(),
                Map.of());
        ScannedProcess other = process(32, ProcessRole.FLOWER, "other", null, false, Set.of(), 3, List.of(), Map.of());
        List<Finding> findings = new CrossRules().evaluate(scan(flower, worker, other),
                completed(late, Map.of(), "5.2.6", "5.2.4"));
        assertThat(ids(findings)).containsExactly("flower_patched_app:critical:pid 30",
                "gevent_blocking_driver:warn:pid 31", "gevent_blocking_driver:warn:pid 31");
    }

    @Test
    void theProbeDefaultsToAScannedCeleryProcesssInterpreterWhenNobodyElseCanChangeIt() {
        EnvCheckRequest none = new EnvCheckRequest(List.of(), null, null, true, true, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.nio.file.Path.of("/tmp"), Map.of());
        ScannedProcess worker = process(40, ProcessRole.WORKER, "app", null, true, Set.of(), 1, List.of(), Map.of());
        assertThat(EnvCheck.python(none, scan(worker), exe -> true)).isEqualTo("/usr/bin/python3.11");
        assertThat(EnvCheck.python(none, scan(worker), exe -> false)).as("another user's binary is never run")
                .isEqualTo("python3");
        assertThat(EnvCheck.python(none, scan())).isEqualTo("python3");
        EnvCheckRequest explicit = new EnvCheckRequest(List.of(), "/opt/py", null, true, true, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.nio.file.Path.of("/tmp"), Map.of());
        assertThat(EnvCheck.python(explicit, scan(worker))).isEqualTo("/opt/py");
    }
}
