package io.celerymon.envcheck;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a /proc scan into findings; each finding's subject is {@code pid <N>}. */
public final class ProcessRules {

    /** The findings of one scan, in process order. */
    public List<Finding> evaluate(ProcessScan scan) {
        List<Finding> findings = new ArrayList<>();
        boolean flowerRuns = scan.processes().stream().anyMatch(p -> p.role() == ProcessRole.FLOWER);
        for (ScannedProcess process : scan.processes()) {
            stuckListeners(process, findings);
            HubRules.evaluate(process, findings);
            flowerWithGevent(process, findings);
            obsoleteNoPatch(process, findings);
            eventsOff(process, flowerRuns, findings);
        }
        if (!scan.complete()) {
            findings.add(new Finding("scan_incomplete", Severity.INFO, "scan",
                    "The scan's deadline passed before every process was looked at.",
                    Map.of("processes_scanned", scan.processes().size()), "Name the processes with --pid."));
        }
        return findings;
    }

    private static void stuckListeners(ScannedProcess process, List<Finding> findings) {
        for (ListeningSocket socket : process.listening()) {
            if (!socket.neverDrained()) {
                continue;
            }
            boolean green = process.greenLoaded();
            Map<String, Object> evidence = base(process);
            evidence.put("listen", socket.address());
            evidence.put("accept_queue", socket.acceptQueue());
            evidence.put("accept_queue_growing", socket.growing());
            evidence.put("threads", process.threads());
            evidence.put("green_libraries", labels(process));
            String what = process.role() == ProcessRole.FLOWER ? "Flower" : "The process";
            String summary = what + " is not accepting connections on " + socket.address() + ": "
                    + socket.latest() + " waiting in its accept queue across samples"
                    + (green ? ", with " + String.join("/", labels(process)) + " loaded and " + process.threads()
                            + " OS thread" + (process.threads() == 1 ? "" : "s")
                            + ": the signature of a gevent hub blocked by an unpatched call" : "") + ".";
            String remedy = process.role() == ProcessRole.FLOWER || green && process.role() == ProcessRole.OTHER
                    ? Remedies.FLOWER_FROM_LIGHT_MODULE : Remedies.STUCK_LISTENER;
            findings.add(new Finding("listener_not_accepting", green ? Severity.CRITICAL : Severity.WARN,
                    process.subject(), summary, evidence, remedy));
        }
    }

    private static void flowerWithGevent(ScannedProcess process, List<Finding> findings) {
        // A hub proven blocked or busy has its own critical finding, with the same remedy for Flower.
        // greenlet alone proves nothing: Celery itself imports it (celery.utils.threads) wherever it is installed.
        if (process.role() != ProcessRole.FLOWER || !process.greenLibraries().contains(GreenLibrary.GEVENT)
                || process.listening().stream().anyMatch(ListeningSocket::neverDrained)
                || HubRules.provenStuck(process.hub())) {
            return;
        }
        Map<String, Object> evidence = base(process);
        evidence.put("green_modules", process.greenModules());
        evidence.put("threads", process.threads());
        findings.add(new Finding("flower_gevent_loaded", Severity.WARN, process.subject(),
                "Flower runs with " + String.join("/", labels(process)) + " loaded, so its -A module (or something it "
                        + "imports) monkey-patches; it hangs as soon as its event thread blocks the hub.",
                evidence, Remedies.FLOWER_FROM_LIGHT_MODULE));
    }

    private static void obsoleteNoPatch(ScannedProcess process, List<Finding> findings) {
        if (process.environment().containsKey("GEVENT_NOPATCH")) {
            findings.add(ProbeRules.obsoleteNoPatch(process.subject(), process.environment().get("GEVENT_NOPATCH")));
        }
    }

    private static void eventsOff(ScannedProcess process, boolean flowerRuns, List<Finding> findings) {
        if (process.role() != ProcessRole.WORKER || process.events()) {
            return;
        }
        Map<String, Object> evidence = base(process);
        evidence.put("flower_running", flowerRuns);
        findings.add(new Finding("worker_events_off", flowerRuns ? Severity.WARN : Severity.INFO, process.subject(),
                "The worker runs without -E, so it sends no task events (unless worker_send_task_events is set): "
                        + "Flower and celerymon events see heartbeats only.",
                evidence, "Start the worker with -E (or set worker_send_task_events=True), or enable events for a "
                        + "while with celerymon events --enable-events --restore."));
    }

    static Map<String, Object> base(ScannedProcess process) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("role", process.role().label());
        if (process.app() != null) {
            evidence.put("app", process.app());
        }
        if (process.nodeName() != null) {
            evidence.put("node", process.nodeName());
        }
        return evidence;
    }

    static List<String> labels(ScannedProcess process) {
        return process.greenLibraries().stream().sorted().map(GreenLibrary::label).toList();
    }
}
