package io.celerymon.envcheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges a process's hub thread (the main thread) from two thread samples: idle in the event
 * loop's epoll, held in a blocking call that a green hub should never make, busy on the CPU, or
 * unreadable.
 */
class HubJudge {
    /** A hub on the CPU for this share of the interval serves nothing else meanwhile. */
    static final double BUSY_SHARE = 0.8;
    /**
     * USER_HZ, the unit of utime/stime in {@code stat}: 100 on x86_64 and aarch64 whatever the
     * kernel's HZ ({@code getconf CLK_TCK}); asking getconf would cost a process per scan.
     */
    static final double CLOCK_TICKS_PER_SECOND = 100;
    /**
     * Below this interval whole clock ticks are too coarse for a share (one tick is 10 ms: over
     * 100 ms a share could be off by 0.2), so without {@code schedstat} no busy verdict is drawn.
     */
    static final long MIN_TICK_INTERVAL_NANOS = 200_000_000L;
    /** Where gevent's libev/libuv and eventlet's epolls hub wait when idle. */
    static final Set<String> EVENT_LOOP_CALLS = Set.of("epoll_wait", "epoll_pwait", "epoll_pwait2");
    private static final Set<String> POLL_CALLS = Set.of("poll", "ppoll");
    private static final Set<String> SELECT_CALLS = Set.of("select", "pselect6");

    private final Syscalls syscalls;

