package io.celerymon.envcheck;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings that need both the scan and the app probe: what the probed app means for the running processes. */
public final class CrossRules {

    /** The findings for processes running the probed app; none without a completed app probe. */
    public List<Finding> evaluate(ProcessScan scan, ProbeResult probe) {
        List<Finding> findings = new ArrayList<>();
        if (probe == null || probe.report() == null || probe.report().app() == null) {
            return findings;
        }
        AppProbe app = probe.report().app();
        for (ScannedProcess process : scan.processes()) {
            if (!CeleryCommandLine.sameApp(process.app(), app.spec())) {
                continue;
            }
            if (process.role() == ProcessRole.FLOWER && app.patchedDuringImport()) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("app", process.app());
                evidence.put("gevent_patched", app.geventPatched());
                evidence.put("late_patch", app.latePatch());
                evidence.put("green_libraries", process.greenLibraries().stream().sorted().map(GreenLibrary::label)
                        .toList());
                findings.add(new Finding("flower_patched_app", Severity.CRITICAL, process.subject(),
                        "Flower is started with -A " + process.app() + ", a module that monkey-patches on import.",
                        evidence, Remedies.FLOWER_FROM_LIGHT_MODULE));
            }
            if (process.role() == ProcessRole.WORKER && "gevent".equals(process.pool())) {
                blockingDrivers(process, app, findings);
            }
        }
        if (scan.processes().stream().noneMatch(p -> CeleryCommandLine.sameApp(p.app(), app.spec()))
                && "gevent".equals(app.setting("worker_pool"))) {
            blockingDrivers(null, app, findings);
        }
        return findings;
    }

    private static void blockingDrivers(ScannedProcess worker, AppProbe app, List<Finding> findings) {
        for (DriverUse driver : app.drivers()) {
            if (driver.geventIntegration().equals("present")) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("driver", driver.name());
            evidence.put("gevent_integration", driver.geventIntegration());
            evidence.put("pool", "gevent");
            String fix = driver.name().startsWith("psycopg2") ? "call psycogreen.gevent.patch_psycopg() at start-up"
                    : driver.name().equals("grpc") ? "call grpc.experimental.gevent.init_gevent() at start-up"
                    : "use a driver mode that yields to gevent (psycopg 3 with a gevent-aware wait)";
            findings.add(new Finding("gevent_blocking_driver", Severity.WARN,
                    worker != null ? worker.subject() : "app " + app.spec(),
                    "A gevent worker loads " + driver.name() + " without its gevent integration ("
                            + driver.geventIntegration() + "): each call blocks the whole hub, and heartbeats and "
                            + "remote control stall with it.",
                    evidence, "In the worker, " + fix + "; or run these tasks on a prefork or threads worker."));
        }
    }
}
