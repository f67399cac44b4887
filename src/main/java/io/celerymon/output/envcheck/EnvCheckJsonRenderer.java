package io.celerymon.output.envcheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.envcheck.AppProbe;
import io.celerymon.envcheck.DriverUse;
import io.celerymon.envcheck.EnvCheckReport;
import io.celerymon.envcheck.FlowerAnswer;
import io.celerymon.envcheck.ProbeReport;
import io.celerymon.envcheck.ProbeResult;
import io.celerymon.findings.Severity;
import io.celerymon.output.FindingDocuments;
import io.celerymon.output.OutputJson;
import io.celerymon.secrets.SecretText;

/**
 * {@code env-check -o json}: one document, {@code {"fail_on", "scan", "processes", "probe",
 * "findings"}}; the shape is documented in the README. Keys are snake_case (environment variable
 * names and Celery setting names are kept as they are); secrets were masked when the report was
 * made and URL passwords are masked again here.
 */
public final class EnvCheckJsonRenderer {
    private final OutputJson json = new OutputJson();
    private final ObjectMapper mapper = OutputJson.newMapper();
    private final FindingDocuments findings = new FindingDocuments();
    private final ProcessDocuments processDocuments = new ProcessDocuments();

    /** The document, indented, with a final newline. */
    public String render(EnvCheckReport report, Severity failOn) {
        return json.pretty(document(report, failOn)) + "\n";
    }

    /** The document described on this class. */
    public ObjectNode document(EnvCheckReport report, Severity failOn) {
        ObjectNode doc = json.object();
        doc.put("fail_on", failOn.label());
        ObjectNode scan = doc.putObject("scan");
        scan.put("complete", report.scan().complete());
        scan.put("unreadable", report.scan().unreadable());
        scan.put("sample_interval_ms", report.scan().sampleIntervalMs());
        ArrayNode processes = doc.putArray("processes");
        report.scan().processes().forEach(p -> processes.add(processDocuments.process(p)));
        ArrayNode asked = doc.putArray("flower_checks");
        report.flowerAnswers().forEach(a -> asked.add(flowerAnswer(a)));
        if (report.probe() == null) {
            doc.putNull("probe");
        } else {
            doc.set("probe", probe(report.probe()));
        }
        doc.set("findings", findings.findings(report.findings()));
        return doc;
    }

    private ObjectNode flowerAnswer(FlowerAnswer answer) {
        ObjectNode node = json.object();
        node.put("pid", answer.pid());
        node.put("listen", answer.listen());
        node.put("request", "GET /healthcheck");
        node.put("target", answer.target());
        node.put("network_namespace", answer.namespace());
        node.put("answered", answer.answered());
        node.put("outcome", answer.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (answer.status() > 0) {
            node.put("http_status", answer.status());
        } else {
            node.putNull("http_status");
        }
        node.put("waited_ms", answer.waitedMs());
        node.put("error", SecretText.mask(answer.error()));
        return node;
    }

    private ObjectNode probe(ProbeResult result) {
        ObjectNode node = json.object();
        node.put("python", result.request().python());
        node.put("app", result.request().app());
        // Whose context the probe ran in: a process's namespaces, user and directory, or null for here.
        if (result.request().context() == null) {
            node.putNull("context");
        } else {
            node.set("context", processDocuments.context(result.request().context()));
        }
        node.put("status", result.status().label());
        if (result.exitCode() == null) {
            node.putNull("exit_code");
        } else {
            node.put("exit_code", result.exitCode());
        }
        node.put("elapsed_ms", result.elapsedMs());
        node.put("error", SecretText.mask(result.error()));
        node.put("stderr_tail", SecretText.mask(result.stderrTail()));
        ProbeReport report = result.report();
        if (report == null) {
            node.putNull("report");
            return node;
        }
        ObjectNode r = node.putObject("report");
        r.put("executable", report.executable());
        r.put("python_version", report.pythonVersion());
        if (report.process() == null) {
            r.putNull("process");
        } else {
            ObjectNode process = r.putObject("process");
            process.put("pid", report.process().pid());
            process.put("uid", report.process().uid());
            process.put("gid", report.process().gid());
            process.put("cwd", report.process().cwd());
        }
        ObjectNode packages = r.putObject("packages");
        report.packages().forEach(packages::put);
        ObjectNode env = r.putObject("environment");
        report.environment().forEach((k, v) -> env.put(k, SecretText.mask(v)));
        AppProbe app = report.app();
        if (app == null) {
            r.putNull("app");
            return node;
        }
        ObjectNode a = r.putObject("app");
        a.put("spec", app.spec());
        a.put("celery_importable", app.celeryImportable());
        a.put("imported", app.imported());
        a.put("error", app.error());
        a.put("app_found", app.appFound());
        a.put("form", app.form());
        a.put("app_type", app.appType());
        a.put("import_ms", app.importMs());
        a.put("anything_patched", app.anythingPatched());
        ObjectNode patched = a.putObject("patched");
        patched.set("gevent", json.strings(app.geventPatched()));
        patched.set("eventlet", json.strings(app.eventletPatched()));
        a.put("patched_before_import", app.patchedBeforeImport());
        a.put("patched_during_import", app.patchedDuringImport());
        a.put("late_patch", app.latePatch());
        a.set("late_patch_evidence", json.strings(app.latePatchEvidence()));
        a.set("monkey_patch_warnings", json.strings(app.monkeyPatchWarnings()));
        ArrayNode drivers = a.putArray("drivers");
        for (DriverUse driver : app.drivers()) {
            drivers.addObject().put("name", driver.name()).put("gevent_integration", driver.geventIntegration());
        }
        a.set("settings", mapper.valueToTree(app.settings()));
        return node;
    }
}
