package io.celerymon.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.broker.Deadline;
import io.celerymon.events.WorkerStatus;
import io.celerymon.events.WorkerView;
import io.celerymon.envcheck.HubRules;
import io.celerymon.envcheck.HubState;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.envcheck.WaitTarget;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.inspect.WorkerFacts;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.protocol.PoolKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Why a worker is silent, from its pool: a gevent, eventlet or solo worker that answers nothing
 * while its pidbox is still subscribed and its heartbeats have stopped has its one event loop
 * blocked by a running task; a worker whose pidbox is gone and who sends no heartbeats is dead.
 * A blocked worker cannot answer {@code stats}, so its pool comes from this run's reply, else the
 * last one an earlier run saw (the facts cache).
 */
final class PoolCheck implements Check {

    /** Pools that run every task and the control loop on one thread of execution. */
    /** What holds a single-loop worker when its own threads cannot say. */
    private static String blockedBy(String kind) {
        if (kind.equals("solo")) {
            // Solo runs each task in the thread that answers control calls and sends heartbeats.
            return "busy with a running task (a solo worker answers nothing until its current task ends)";
        }
        return "hub blocked by a running task (CPU-bound code, or a blocking call that " + kind + " does not patch)";
    }

    private static final Set<String> SINGLE_LOOP = Set.of("gevent", "eventlet", "solo");

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
        InspectRound round = context.inspect(deadline);
        HeartbeatWindow window = context.heartbeats(deadline);
        Map<String, WorkerFacts> facts = context.facts();
        LocalProcesses local = localOrNone(context, deadline);
        int deadAmongMissing = round.deadAmongMissing();
        List<String> missing = round.ping().missing();
        List<Finding> findings = new ArrayList<>();
        Map<String, Object> pools = new LinkedHashMap<>();
        for (String worker : round.workers()) {
            PoolKind.Known pool = pool(round, facts, local, worker);
            pools.put(worker, pool.kind());
            if (!round.silent(worker)) {
                continue;
            }
            Optional<WorkerView> beat = window.worker(worker);
            if (beat.isPresent() && beat.get().status() == WorkerStatus.ONLINE) {
                findings.add(controlDeaf(worker, pool));
            } else if (beat.isPresent() && beat.get().status() == WorkerStatus.OFFLINE) {
                continue;
            } else {
                boolean maybeDead = deadAmongMissing > 0 && missing.contains(worker);
                findings.add(blocked(worker, pool, round, window, facts, local, maybeDead, deadAmongMissing,
                        missing.size()));
            }
        }
        for (String worker : round.stale()) {
            Optional<WorkerView> beat = window.worker(worker);
            if (beat.isEmpty() || beat.get().status() != WorkerStatus.ONLINE) {
                findings.add(dead(worker, pool(round, facts, local, worker), round, window, facts));
            }
        }
        if (findings.isEmpty() && !pools.isEmpty()) {
            findings.add(new Finding("pools_ok", Severity.OK, "workers",
                    "Every worker's pool answers: " + pools + ".", Evidence.of("pools", pools).map(), ""));
        }
        return new CheckResult(findings, pools);
    }

    private static Finding blocked(String worker, PoolKind.Known pool, InspectRound round, HeartbeatWindow window,
                                   Map<String, WorkerFacts> facts, LocalProcesses local, boolean maybeDead, int dead,
                                   int silent) {
        Optional<ScannedProcess> process = local.worker(worker);
        Optional<Long> pid = process.map(ScannedProcess::pid);
        // The process's own threads tell which of the two a blocked hub is, when it runs here.
        Optional<String> why = process.flatMap(p -> HubRules.why(p.hub()));
        HeartbeatWindow.Silence silence = window.silence(worker, facts);
        List<String> tasks = lastActiveTasks(worker, facts);
        Evidence evidence = Evidence.of("pool", pool.kind()).and("pool_from", pool.source())
                .and("timed_out_methods", round.unanswered(worker)).and("local_pid", pid.orElse(null));
        evidence = silence.addTo(evidence).and("freq", window.freq(worker, facts))
                .and("pidbox_subscribed", maybeDead ? "unknown" : true)
                .and("last_active_tasks", tasks.isEmpty() ? null : tasks)
                .and("active_tasks_in_last_heartbeat", window.worker(worker).map(WorkerView::active)
                        .filter(a -> a >= 0).orElse(null));
        // A hub proven idle in its loop's wait is serving: whatever silences the worker is not a task holding it.
        boolean serving = process.map(p -> p.hub().kind() == HubState.Kind.EVENT_LOOP).orElse(false);
        if (why.isPresent() || serving) {
            HubState hub = process.get().hub();
            evidence = evidence.and("hub", hub.kind().label()).and("hub_syscall", hub.syscall())
                    .and("hub_cpu_share", hub.cpuShareRounded())
                    .and("hub_runnable_share", hub.runnableShareRounded())
                    .and("hub_waits_on", hub.waitsOn().isEmpty() ? null
                            : hub.waitsOn().stream().map(WaitTarget::describe).toList());
        }
        String tasksText = tasks.isEmpty() ? "" : " Last known active tasks: " + String.join(", ", tasks) + ".";
        String gap = silence.describe();
        String ambiguity = maybeDead ? " Or it is dead: " + dead + " of the " + silent
                + " silent workers hold no pidbox subscription, and Redis cannot say which." : "";
        if (SINGLE_LOOP.contains(pool.kind()) && why.isPresent()) {
            return new Finding("worker_blocked", Severity.CRITICAL, worker,
                    worker + " (" + pool.kind() + " pool): hub " + why.get() + "; no reply to any inspect method and no "
                            + "heartbeat for " + gap + "." + tasksText + ambiguity,
                    evidence.map(),
                    HubRules.remedy(process.get()).orElseThrow() + " Restart the worker to recover now.");
        }
        if (SINGLE_LOOP.contains(pool.kind()) && serving) {
            return new Finding("worker_unresponsive", Severity.CRITICAL, worker,
                    worker + " (" + pool.kind() + " pool): hub serving its event loop (idle in "
                            + process.get().hub().syscall() + "), yet no reply to any inspect method and no heartbeat "
                            + "for " + gap + ": no task holds the hub, so the silence lies elsewhere — most likely its "
                            + "broker connection." + tasksText + ambiguity,
                    evidence.map(),
                    "Look at the worker's broker connection: its log for connection errors, ss -tnp for its socket "
                            + "to the broker; py-spy dump --pid " + pid.get() + " shows where it waits. Restart it if "
                            + "it does not reconnect.");
        }
        if (SINGLE_LOOP.contains(pool.kind())) {
            return new Finding("worker_blocked", Severity.CRITICAL, worker,
                    worker + " (" + pool.kind() + " pool): " + blockedBy(pool.kind()) + "; no reply to any inspect method "
                            + "and no heartbeat for " + gap + "." + tasksText + ambiguity,
                    evidence.map(),
                    "Find the task that does not yield (py-spy dump --pid " + pid.map(String::valueOf).orElse("<worker pid>")
                            + "), move CPU-bound work to a "
                            + "prefork worker, or patch/replace the blocking call; restart the worker to recover now.");
        }
        return new Finding("worker_unresponsive", Severity.CRITICAL, worker,
                worker + " (" + pool.kind() + " pool) answers no inspect method and sent no heartbeat for " + gap
                        + ": its main process is busy or blocked." + tasksText + ambiguity,
                evidence.map(),
                "Look at the worker's main process (py-spy dump --pid " + pid.map(String::valueOf).orElse("<worker pid>")
                        + ", its log); restart it if it does not recover.");
    }

    private static Finding dead(String worker, PoolKind.Known pool, InspectRound round, HeartbeatWindow window,
                                Map<String, WorkerFacts> facts) {
        HeartbeatWindow.Silence silence = window.silence(worker, facts);
        boolean redis = round.pidboxLive().isEmpty();
        Evidence evidence = Evidence.of("pool", pool.kind()).and("pool_from", pool.source())
                .and("pidbox_subscribed", false)
                .and(redis ? "stale_binding" : "pidbox_queue_consumer", redis ? Boolean.TRUE : Boolean.FALSE);
        evidence = silence.addTo(evidence)
                .and("queues", facts.containsKey(worker) ? facts.get(worker).queues() : null);
        return new Finding("worker_dead", redis ? Severity.CRITICAL : Severity.WARN, worker,
                worker + " is gone, not blocked: " + (redis
                        ? "its pidbox binding is left behind with no subscriber (killed or crashed without clean-up)"
                        : "its pidbox queue has no consumer")
                        + ", and it sent no heartbeat in the window.",
                evidence.map(),
                redis ? "Find out why it died (OOM killer, SIGKILL, crash in the log) and restart it; its queues get no consumer meanwhile."
                        : "If it was stopped on purpose, ignore this; otherwise find out why it died and restart it.");
    }

    private static Finding controlDeaf(String worker, PoolKind.Known pool) {
        return new Finding("worker_control_unresponsive", Severity.WARN, worker,
                worker + " sends heartbeats on time but answered no inspect method.",
                Evidence.of("pool", pool.kind()).and("pool_from", pool.source()).and("heartbeats", "on time").map(),
                "Its remote-control consumer is broken or overloaded; check its log and restart it.");
    }

    private static List<String> lastActiveTasks(String worker, Map<String, WorkerFacts> facts) {
        WorkerFacts known = facts.get(worker);
        return known == null || known.activeTasks() == null ? List.of() : known.activeTasks();
    }

    /** The local scan if it finished by now; without it the pool comes from replies and the cache only. */
    private static LocalProcesses localOrNone(DiagnoseContext context, Deadline deadline) {
        try {
            return context.localProcesses(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LocalProcesses.none();
        } catch (Exception unavailable) {
            return LocalProcesses.none();
        }
    }

    /**
     * The pool from this run's stats reply, else the {@code -P} of the worker's process on this
     * host (current, unlike the cache), else the facts cache.
     */
    static PoolKind.Known pool(InspectRound round, Map<String, WorkerFacts> facts, LocalProcesses local,
                               String worker) {
        JsonNode stats = round.reply("stats", worker).filter(WorkerReply::ok).map(WorkerReply::reply).orElse(null);
        WorkerFacts known = facts.get(worker);
        return PoolKind.resolve(stats, local.pool(worker).orElse(null), known == null ? null : known.pool());
    }
}
