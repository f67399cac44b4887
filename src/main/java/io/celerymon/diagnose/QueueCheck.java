package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.broker.QueueDepth;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.inspect.WorkerFacts;
import io.celerymon.inspect.WorkerReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Backlog per queue the workers consume (from their {@code active_queues} replies, and for
 * silent or dead workers from what an earlier run saw), plus any {@code --queue}: messages
 * waiting, and who consumes them. A queue with messages and no consumer never drains.
 */
final class QueueCheck implements Check {

    @Override
    public String name() {
        return "queues";
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
        InspectRound round = context.inspect(deadline);
        Map<String, Set<String>> answering = new TreeMap<>();
        Map<String, Set<String>> silent = new TreeMap<>();
        for (WorkerReply reply : round.results().get("active_queues").replies()) {
            if (reply.ok() && reply.reply() != null && reply.reply().isArray()) {
                for (String queue : InspectRound.queueNames(reply.reply())) {
                    answering.computeIfAbsent(queue, q -> new TreeSet<>()).add(reply.hostname());
                }
            }
        }
        Set<String> repliedQueues = new TreeSet<>();
        round.results().get("active_queues").replies().forEach(r -> repliedQueues.add(r.hostname()));
        for (WorkerFacts facts : context.facts().values()) {
            if (facts.queues() == null || repliedQueues.contains(facts.hostname())) {
                continue;
            }
            for (String queue : facts.queues()) {
                answering.computeIfAbsent(queue, q -> new TreeSet<>());
                if (round.workers().contains(facts.hostname())) {
                    silent.computeIfAbsent(queue, q -> new TreeSet<>()).add(facts.hostname());
                }
            }
        }
        context.settings().extraQueues().forEach(q -> answering.computeIfAbsent(q, k -> new TreeSet<>()));
        Map<String, QueueDepth> depths = answering.isEmpty() ? Map.of()
                : context.broker().queueDepths(answering.keySet(), deadline);
        List<Finding> findings = new ArrayList<>();
        List<QueueRow> rows = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : answering.entrySet()) {
            String queue = entry.getKey();
            QueueDepth depth = depths.get(queue);
            List<String> live = List.copyOf(entry.getValue());
            List<String> quiet = List.copyOf(silent.getOrDefault(queue, Set.of()));
            int brokerConsumers = depth == null ? -1 : depth.consumers().orElse(-1);
            long messages = depth == null ? 0 : depth.messages();
            // Only a broker that counts consumers (AMQP) tells a missing queue from an empty one.
            Boolean exists = depth == null || depth.consumers().isEmpty() ? null : depth.exists();
            rows.add(new QueueRow(queue, messages, brokerConsumers, live, quiet, exists));
            if (Boolean.FALSE.equals(exists)) {
                findings.add(new Finding("queue_not_found", Severity.WARN, queue,
                        "Queue " + queue + " was not found on the broker: no worker consumes it and nothing was "
                                + "ever sent to it.", Evidence.of("exists", false).and("answering_consumers", live).map(),
                        "Check the queue's name (and the vhost in the broker URL); a worker started with -Q "
                                + queue + " creates it."));
                continue;
            }
            if (messages == 0) {
                continue;
            }
            Evidence evidence = Evidence.of("messages", messages)
                    .and("broker_consumers", brokerConsumers >= 0 ? brokerConsumers : null)
                    .and("answering_consumers", live).and("silent_consumers", quiet);
            boolean noConsumer = brokerConsumers >= 0 ? brokerConsumers == 0 : live.isEmpty() && quiet.isEmpty();
            if (noConsumer) {
                findings.add(new Finding("queue_no_consumer", Severity.CRITICAL, queue,
                        "Queue " + queue + " holds " + messages + " message(s) and no worker consumes it.",
                        evidence.map(),
                        "Start a worker with -Q " + queue + " (or restart the one that died); until then these tasks never run."));
            } else if (live.isEmpty() && !quiet.isEmpty()) {
                findings.add(new Finding("queue_stalled", Severity.WARN, queue,
                        "Queue " + queue + " holds " + messages + " message(s); its only consumers, "
                                + String.join(", ", quiet) + ", answer nothing.",
                        evidence.map(), "See the pool findings for those workers; the queue drains once they recover."));
            } else {
                findings.add(new Finding("queue_backlog", Severity.INFO, queue,
                        "Queue " + queue + " holds " + messages + " message(s).", evidence.map(),
                        "Nothing to do unless it keeps growing; then add workers or concurrency."));
            }
        }
        if (findings.isEmpty()) {
            findings.add(new Finding("queues_ok", Severity.OK, "queues",
                    rows.isEmpty() ? "No queue to check: no worker reported its queues."
                            : rows.size() + " queue(s) checked, none missing, none with a backlog without a consumer.",
                    Evidence.of("queues", rows.stream().map(QueueRow::queue).toList()).map(), ""));
        }
        return new CheckResult(findings, List.copyOf(rows));
    }
}
