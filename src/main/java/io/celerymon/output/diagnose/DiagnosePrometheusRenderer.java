package io.celerymon.output.diagnose;

import io.celerymon.diagnose.BlockingMatrix;
import io.celerymon.diagnose.CheckOutcome;
import io.celerymon.diagnose.DiagnoseReport;
import io.celerymon.diagnose.HeartbeatRow;
import io.celerymon.diagnose.QueueRow;
import io.celerymon.findings.Severity;
import java.util.Locale;

/**
 * {@code diagnose --prometheus FILE}: node-exporter textfile-collector format, every metric named
 * {@code celerymon_…} with its HELP and TYPE lines. Label values are escaped as the format asks.
 */
public final class DiagnosePrometheusRenderer {

    public String render(DiagnoseReport report) {
        StringBuilder out = new StringBuilder();
        gauge(out, "celerymon_diagnose_last_run_timestamp_seconds", "When the diagnose run started, epoch seconds.");
        sample(out, "celerymon_diagnose_last_run_timestamp_seconds", "", report.startedEpoch());
        gauge(out, "celerymon_diagnose_duration_seconds", "Wall time of the diagnose run.");
        sample(out, "celerymon_diagnose_duration_seconds", "", report.elapsedMs() / 1000);
        gauge(out, "celerymon_diagnose_failed",
                "1 if a finding reached the fail level or a requested check could not decide, else 0.");
        sample(out, "celerymon_diagnose_failed", label("fail_on", report.failOn().label()), report.failed() ? 1 : 0);
        gauge(out, "celerymon_diagnose_findings", "Findings of the run by severity.");
        for (Severity s : Severity.values()) {
            sample(out, "celerymon_diagnose_findings", label("severity", s.label()), report.findingsAt(s));
        }
        gauge(out, "celerymon_diagnose_checks_not_decided",
                "Requested checks that failed, timed out, were skipped (no broker) or not checked (no time).");
        sample(out, "celerymon_diagnose_checks_not_decided", "", report.undecided().size());
        gauge(out, "celerymon_diagnose_check_severity",
                "Worst severity of each requested check: 0 ok, 1 info, 2 warn, 3 critical; -1 when it could not decide.");
        for (CheckOutcome check : report.checks()) {
            if (check.requested()) {
                sample(out, "celerymon_diagnose_check_severity", label("check", check.check()),
                        check.decided() ? check.worst().ordinal() : -1);
            }
        }
        gauge(out, "celerymon_diagnose_check_decided",
                "1 if the requested check ran to its conclusion, 0 if it failed, timed out, was skipped or not checked.");
        for (CheckOutcome check : report.checks()) {
            if (check.requested()) {
                sample(out, "celerymon_diagnose_check_decided", label("check", check.check()), check.decided() ? 1 : 0);
            }
        }
        report.data(BlockingMatrix.class).ifPresent(matrix -> {
            gauge(out, "celerymon_inspect_latency_seconds", "Reply latency per worker and inspect method; absent on timeout.");
            matrix.rows().forEach((worker, cells) -> cells.forEach((method, cell) -> {
                if (Double.isFinite(cell.latencyMs())) {
                    sample(out, "celerymon_inspect_latency_seconds",
                            label("worker", worker) + "," + label("method", method), cell.latencyMs() / 1000);
                }
            }));
            gauge(out, "celerymon_inspect_timeout", "1 if the worker did not answer the inspect method in time, else 0.");
            matrix.rows().forEach((worker, cells) -> cells.forEach((method, cell) ->
                    sample(out, "celerymon_inspect_timeout", label("worker", worker) + "," + label("method", method),
                            cell.status() == BlockingMatrix.Status.TIMEOUT ? 1 : 0)));
        });
        var heartbeats = report.rows("heartbeats", HeartbeatRow.class);
        if (!heartbeats.isEmpty()) {
            gauge(out, "celerymon_worker_heartbeat_age_seconds",
                    "Seconds since the worker's last heartbeat (a lower bound when none was seen).");
            heartbeats.forEach(h -> sample(out, "celerymon_worker_heartbeat_age_seconds", label("worker", h.worker()),
                    h.silenceSeconds()));
        }
        var queues = report.rows("queues", QueueRow.class);
        if (!queues.isEmpty()) {
            gauge(out, "celerymon_queue_messages", "Messages waiting in the queue, all priorities.");
            queues.forEach(q -> sample(out, "celerymon_queue_messages", label("queue", q.queue()), q.messages()));
            gauge(out, "celerymon_queue_answering_consumers", "Workers consuming the queue that answered this run.");
            queues.forEach(q -> sample(out, "celerymon_queue_answering_consumers", label("queue", q.queue()),
                    q.answering().size()));
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6f", value);
    }

    static String label(String name, String value) {
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return name + "=\"" + escaped + "\"";
    }
}
