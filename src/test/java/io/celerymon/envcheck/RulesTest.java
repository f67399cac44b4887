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
    void greenletAloneInFlowerIsNoGevent() {
        // Celery imports greenlet wherever it is installed (celery.utils.threads): no sign of patching.
        ScannedProcess flower = process(14, ProcessRole.FLOWER, "app", null, false, Set.of(GreenLibrary.GREENLET), 1,
                List.of(socket(0, 0)), Map.of());
        assertThat(new ProcessRules().evaluate(scan(flower))).isEmpty();
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

    private static HubState hub(HubState.Kind kind, String syscall, double share, List<WaitTarget> waits, String error) {
        return new HubState(kind, "gevent", 10, "S", syscall, "poll_schedule_timeout", share, waits,
                List.of(new HubSample("S", syscall, "poll_schedule_timeout", 5),
                        new HubSample("S", syscall, "poll_schedule_timeout", 5)), 500, error);
    }

    private static final WaitTarget REDIS = new WaitTarget(9, "tcp", "127.0.0.1:41234", "127.0.0.1:6379", "socket:[7]");

    @Test
    void aHubHeldInACallIsCriticalAndNamesTheCallAndItsPeer() {
        ScannedProcess flower = process(10, ProcessRole.FLOWER, "app", null, false, GEVENT, 1, List.of(socket(0, 0)),
                Map.of()).withHub(hub(HubState.Kind.BLOCKED_IN_CALL, "pselect6", 0, List.of(REDIS), null));
        List<Finding> findings = new ProcessRules().evaluate(scan(flower));
        // The Flower gevent warning would only repeat what the critical finding proves.
        assertThat(ids(findings)).containsExactly("hub_blocked_in_call:critical:pid 10");
        Finding f = findings.get(0);
        assertThat(f.summary()).isEqualTo("The gevent hub (main thread) has waited in pselect6() on TCP 127.0.0.1:41234 "
                + "→ 127.0.0.1:6379 in both samples, 0.5 s apart, instead of epoll_wait: an unpatched blocking call "
                + "holds the hub.");
        assertThat(f.evidence()).containsEntry("syscall", "pselect6").containsEntry("fds", List.of(9))
                .containsEntry("interval_ms", 500L).containsKey("samples").containsEntry("wchan", "poll_schedule_timeout");
        assertThat(f.remedy()).contains("module that does not monkey-patch");

        ScannedProcess worker = process(11, ProcessRole.WORKER, "app", "gevent", true, GEVENT, 1, List.of(), Map.of())
                .withHub(hub(HubState.Kind.BLOCKED_IN_CALL, "recvfrom", 0, List.of(REDIS), null));
        Finding w = new ProcessRules().evaluate(scan(worker)).get(0);
        assertThat(w.remedy()).contains("psycogreen").contains("init_gevent()").contains("py-spy dump --pid 11");
    }

    @Test
    void aBusyHubIsCriticalWithItsShare() {
        ScannedProcess worker = process(12, ProcessRole.WORKER, "app", "gevent", true, GEVENT, 1, List.of(), Map.of())
                .withHub(hub(HubState.Kind.BUSY_CPU, "running", 0.973, List.of(), null));
        Finding f = new ProcessRules().evaluate(scan(worker)).get(0);
        assertThat(f.id()).isEqualTo("hub_busy_cpu");
        assertThat(f.severity()).isEqualTo(io.celerymon.findings.Severity.CRITICAL);
        assertThat(f.summary()).contains("busy on CPU (97 % of a core over 0.5 s): a CPU-bound task");
        assertThat(f.evidence()).containsEntry("cpu_share", 0.97);
        assertThat(f.remedy()).contains("prefork").contains("gevent.sleep(0)");
        // A busy main thread of a process without a hub is just a busy program.
        ScannedProcess plain = process(13, ProcessRole.WORKER, "app", null, true, Set.of(), 1, List.of(), Map.of())
                .withHub(new HubState(HubState.Kind.BUSY_CPU, null, 13, "R", "running", null, 0.99, List.of(),
                        List.of(), 500, null));
        assertThat(new ProcessRules().evaluate(scan(plain))).noneMatch(x -> x.id().equals("hub_busy_cpu"));
    }

    @Test
    void unreadableThreadsAreAWarningSayingWhatAndWhy() {
        ScannedProcess worker = process(14, ProcessRole.WORKER, "app", "gevent", true, GEVENT, 1, List.of(), Map.of())
                .withHub(hub(HubState.Kind.UNREADABLE, null, -1, List.of(), "/proc/14/task/14/syscall: Permission denied"));
        List<Finding> findings = new ProcessRules().evaluate(scan(worker));
        assertThat(ids(findings)).contains("thread_state_unreadable:warn:pid 14");
        Finding f = findings.stream().filter(x -> x.id().equals("thread_state_unreadable")).findFirst().orElseThrow();
        assertThat(f.summary()).contains("/proc/14/task/14/syscall: Permission denied");
        assertThat(f.remedy()).contains("ptrace_scope");
    }

    @Test
    void anIdleHubIsNoFinding() {
        ScannedProcess worker = process(15, ProcessRole.WORKER, "app", "gevent", true, GEVENT, 1, List.of(), Map.of())
                .withHub(hub(HubState.Kind.EVENT_LOOP, "epoll_wait", 0, List.of(), null));
        assertThat(new ProcessRules().evaluate(scan(worker))).isEmpty();
    }

    @Test
    void aProcessThatExitedBetweenTheSamplesIsNoFinding() {
        ScannedProcess worker = process(16, ProcessRole.WORKER, "app", "gevent", true, GEVENT, 1, List.of(), Map.of())
                .withHub(new HubState(HubState.Kind.EXITED, "gevent", 16, null, null, null, -1, List.of(),
                        List.of(new HubSample("S", "epoll_wait", null, 5)), 0, "the process exited between the samples"));
        assertThat(new ProcessRules().evaluate(scan(worker))).isEmpty();
    }

    @Test
    void unreadableThreadsWarnOnlyWhereAHubVerdictMatters() {
        HubState unreadable = hub(HubState.Kind.UNREADABLE, null, -1, List.of(), "/proc/17/task/17/syscall: Permission "
                + "denied");
        ScannedProcess beat = process(17, ProcessRole.BEAT, "app", null, false, Set.of(), 1, List.of(), Map.of())
                .withHub(unreadable);
        ScannedProcess prefork = process(18, ProcessRole.WORKER, "app", null, true, Set.of(), 1, List.of(), Map.of())
                .withHub(unreadable);
        ScannedProcess flower = process(19, ProcessRole.FLOWER, "app", null, false, Set.of(), 1, List.of(), Map.of())
                .withHub(unreadable);
        assertThat(ids(new ProcessRules().evaluate(scan(beat, prefork, flower)))
                .stream().filter(id -> id.startsWith("thread_state_unreadable")).toList())
                .containsExactly("thread_state_unreadable:warn:pid 19");
    }

    @Test
    void aPollOnOneTcpPeerLeadsWithTheCooperativeDriverAndAMultiFdSelectWithTheLatePatch() {
        ScannedProcess onePeer = process(20, ProcessRole.WORKER, "app", "gevent", true, GEVENT, 1, List.of(), Map.of())
                .withHub(hub(HubState.Kind.BLOCKED_IN_CALL, "poll", 0, List.of(REDIS), null));
        assertThat(HubRules.remedy(onePeer).orElseThrow()).startsWith("Make the blocking driver cooperative")
                .contains("If something monkey-patches late: Do not call patch_all()");
        WaitTarget pipe = new WaitTarget(4, "pipe", null, null, "pipe:[55]");
        ScannedProcess manyFds = process(21, ProcessRole.WORKER, "app", "gevent", true, GEVENT, 1, List.of(), Map.of())
                .withHub(hub(HubState.Kind.BLOCKED_IN_CALL, "select", 0, List.of(pipe, REDIS), null));
        assertThat(HubRules.remedy(manyFds).orElseThrow()).startsWith("Do not call patch_all()")
                .contains("If nothing patches late: Make the blocking driver cooperative");
    }
}
