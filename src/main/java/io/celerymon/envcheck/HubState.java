package io.celerymon.envcheck;

import java.util.List;

/**
 * What the hub thread (the main thread: gevent's and eventlet's hub, Tornado's loop) did across
 * the scan's two samples, and the verdict drawn from it.
 *
 * @param kind the verdict
 * @param library the green library whose hub this is ({@code gevent}, {@code eventlet}), or null
 * @param tid the hub thread's id (the PID)
 * @param state its state letter at the last sample, or null
 * @param syscall the call it waits in at the last sample, or null
 * @param wchan the kernel function it sleeps in at the last sample, or null
 * @param cpuShare CPU time used between the samples over the time between them (1.0 = one core), or -1 when unknown
 * @param waitsOn the descriptors a blocked call waits on (empty unless {@link Kind#BLOCKED_IN_CALL})
 * @param samples the hub thread at each sample, oldest first
 * @param intervalMs the time between the two samples
 * @param error what could not be read and why, or null
 * @param runnableShare time on a CPU or waiting for one between the samples over the time between
 *     them ({@code schedstat}), or -1 when unknown: near 1.0 for a CPU-bound hub even on a host
 *     whose CPUs are contended, where its {@code cpuShare} stays low
 */
public record HubState(Kind kind, String library, long tid, String state, String syscall, String wchan, double cpuShare,
        List<WaitTarget> waitsOn, List<HubSample> samples, long intervalMs, String error, double runnableShare) {

    /** A state without scheduler statistics. */
    public HubState(Kind kind, String library, long tid, String state, String syscall, String wchan, double cpuShare,
            List<WaitTarget> waitsOn, List<HubSample> samples, long intervalMs, String error) {
        this(kind, library, tid, state, syscall, wchan, cpuShare, waitsOn, samples, intervalMs, error, -1);
    }

    /** The verdict on the hub thread. */
    public enum Kind {
        /** Waiting in epoll: the event loop is idle and serving. */
        EVENT_LOOP,
        /** A green library is loaded and the hub waited in the same blocking call in both samples. */
        BLOCKED_IN_CALL,
        /**
         * The hub used at least 80 % of a core between the samples, or was running or runnable in
         * both samples and on a CPU or waiting for one for at least 80 % of the time (a contended host).
         */
        BUSY_CPU,
        /** None of the above (another call, a single sample, no green library). */
        OTHER,
        /** The thread's files could not be read. */
        UNREADABLE,
        /** The process exited (or became a zombie) between the samples: nothing to judge, nothing to warn about. */
        EXITED,
        /** The process was not sampled for threads. */
        NOT_SAMPLED;

        /** The lower-case name used in JSON and tables. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public HubState {
        waitsOn = List.copyOf(waitsOn);
        samples = List.copyOf(samples);
    }

    /** The state of a process whose threads were not looked at (records built without a scan). */
    public static HubState notSampled(long pid) {
        return new HubState(Kind.NOT_SAMPLED, null, pid, null, null, null, -1, List.of(), List.of(), 0, null);
    }

    /** What it waits on in one phrase: the descriptors' descriptions joined, or why none is named. */
    public String waitsOnText() {
        if (waitsOn.isEmpty()) {
            // select(0, …) and poll(NULL, 0, …) are sleeps; otherwise the arrays could not be read.
            return error == null ? "no descriptor" : "descriptors that could not be read (" + error + ")";
        }
        return String.join(", ", waitsOn.stream().map(WaitTarget::describe).toList());
    }

    /** The same state with the runnable share measured. */
    HubState withRunnable(double share) {
        return new HubState(kind, library, tid, state, syscall, wchan, cpuShare, waitsOn, samples, intervalMs, error, share);
    }

    /** The CPU share rounded to two decimals, as JSON and evidence show it, or null when unknown. */
    public Double cpuShareRounded() {
        return rounded(cpuShare);
    }

    /** The runnable share rounded to two decimals, or null when unknown. */
    public Double runnableShareRounded() {
        return rounded(runnableShare);
    }

    private static Double rounded(double share) {
        return share < 0 ? null : Math.round(share * 100) / 100.0;
    }

    /** The runnable share as a whole percentage. */
    public long runnablePercent() {
        return Math.round(runnableShare * 100);
    }

    /** The CPU share as a whole percentage of one core. */
    public long cpuPercent() {
        return Math.round(cpuShare * 100);
    }
}
