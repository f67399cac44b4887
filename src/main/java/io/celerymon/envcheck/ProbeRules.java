package io.celerymon.envcheck;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a probe run into findings; each finding's subject is the probe's ({@code app MODULE (python)}
 * or {@code python PATH}).
 */
public final class ProbeRules {

    /** The findings of one probe run. */
    public List<Finding> evaluate(ProbeResult result) {
        List<Finding> findings = new ArrayList<>();
        String subject = result.request().subject();
        if (result.status() != ProbeResult.Status.COMPLETED) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("python", result.request().python());
            if (result.request().app() != null) {
                evidence.put("app", result.request().app());
            }
            evidence.put("elapsed_ms", result.elapsedMs());
            if (result.exitCode() != null) {
                evidence.put("exit_code", result.exitCode());
            }
            evidence.put("stderr_tail", lastLines(result.stderrTail(), 8));
            boolean timedOut = result.status() == ProbeResult.Status.TIMED_OUT;
            if (timedOut && result.request().app() != null) {
                // What hangs the probe's import hangs a worker, beat or Flower started with this app too.
                findings.add(new Finding("app_import_hangs", Severity.CRITICAL, subject,
                        "Importing " + result.request().app() + " did not finish within "
                                + result.request().timeout().toMillis() / 1000.0 + " s: a worker, beat or Flower "
                                + "started with -A " + result.request().app() + " hangs the same way.",
                        evidence, "Importing the app must not block: move start-up work (servers, connections, "
                                + "waits) out of module import; raise --timeout if the import is merely slow."));
            } else {
                findings.add(new Finding(timedOut ? "probe_timeout" : "probe_failed", Severity.WARN, subject,
                        result.error(), evidence, timedOut
                                ? "Raise --timeout if the interpreter is merely slow to start."
                                : "Check --python (an interpreter with Celery installed) and that --app imports "
                                        + "from the current directory."));
            }
            return findings;
        }
        ProbeReport report = result.report();
        if (report.environment().containsKey("GEVENT_NOPATCH")) {
            findings.add(obsoleteNoPatch(subject, report.environment().get("GEVENT_NOPATCH")));
        }
        CeleryKombuCompatibility.problem(report.version("celery"), report.version("kombu"), report.celeryRequires())
                .ifPresent(problem -> findings.add(new Finding("celery_kombu_mismatch", Severity.WARN, subject,
                        "Celery and kombu versions do not fit: " + problem + ".",
                        evidence("celery", report.version("celery"), "kombu", report.version("kombu")),
                        "Install the kombu release that goes with this Celery (the same minor version).")));
        if (report.app() != null) {
            app(subject, report.app(), findings);
        }
        return findings;
    }

    private static void app(String subject, AppProbe app, List<Finding> findings) {
        if (!app.celeryImportable()) {
            findings.add(new Finding("celery_not_importable", Severity.CRITICAL, subject,
                    "Celery itself cannot be imported by this interpreter, so " + app.spec() + " could not be checked: "
                            + app.error(), evidence("error", app.error()),
                    "Pass --python the interpreter the workers run (the one with celery installed)."));
        } else if (!app.imported()) {
            findings.add(new Finding("app_import_failed", Severity.CRITICAL, subject,
                    "celery -A " + app.spec() + " cannot load the app: " + app.error(), evidence("error", app.error()),
                    "Run from the directory celery -A runs from, with the same environment, or name the app in a "
                            + "form celery -A takes: module.attr, module:attr, or a module with an 'app' or "
                            + "'celery' attribute."));
        } else if (!app.appFound()) {
            findings.add(new Finding("app_not_celery", Severity.CRITICAL, subject,
                    "celery -A " + app.spec() + " resolves to " + app.appType() + " (" + app.form() + "), not a Celery "
                            + "application: celery takes it and fails on it.",
                    evidence("form", app.form(), "app_type", app.appType()),
                    "Name the Celery instance itself, e.g. -A " + app.spec() + ".celery when the module's 'app' is a "
                            + "Flask app (as in Dify's app.py)."));
        } else if (app.error() != null) {
            findings.add(new Finding("app_settings_unreadable", Severity.WARN, subject, app.error(),
                    evidence("error", app.error()), "Check the app's configuration."));
        }
        if (app.latePatch()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("patched_during_import", true);
            evidence.put("gevent_patched", app.geventPatched());
            evidence.put("late_patch_evidence", app.latePatchEvidence());
            evidence.put("monkey_patch_warnings", app.monkeyPatchWarnings());
            findings.add(new Finding("late_monkey_patch", Severity.CRITICAL, subject,
                    "Importing " + app.spec() + " monkey-patches with gevent after celery and kombu were imported: "
                            + "kombu keeps the real, blocking select, so a Tornado/asyncio process such as Flower that "
                            + "imports this module hangs (it accepts connections and never answers).",
                    evidence, Remedies.PATCH_FIRST_OR_NOT_AT_ALL));
        } else if (app.patchedDuringImport()) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("gevent_patched", app.geventPatched());
            evidence.put("eventlet_patched", app.eventletPatched());
            findings.add(new Finding("app_monkey_patches", Severity.WARN, subject,
                    "Importing " + app.spec() + " monkey-patches the standard library; every process that loads it "
                            + "(Flower included) runs on green threads.",
                    evidence, Remedies.PATCH_FIRST_OR_NOT_AT_ALL));
        }
        List<?> accept = app.settings().get("accept_content") instanceof List<?> list ? list : List.of();
        if (accept.stream().anyMatch(a -> String.valueOf(a).contains("pickle"))
                || "pickle".equals(app.setting("task_serializer"))) {
            findings.add(new Finding("pickle_accepted", Severity.WARN, subject,
                    "The app accepts pickle: anyone who can write to the broker can run code in its workers.",
                    evidence("accept_content", accept, "task_serializer", app.setting("task_serializer")),
                    "Use accept_content=['json'] and task_serializer='json'."));
        }
    }

    /** The GEVENT_NOPATCH finding, for a process's or the probe's environment. */
    static Finding obsoleteNoPatch(String subject, String value) {
        return new Finding("gevent_nopatch_obsolete", Severity.WARN, subject,
                "GEVENT_NOPATCH is set, but Celery has ignored it since 3.1 (2013): it does not stop any "
                        + "monkey-patching.",
                evidence("variable", "GEVENT_NOPATCH", "value", value),
                "Remove GEVENT_NOPATCH; to keep a process unpatched, do not import a module that calls patch_all().");
    }

    private static Map<String, Object> evidence(Object... pairs) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                evidence.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return evidence;
    }

    private static List<String> lastLines(String text, int count) {
        List<String> lines = text == null ? List.of() : text.strip().lines().toList();
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }
}
