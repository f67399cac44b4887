package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.events.WorkerView;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.WorkerReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who should be there against who answers: the workers the broker lists (Redis binding set) or
 * celerymon knew (AMQP), the ping replies and the heartbeat senders; pidbox bindings left by
 * workers that are gone.
 */
final class DiscoveryCheck implements Check {

    @Override
    public String name() {
        return "discovery";
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
        InspectRound round = context.inspect(deadline);
        HeartbeatWindow window = context.heartbeats(deadline);
        ExpectedWorkers expected = round.expected();
        Set<String> answered = new TreeSet<>(round.ping().replies().stream().map(WorkerReply::hostname).toList());
        Set<String> beating = new TreeSet<>(window.workers().stream().map(WorkerView::hostname).toList());
        Set<String> stale = round.stale();
        List<Finding> findings = new ArrayList<>();
        if (expected.names().isEmpty() && answered.isEmpty() && beating.isEmpty()) {
            findings.add(new Finding("no_workers", Severity.CRITICAL, "workers",
                    "No worker is registered on the broker, answers ping or sends heartbeats.",
                    Evidence.of("expected_source", expected.source().jsonName()).and("stale", List.copyOf(stale)).map(),
                    "Check that the workers run and use this broker URL, db/vhost, key prefix and control exchange."));
            return CheckResult.of(findings);
        }
        findings.add(new Finding("workers_discovered", Severity.OK, "workers",
                answered.size() + " of " + Math.max(expected.names().size(), answered.size())
                        + " expected worker(s) answered ping; " + beating.size() + " sent heartbeats.",
                Evidence.of("expected_source", expected.source().jsonName()).and("expected", expected.names())
                        .and("answered_ping", List.copyOf(answered)).and("heartbeats_from", List.copyOf(beating)).map(),
                ""));
        if (expected.source() == ExpectedWorkers.Source.NONE) {
            findings.add(new Finding("workers_unknown", Severity.INFO, "workers",
                    "The broker cannot list workers and celerymon has seen none here before: nobody could be missed.",
                    Evidence.of("expected_source", "none").map(),
                    "Run celerymon once while the workers are healthy; it remembers them for the next runs."));
        }
        boolean redis = round.pidboxLive().isEmpty();
        for (String node : stale) {
            findings.add(new Finding("stale_pidbox_binding", Severity.WARN, node,
                    redis ? node + "'s pidbox binding is registered on the broker but nobody is subscribed to it."
                            : node + " was seen before, but its pidbox queue has no consumer now.",
                    Evidence.of("pidbox", node + ".celery.pidbox").and("live_consumer", false).map(),
                    redis ? "The worker died without cleaning up (SIGKILL, OOM kill, crash); restart it, or remove the "
                            + "member from _kombu.binding.celery.pidbox if it is gone for good."
                            : "If the worker was stopped on purpose, ignore this; otherwise find out why it died and restart it."));
        }
        for (String node : beating) {
            if (!expected.names().contains(node) && !answered.contains(node) && !stale.contains(node)
                    && expected.source() != ExpectedWorkers.Source.NONE && round.silent(node)) {
                findings.add(new Finding("worker_not_registered", Severity.WARN, node,
                        node + " sends heartbeats but has no pidbox here, so it cannot be inspected or controlled.",
                        Evidence.of("heartbeat", true).and("pidbox", false).map(),
                        "Check the worker's control exchange, key prefix and broker db; or it runs with remote control disabled."));
            }
        }
        return CheckResult.of(findings);
    }
}
