package io.celerymon.envcheck;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The findings about a process's hub thread: held in a blocking call ({@code hub_blocked_in_call}),
 * busy on the CPU ({@code hub_busy_cpu}), or not readable deeply enough to tell
 * ({@code thread_state_unreadable}); and the same words for diagnose's finding on a silent worker.
 */
public final class HubRules {

    private HubRules() {
    }

    /** Whether the hub is proven unable to serve: held in a call, or busy on the CPU. */
    static boolean provenStuck(HubState hub) {
        return hub.kind() == HubState.Kind.BLOCKED_IN_CALL || hub.kind() == HubState.Kind.BUSY_CPU;
    }

    /**
     * Why the process's hub cannot serve, when its thread states prove it: "busy on CPU (97 % of a
     * core over 0.5 s): a CPU-bound task" or "waiting in recvfrom() on TCP 127.0.0.1:41234 →
     * 10.0.0.5:5432"; empty otherwise.
     */
    public static Optional<String> why(HubState hub) {
        return switch (hub.kind()) {
            case BUSY_CPU -> Optional.of(busyText(hub) + ": a CPU-bound task");
            case BLOCKED_IN_CALL -> Optional.of("waiting in " + callText(hub));
            default -> Optional.empty();
        };
    }

    /** The remedy matching {@link #why}: move CPU-bound work, or make the blocking call cooperative; empty otherwise. */
    public static Optional<String> remedy(ScannedProcess process) {
        return switch (process.hub().kind()) {
            case BUSY_CPU -> Optional.of(busyRemedy(process));
            case BLOCKED_IN_CALL -> Optional.of(blockedRemedy(process, process.hub()));
            default -> Optional.empty();
        };
    }

    static void evaluate(ScannedProcess process, List<Finding> findings) {
        HubState hub = process.hub();
        switch (hub.kind()) {
            case BLOCKED_IN_CALL -> findings.add(blocked(process, hub));
            case BUSY_CPU -> {
                // A busy main thread is a stuck loop only where the main thread is a loop: a green hub, or Flower's Tornado.
                if (hub.library() != null || process.role() == ProcessRole.FLOWER) {
                    findings.add(busy(process, hub));
                }
            }
            case UNREADABLE -> {
                // Only where a verdict would matter: a beat or a prefork worker's main thread is no hub to judge.
                if (process.greenLoaded() || process.role() == ProcessRole.FLOWER) {
                    findings.add(unreadable(process, hub));
                }
            }
            default -> {
            }
        }
    }

    /** "The gevent hub (main thread)", or "The main thread" when no green library runs one. */
    static String hubName(HubState hub) {
        return hub.library() == null ? "The main thread" : "The " + hub.library() + " hub (main thread)";
    }

    /** "pselect6() on TCP 127.0.0.1:41234 → 127.0.0.1:6379": the call and what it waits on. */
    static String callText(HubState hub) {
        return hub.syscall() + "() on " + hub.waitsOnText();
    }

    /**
     * "busy on CPU (97 % of a core over 0.5 s)"; on a contended host, where the hub got less than
     * 80 % of a core, also how long it was runnable.
     */
    static String busyText(HubState hub) {
        String text = String.format(Locale.ROOT, "busy on CPU (%d %% of a core over %s", hub.cpuPercent(),
                seconds(hub.intervalMs()));
        if (hub.cpuShare() < HubJudge.BUSY_SHARE && hub.runnableShare() >= 0) {
            text += String.format(Locale.ROOT, ", running or waiting for a CPU %d %% of it: the host's CPUs are "
                    + "contended", hub.runnablePercent());
        }
        return text + ")";
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The remedy for a hub held in a call: Flower's light module, a late patch, or a cooperative driver. */
    static String blockedRemedy(ScannedProcess process, HubState hub) {
        if (process.role() == ProcessRole.FLOWER) {
            return Remedies.FLOWER_FROM_LIGHT_MODULE;
        }
        String driver = String.format(Locale.ROOT, Remedies.COOPERATIVE_DRIVER, process.pid());
        if (!WaitedDescriptors.MULTIPLEX_CALLS.contains(hub.syscall())) {
            return driver;
        }
        // libpq (psycopg2) and socket timeouts wait in poll() on their one connection: a driver, most likely.
        boolean onePeer = hub.waitsOn().size() == 1 && hub.waitsOn().get(0).kind().equals("tcp");
        // select/poll over several descriptors is the late patch's signature: something kept the real select.
        return onePeer ? driver + " If something monkey-patches late: " + Remedies.PATCH_FIRST_OR_NOT_AT_ALL
                : Remedies.PATCH_FIRST_OR_NOT_AT_ALL + " If nothing patches late: " + driver;
    }

    /** The remedy for a hub busy on the CPU. */
    static String busyRemedy(ScannedProcess process) {
        return String.format(Locale.ROOT, Remedies.CPU_BOUND_TASK, process.pid());
    }

    private static Finding blocked(ScannedProcess process, HubState hub) {
        Map<String, Object> evidence = ProcessRules.base(process);
        evidence.put("syscall", hub.syscall());
        evidence.put("fds", hub.waitsOn().stream().map(WaitTarget::fd).toList());
        evidence.put("targets", hub.waitsOn().stream().map(WaitTarget::describe).toList());
        if (hub.error() != null) {
            evidence.put("fds_error", hub.error());
        }
        evidence.put("wchan", hub.wchan());
        evidence.put("samples", samples(hub));
        evidence.put("interval_ms", hub.intervalMs());
        evidence.put("green_libraries", ProcessRules.labels(process));
        String summary = hubName(hub) + " has waited in " + callText(hub) + " in both samples, "
                + seconds(hub.intervalMs()) + " apart, instead of epoll_wait: an unpatched blocking call holds the hub.";
        return new Finding("hub_blocked_in_call", Severity.CRITICAL, process.subject(), summary, evidence,
                blockedRemedy(process, hub));
    }

    private static Finding busy(ScannedProcess process, HubState hub) {
        Map<String, Object> evidence = ProcessRules.base(process);
        evidence.put("cpu_share", hub.cpuShareRounded());
        if (hub.runnableShare() >= 0) {
            evidence.put("runnable_share", hub.runnableShareRounded());
        }
        evidence.put("state", hub.state());
        evidence.put("samples", samples(hub));
        evidence.put("interval_ms", hub.intervalMs());
        evidence.put("green_libraries", ProcessRules.labels(process));
        String summary = hubName(hub) + " is " + busyText(hub) + ": a CPU-bound task holds it, so nothing else in "
                + "this process runs meanwhile (remote control, heartbeats, requests).";
        return new Finding("hub_busy_cpu", Severity.CRITICAL, process.subject(), summary, evidence,
                busyRemedy(process));
    }

    private static Finding unreadable(ScannedProcess process, HubState hub) {
        Map<String, Object> evidence = ProcessRules.base(process);
        evidence.put("error", hub.error());
        return new Finding("thread_state_unreadable", Severity.WARN, process.subject(),
                "The threads of pid " + process.pid() + " could not be read deeply enough to tell whether its hub is "
                        + "blocked: " + hub.error() + ".", evidence, Remedies.THREADS_UNREADABLE);
    }

    /** Each sample as "S pselect6 poll_schedule_timeout 1234". */
    private static List<String> samples(HubState hub) {
        return hub.samples().stream().map(s -> s.state() + " " + s.syscall() + (s.wchan() == null ? "" : " " + s.wchan())
                + " " + s.cpuTicks()).toList();
    }
}
