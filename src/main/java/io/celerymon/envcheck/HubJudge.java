package io.celerymon.envcheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Judges a process's hub thread (the main thread) from two thread samples: idle in the event
 * loop's epoll, held in a blocking call that a green hub should never make, busy on the CPU, or
 * unreadable.
 */
final class HubJudge {
    /** A hub on the CPU for this share of the interval serves nothing else meanwhile. */
    static final double BUSY_SHARE = 0.8;
    /**
     * USER_HZ, the unit of utime/stime in {@code stat}: 100 on x86_64 and aarch64 whatever the
     * kernel's HZ ({@code getconf CLK_TCK}); asking getconf would cost a process per scan.
     */
    static final double CLOCK_TICKS_PER_SECOND = 100;
    /** Where gevent's libev/libuv and eventlet's epolls hub wait when idle. */
    static final Set<String> EVENT_LOOP_CALLS = Set.of("epoll_wait", "epoll_pwait", "epoll_pwait2");

    private final Syscalls syscalls;

    HubJudge(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    /** The names of the calls, for the summary of the other threads. */
    Syscalls syscalls() {
        return syscalls;
    }

    /**
     * @param pid the process, whose main thread is the hub
     * @param library the green library running a hub in it ({@code gevent}, {@code eventlet}), or null
     * @param first the first sample
     * @param second the second sample, or null when the deadline left no time for it
     * @param resolver what the process's descriptors are, read now (while the call is still waited in)
     */
    HubState judge(long pid, String library, ThreadSampler.Snapshot first, ThreadSampler.Snapshot second,
            DescriptorResolver resolver) {
        ThreadSample a = first.threads().get(pid);
        ThreadSample b = second == null ? null : second.threads().get(pid);
        List<HubSample> samples = new ArrayList<>();
        for (ThreadSample s : new ThreadSample[] {a, b}) {
            if (s != null) {
                samples.add(new HubSample(s.state(), s.call() == null ? null : s.call().name(syscalls), s.wchan(),
                        s.cpuTicks()));
            }
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
        double share = intervalNanos <= 0 ? -1
                : (b.cpuTicks() - a.cpuTicks()) / CLOCK_TICKS_PER_SECOND / (intervalNanos / 1e9);
        double runnable = a.runNanos() < 0 || b.runNanos() < 0 || intervalNanos <= 0 ? -1
                : (double) (b.runNanos() - a.runNanos() + b.waitNanos() - a.waitNanos()) / intervalNanos;
        // On a host whose CPUs are contended a CPU-bound hub gets less than a core; it is still never off the run queue.
        boolean starvedButBusy = runnable >= BUSY_SHARE && share > 0 && a.state().equals("R") && b.state().equals("R");
        if (share >= BUSY_SHARE || starvedButBusy) {
            return state(HubState.Kind.BUSY_CPU, library, pid, b, share, List.of(), samples, intervalMs, null)
                    .withRunnable(runnable);
        }
        if (a.call() == null || b.call() == null) {
            return state(HubState.Kind.UNREADABLE, library, pid, b, share, List.of(), samples, intervalMs,
                    b.callError() != null ? b.callError() : a.callError());
        }
        String name = b.call().name(syscalls);
        boolean sameCall = a.call().phase() == ThreadCall.Phase.IN_CALL && b.call().phase() == ThreadCall.Phase.IN_CALL
                && a.call().number() == b.call().number();
        if (EVENT_LOOP_CALLS.contains(name)) {
            return state(HubState.Kind.EVENT_LOOP, library, pid, b, share, List.of(), samples, intervalMs, null);
        }
        if (sameCall && library != null && (WaitedDescriptors.MULTIPLEX_CALLS.contains(name)
                || WaitedDescriptors.SINGLE_FD_CALLS.contains(name))) {
            return blocked(library, pid, b, name, share, samples, intervalMs, resolver);
        }
        return state(HubState.Kind.OTHER, library, pid, b, share, List.of(), samples, intervalMs, null);
    }

    private HubState blocked(String library, long pid, ThreadSample b, String name, double share,
            List<HubSample> samples, long intervalMs, DescriptorResolver resolver) {
        List<WaitTarget> targets = new ArrayList<>();
        String error = null;
        try {
            for (int fd : WaitedDescriptors.of(name, b.call(), resolver.memory())) {
                targets.add(resolver.resolve(fd));
            }
        } catch (IOException unreadable) {
            error = ThreadSampler.reason(unreadable, Path.of(resolver.memoryPath()));
        }
        if (WaitedDescriptors.SINGLE_FD_CALLS.contains(name)
                && targets.stream().noneMatch(t -> t.kind().equals("tcp") || t.kind().equals("socket"))) {
            // A read of a pipe or a file (stdin, a log) is not a network call a driver made.
            return state(HubState.Kind.OTHER, library, pid, b, share, targets, samples, intervalMs, null);
        }
        return state(HubState.Kind.BLOCKED_IN_CALL, library, pid, b, share, targets, samples, intervalMs, error);
    }

    private HubState state(HubState.Kind kind, String library, long pid, ThreadSample last, double share,
            List<WaitTarget> targets, List<HubSample> samples, long intervalMs, String error) {
        return new HubState(kind, library, pid, last.state(), last.call() == null ? null : last.call().name(syscalls),
                last.wchan(), share, targets, samples, intervalMs, error);
    }
}
