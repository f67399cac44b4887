package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.secrets.SecretText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The heart of diagnose-blocking: every inspect method Flower calls, plus ping, for every
 * worker — ok, slow, timeout or error, with latency. A worker that times out on the methods
 * Flower needs is what makes Flower's pages hang or show it offline.
 */
final class BlockingMatrixCheck implements Check {

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
        InspectRound round = context.inspect(deadline);
        double slowMs = context.settings().slow().toNanos() / 1e6;
        double timeoutMs = context.settings().callTimeout().toNanos() / 1e6;
        Map<String, Map<String, BlockingMatrix.Cell>> rows = new LinkedHashMap<>();
        for (String worker : round.workers()) {
            Map<String, BlockingMatrix.Cell> cells = new LinkedHashMap<>();
            for (String method : InspectRound.METHODS) {
                cells.put(method, cell(round.reply(method, worker), slowMs));
            }
            rows.put(worker, cells);
        }
        BlockingMatrix matrix = new BlockingMatrix(InspectRound.METHODS, timeoutMs, slowMs, rows);
        List<Finding> findings = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        for (String worker : rows.keySet()) {
            List<String> timedOut = matrix.methodsWith(worker, BlockingMatrix.Status.TIMEOUT);
            List<String> errors = matrix.methodsWith(worker, BlockingMatrix.Status.ERROR);
            List<String> slow = matrix.methodsWith(worker, BlockingMatrix.Status.SLOW);
            if (!timedOut.isEmpty()) {
                boolean all = timedOut.size() == InspectRound.METHODS.size();
                findings.add(new Finding("inspect_timeout", Severity.CRITICAL, worker,
                        worker + (all ? " answered none of the " + timedOut.size() + " inspect methods"
                                : " did not answer " + String.join(", ", timedOut))
                                + " within " + Evidence.seconds(timeoutMs / 1000) + " s.",
                        Evidence.of("timed_out_methods", timedOut).and("timeout_ms", timeoutMs)
                                .and("answered_methods", answered(matrix, worker)).map(),
                        "Flower shows this worker offline or hangs on its pages; see the pool and heartbeats findings for why."));
            }
            if (!errors.isEmpty()) {
                Map<String, Object> texts = new LinkedHashMap<>();
                errors.forEach(m -> texts.put(m, rows.get(worker).get(m).error()));
                findings.add(new Finding("inspect_error", Severity.WARN, worker,
                        worker + " answered " + String.join(", ", errors) + " with an error.",
                        Evidence.of("errors", texts).map(),
                        "Read the worker's log; a serializer other than JSON or a Celery version mismatch are the usual causes."));
            }
            if (!slow.isEmpty()) {
                Map<String, Object> latencies = new LinkedHashMap<>();
                slow.forEach(m -> latencies.put(m, Evidence.ms(rows.get(worker).get(m).latencyMs())));
                findings.add(new Finding("inspect_slow", Severity.WARN, worker,
                        worker + " answered " + String.join(", ", slow) + " slower than " + Math.round(slowMs) + " ms.",
                        Evidence.of("latency_ms", latencies).and("slow_ms", slowMs).map(),
                        "The worker's event loop is busy; look for long synchronous work in tasks on it."));
            }
            if (timedOut.isEmpty() && errors.isEmpty() && slow.isEmpty()) {
                healthy.add(worker);
            }
        }
        if (!healthy.isEmpty()) {
            double slowest = healthy.stream().flatMap(w -> rows.get(w).values().stream())
                    .mapToDouble(BlockingMatrix.Cell::latencyMs).max().orElse(0);
            findings.add(0, new Finding("inspect_ok", Severity.OK, "workers",
                    healthy.size() + " worker(s) answered all " + InspectRound.METHODS.size()
                            + " inspect methods, slowest reply " + Evidence.ms(slowest) + " ms.",
                    Evidence.of("workers", healthy).and("slowest_ms", Evidence.ms(slowest)).map(), ""));
        }
        return new CheckResult(findings, matrix);
    }

    private static List<String> answered(BlockingMatrix matrix, String worker) {
        return matrix.methods().stream()
                .filter(m -> matrix.rows().get(worker).get(m).status() != BlockingMatrix.Status.TIMEOUT).toList();
    }

    private static BlockingMatrix.Cell cell(Optional<WorkerReply> reply, double slowMs) {
        if (reply.isEmpty()) {
            return new BlockingMatrix.Cell(BlockingMatrix.Status.TIMEOUT, Double.NaN, null);
        }
        WorkerReply r = reply.get();
        if (!r.ok()) {
            // A worker's error is its repr(exc), which can quote a broker URL with its password.
            return new BlockingMatrix.Cell(BlockingMatrix.Status.ERROR, r.latencyMs(), SecretText.mask(r.error()));
        }
        return new BlockingMatrix.Cell(r.latencyMs() > slowMs ? BlockingMatrix.Status.SLOW : BlockingMatrix.Status.OK,
                r.latencyMs(), null);
    }
}
