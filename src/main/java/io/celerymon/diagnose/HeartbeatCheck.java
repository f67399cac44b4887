package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.events.WorkerStatus;
import io.celerymon.events.WorkerView;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.inspect.WorkerFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Heartbeats over the listening window: who beats on time, who is stalled (silent for more than
 * 2 × freq), who said goodbye, and how long each silence has lasted.
 */
final class HeartbeatCheck implements Check {

    @Override
    public String name() {
        return "heartbeats";
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
        HeartbeatWindow window = context.heartbeats(deadline);
        InspectRound round = context.inspect(deadline);
        Map<String, WorkerFacts> facts = context.facts();
        Set<String> workers = new TreeSet<>(round.workers());
        window.workers().forEach(w -> workers.add(w.hostname()));
        List<Finding> findings = new ArrayList<>();
        List<String> online = new ArrayList<>();
        List<HeartbeatRow> rows = new ArrayList<>();
        for (String worker : workers) {
            Optional<WorkerView> seen = window.worker(worker);
            double freq = window.freq(worker, facts);
            HeartbeatWindow.Silence silence = window.silence(worker, facts);
            String status = seen.map(w -> w.status().name().toLowerCase(java.util.Locale.ROOT)).orElse("silent");
            rows.add(new HeartbeatRow(worker, status, silence.seconds(), silence.atLeast(), freq));
            if (seen.isPresent() && seen.get().status() == WorkerStatus.ONLINE) {
                online.add(worker);
            } else if (seen.isPresent() && seen.get().status() == WorkerStatus.OFFLINE) {
                findings.add(new Finding("worker_offline", Severity.INFO, worker,
                        worker + " announced it is going offline (worker-offline).",
                        Evidence.of("freq", freq).map(), "Nothing to do if it was stopped on purpose."));
            } else {
                findings.add(stalled(worker, freq, silence, window));
            }
        }
        if (!online.isEmpty()) {
            findings.add(0, new Finding("heartbeats_ok", Severity.OK, "workers",
                    online.size() + " worker(s) sent heartbeats on time during the "
                            + Evidence.seconds(window.windowSeconds()) + " s window.",
                    Evidence.of("workers", online).and("window_seconds", Evidence.seconds(window.windowSeconds()))
                            .and("events", window.events()).map(), ""));
        }
        return new CheckResult(findings, List.copyOf(rows));
    }

    private static Finding stalled(String worker, double freq, HeartbeatWindow.Silence silence, HeartbeatWindow window) {
        return new Finding("heartbeat_stalled", Severity.WARN, worker,
                worker + " sent no heartbeat for " + silence.describe() + " (it announced one every " + freq + " s).",
                silence.addTo(new Evidence())
                        .and("freq", freq).and("stalled_after_seconds", 2 * freq)
                        .and("window_seconds", Evidence.seconds(window.windowSeconds())).map(),
                "Flower marks it offline; the pool finding says whether it is blocked or gone.");
    }
}
