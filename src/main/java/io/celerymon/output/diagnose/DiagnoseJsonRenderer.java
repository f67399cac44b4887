package io.celerymon.output.diagnose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.diagnose.BlockingMatrix;
import io.celerymon.diagnose.CheckOutcome;
import io.celerymon.diagnose.DiagnoseReport;
import io.celerymon.diagnose.HeartbeatRow;
import io.celerymon.diagnose.LocalProcesses;
import io.celerymon.diagnose.QueueRow;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.output.FindingDocuments;
import io.celerymon.output.Millis;
import io.celerymon.output.OutputJson;
import io.celerymon.output.envcheck.ProcessDocuments;
import java.time.Instant;

/**
 * {@code diagnose -o json}: one document, schema in README ("diagnose JSON").
 *
 * <pre>
 * {"broker", "started", "started_epoch", "elapsed_ms", "fail_on", "failed", "verdict",
 *  "summary": {"checks_run", "ok", "info", "warn", "critical", "not_decided", "not_requested",
 *              "findings": {"ok", "info", "warn", "critical"}},
 *  "checks": [{"name", "status", "severity", "elapsed_ms", "findings": N, "decided", "reason"}],
 *  "findings": [{"check", "id", "severity", "subject", "summary", "evidence", "remedy"}],
 *  "matrix": {"methods", "timeout_ms", "slow_ms", "workers": {W: {M: {"status", "latency_ms", "error"}}}},
 *  "heartbeats": [{"worker", "status", "silence_seconds", "silence_is_lower_bound", "freq"}],
 *  "queues": [{"queue", "messages", "broker_consumers", "answering_consumers", "silent_consumers", "exists"}],
 *  "local_processes": [ProcessDocuments' process, as env-check's "processes"]}
 * </pre>
 */
public final class DiagnoseJsonRenderer {

    private final OutputJson json = new OutputJson();
    private final FindingDocuments findingDocuments = new FindingDocuments();
    private final ProcessDocuments processDocuments = new ProcessDocuments();

    public String render(DiagnoseReport report) {
        return json.pretty(document(report)) + "\n";
    }

    ObjectNode document(DiagnoseReport report) {
        ObjectNode doc = json.object();
        doc.put("broker", report.broker());
        doc.put("started", Instant.ofEpochMilli(Math.round(report.startedEpoch() * 1000)).toString());
        doc.put("started_epoch", report.startedEpoch());
        doc.put("elapsed_ms", Millis.round(report.elapsedMs()));
        doc.put("fail_on", report.failOn().label());
        doc.put("failed", report.failed());
        doc.put("verdict", report.verdict().label());
        ObjectNode summary = doc.putObject("summary");
        summary.put("checks_run", report.checksRun());
        for (Severity s : Severity.values()) {
            summary.put(s.label(), report.checksAt(s));
        }
        summary.put("not_decided", report.undecided().size());
        summary.put("not_requested", report.notRequested().size());
        ObjectNode counts = summary.putObject("findings");
        for (Severity s : Severity.values()) {
            counts.put(s.label(), report.findingsAt(s));
        }
        ArrayNode checks = doc.putArray("checks");
        for (CheckOutcome outcome : report.checks()) {
            ObjectNode check = checks.addObject();
            check.put("name", outcome.check());
            check.put("status", outcome.status().label());
            if (outcome.decided() || !outcome.findings().isEmpty()) {
                check.put("severity", outcome.worst().label());
            } else {
                // Skipped or not requested: it concluded nothing, not "ok".
                check.putNull("severity");
            }
            check.put("elapsed_ms", Millis.round(outcome.elapsedMs()));
            check.put("findings", outcome.findings().size());
            check.put("decided", outcome.decided());
            check.put("reason", outcome.reason());
        }
        ArrayNode findings = doc.putArray("findings");
        for (CheckOutcome outcome : report.checks()) {
            for (Finding finding : outcome.findings()) {
                findings.add(finding(outcome.check(), finding));
            }
        }
        report.data(BlockingMatrix.class).ifPresent(m -> doc.set("matrix", matrix(m)));
        ArrayNode heartbeats = doc.putArray("heartbeats");
        for (HeartbeatRow row : report.rows("heartbeats", HeartbeatRow.class)) {
            ObjectNode node = heartbeats.addObject();
            node.put("worker", row.worker());
            node.put("status", row.status());
            node.put("silence_seconds", Math.round(row.silenceSeconds() * 100) / 100.0);
            node.put("silence_is_lower_bound", row.lowerBound());
            node.put("freq", row.freq());
        }
        ArrayNode queues = doc.putArray("queues");
        for (QueueRow row : report.rows("queues", QueueRow.class)) {
            ObjectNode node = queues.addObject();
            node.put("queue", row.queue());
            node.put("messages", row.messages());
            if (row.brokerConsumers() >= 0) {
                node.put("broker_consumers", row.brokerConsumers());
            } else {
                node.putNull("broker_consumers");
            }
            node.set("answering_consumers", json.strings(row.answering()));
            node.set("silent_consumers", json.strings(row.silent()));
            if (row.exists() == null) {
                node.putNull("exists");
            } else {
                node.put("exists", row.exists());
            }
        }
        ArrayNode local = doc.putArray("local_processes");
        report.data(LocalProcesses.class)
                .ifPresent(l -> l.scan().processes().forEach(p -> local.add(processDocuments.process(p))));
        return doc;
    }

    /** The finding as env-check writes it, preceded by the check that concluded it. */
    private ObjectNode finding(String check, Finding finding) {
        ObjectNode node = json.object();
        node.put("check", check);
        node.setAll(findingDocuments.finding(finding));
        return node;
    }

    private ObjectNode matrix(BlockingMatrix matrix) {
        ObjectNode node = json.object();
        node.set("methods", json.strings(matrix.methods()));
        node.put("timeout_ms", Millis.round(matrix.timeoutMs()));
        node.put("slow_ms", Millis.round(matrix.slowMs()));
        ObjectNode workers = node.putObject("workers");
        matrix.rows().forEach((worker, cells) -> {
            ObjectNode row = workers.putObject(worker);
            cells.forEach((method, cell) -> {
                ObjectNode c = row.putObject(method);
                c.put("status", cell.status().label());
                if (Double.isNaN(cell.latencyMs())) {
                    c.putNull("latency_ms");
                } else {
                    c.put("latency_ms", Millis.round(cell.latencyMs()));
                }
                if (cell.error() != null) {
                    c.put("error", cell.error());
                }
            });
        });
        return node;
    }
}