    HubJudge(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    /** The names of the calls, for the summary of the other threads. */
    Syscalls syscalls() {
        return syscalls;
    }

    /**
     * The calls the hub's loop waits in when idle: epoll's, plus poll's or select's when the
     * process configured that backend ({@code GEVENT_BACKEND=poll|select} for gevent's libev,
     * {@code EVENTLET_HUB=poll|selects} for eventlet), where an idle hub waits in them.
     *
     * @param library the green library running the hub, or null
     * @param environment the process's relevant environment ({@link RelevantEnvironment})
     */
    static Set<String> eventLoopCalls(String library, Map<String, String> environment) {
        Set<String> calls = new HashSet<>(EVENT_LOOP_CALLS);
        String configured = "gevent".equals(library) ? environment.get("GEVENT_BACKEND")
                : "eventlet".equals(library) ? environment.get("EVENTLET_HUB") : null;
        if (configured != null) {
            // libev takes a list ("poll,select"); eventlet one hub name.
            for (String backend : configured.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                switch (backend) {
                    case "poll" -> calls.addAll(POLL_CALLS);
                    case "select", "selects" -> calls.addAll(SELECT_CALLS);
                    default -> {
                    }
                }
            }
        }
        return Set.copyOf(calls);
    }

    /** {@link #judge(long, String, Set, ThreadSampler.Snapshot, ThreadSampler.Snapshot, DescriptorResolver)} with epoll's loop. */
    HubState judge(long pid, String library, ThreadSampler.Snapshot first, ThreadSampler.Snapshot second,
            DescriptorResolver resolver) {
        return judge(pid, library, EVENT_LOOP_CALLS, first, second, resolver);
    }

    /**
     * @param pid the process, whose main thread is the hub
     * @param library the green library running a hub in it ({@code gevent}, {@code eventlet}), or null
     * @param loopCalls the calls its loop waits in when idle ({@link #eventLoopCalls})
     * @param first the first sample
     * @param second the second sample, or null when the deadline left no time for it
     * @param resolver what the process's descriptors are, read now (while the call is still waited
     *     in) and only until the scan's deadline
     */
    HubState judge(long pid, String library, Set<String> loopCalls, ThreadSampler.Snapshot first,
            ThreadSampler.Snapshot second, DescriptorResolver resolver) {
        ThreadSample a = first.threads().get(pid);
        ThreadSample b = second == null ? null : second.threads().get(pid);
        List<HubSample> samples = new ArrayList<>();
        for (ThreadSample s : new ThreadSample[] {a, b}) {
            if (s != null) {
                samples.add(new HubSample(s.state(), s.call() == null ? null : s.call().name(syscalls), s.wchan(),
                        s.cpuTicks()));
            }
        }
        if (second != null && (second.exited() || b != null && gone(b))) {
            // Gone (reaped) or a zombie: its threads say nothing about a hub any more, and no permission is missing.
            return new HubState(HubState.Kind.EXITED, library, pid, b == null ? null : b.state(), null, null, -1,
                    List.of(), samples, 0, "the process exited between the samples");
        }
        if (a == null || second != null && b == null) {
            String error = a == null ? first.error() : second.error();
            return new HubState(HubState.Kind.UNREADABLE, library, pid, null, null, null, -1, List.of(), samples, 0,
                    error == null ? "the main thread's files were not readable" : error);
        }
        if (b == null) {
            return state(HubState.Kind.OTHER, library, pid, a, -1, List.of(), samples, 0, null);
        }
        long intervalNanos = second.nanoTime() - first.nanoTime();
        long intervalMs = intervalNanos / 1_000_000;
        double share = cpuShare(a, b, intervalNanos);
        double runnable = a.runNanos() < 0 || b.runNanos() < 0 || intervalNanos <= 0 ? -1
                : (double) (b.runNanos() - a.runNanos() + b.waitNanos() - a.waitNanos()) / intervalNanos;
        // On a host whose CPUs are contended a CPU-bound hub gets less than a core; it is still never off the run queue.
        boolean starvedButBusy = runnable >= BUSY_SHARE && share > 0 && a.state().equals("R") && b.state().equals("R");
        // A hub seen in its loop's wait has served its loop, however much CPU its callbacks took: busy, not stuck.
        boolean visitedLoop = inLoop(a, loopCalls) || inLoop(b, loopCalls);
        if (!visitedLoop && (share >= BUSY_SHARE || starvedButBusy)) {
            return state(HubState.Kind.BUSY_CPU, library, pid, b, share, List.of(), samples, intervalMs, null)
                    .withRunnable(runnable);
        }
        if (a.call() == null || b.call() == null) {
            return state(HubState.Kind.UNREADABLE, library, pid, b, share, List.of(), samples, intervalMs,
                    b.callError() != null ? b.callError() : a.callError());
        }
        String name = b.call().name(syscalls);
        // The whole call, arguments too: a loop re-entering poll() with a new timeout or array is not one held call.
        boolean sameCall = b.call().phase() == ThreadCall.Phase.IN_CALL && a.call().equals(b.call());
        if (loopCalls.contains(name)) {
            return state(HubState.Kind.EVENT_LOOP, library, pid, b, share, List.of(), samples, intervalMs, null);
        }
        if (sameCall && library != null && (WaitedDescriptors.MULTIPLEX_CALLS.contains(name)
                || WaitedDescriptors.SINGLE_FD_CALLS.contains(name))) {
            return blocked(library, pid, b, name, share, samples, intervalMs, resolver);
        }
        return state(HubState.Kind.OTHER, library, pid, b, share, List.of(), samples, intervalMs, null);
    }

    /**
     * CPU time between the samples over the interval: from {@code schedstat}'s run time (ns) when
     * both samples have it; from utime+stime ticks only over an interval long enough for ticks; else -1.
     */
    static double cpuShare(ThreadSample a, ThreadSample b, long intervalNanos) {
        if (intervalNanos <= 0) {
            return -1;
        }
        if (a.runNanos() >= 0 && b.runNanos() >= 0) {
            return (double) (b.runNanos() - a.runNanos()) / intervalNanos;
        }
        if (intervalNanos < MIN_TICK_INTERVAL_NANOS) {
            return -1;
        }
        return (b.cpuTicks() - a.cpuTicks()) / CLOCK_TICKS_PER_SECOND / (intervalNanos / 1e9);
    }

    private boolean inLoop(ThreadSample sample, Set<String> loopCalls) {
        return sample.call() != null && sample.call().phase() == ThreadCall.Phase.IN_CALL
                && loopCalls.contains(sample.call().name(syscalls));
    }

    /** A zombie (Z) or dead (X) main thread: the process has exited and is only waiting to be reaped. */
    private static boolean gone(ThreadSample sample) {
        return sample.state().equals("Z") || sample.state().equals("X");
    }

    private HubState blocked(String library, long pid, ThreadSample b, String name, double share,
            List<HubSample> samples, long intervalMs, DescriptorResolver resolver) {
        List<WaitTarget> targets = new ArrayList<>();
        String error = null;
        if (resolver.expired()) {
            error = DEADLINE_PASSED;
        } else {
            try {
                List<Integer> fds = WaitedDescriptors.of(name, b.call(), resolver.memory());
                if (WaitedDescriptors.MULTIPLEX_CALLS.contains(name) && !fds.isEmpty()) {
                    error = stillTheSameCall(b.call(), resolver);
                    fds = error == null ? fds : List.of();
                }
                for (int fd : fds) {
                    if (resolver.expired()) {
                        targets.clear();
                        error = DEADLINE_PASSED;
                        break;
                    }
                    targets.add(resolver.resolve(fd));
                }
            } catch (IOException unreadable) {
                error = ThreadSampler.reason(unreadable, Path.of(resolver.memoryPath()));
            }
        }
        boolean resolved = error == null;
        if (name.equals("read") ? !resolved || notASocket(targets)
                : resolved && WaitedDescriptors.SINGLE_FD_CALLS.contains(name) && notASocket(targets)) {
            // A read of a pipe or a file (stdin, a log) is not a network call a driver made; unresolved, read proves nothing.
            return state(HubState.Kind.OTHER, library, pid, b, share, List.of(), samples, intervalMs, null);
        }
        return state(HubState.Kind.BLOCKED_IN_CALL, library, pid, b, share, targets, samples, intervalMs, error);
    }

    /** Why a blocked call's descriptors are missing when the deadline stopped their resolution. */
    static final String DEADLINE_PASSED = "the scan's deadline had passed before they were resolved";

    /**
     * Null when the hub still waits in {@code sampled}; else why the descriptors just read from its
     * memory cannot be trusted to be that call's.
     */
    private static String stillTheSameCall(ThreadCall sampled, DescriptorResolver resolver) {
        try {
            return sampled.equals(resolver.currentCall()) ? null
                    : "the call returned while they were read from memory, so they may not be its";
        } catch (IOException | RuntimeException unreadable) {
            return "the call could not be read again to confirm they were its";
        }
    }

    private static boolean notASocket(List<WaitTarget> targets) {
        return targets.stream().noneMatch(t -> t.kind().equals("tcp") || t.kind().equals("socket"));
    }

    private HubState state(HubState.Kind kind, String library, long pid, ThreadSample last, double share,
            List<WaitTarget> targets, List<HubSample> samples, long intervalMs, String error) {
        return new HubState(kind, library, pid, last.state(), last.call() == null ? null : last.call().name(syscalls),
                last.wchan(), share, targets, samples, intervalMs, error);
    }
}
