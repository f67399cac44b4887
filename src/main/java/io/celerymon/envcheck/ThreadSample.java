package io.celerymon.envcheck;

/**
 * One thread at one sample: its scheduler state and CPU time from {@code stat}, the call it waits
 * in from {@code syscall} and its {@code wchan}. The call is null when {@code syscall} could not be
 * read (another user's process, or ptrace not allowed), with the reason in {@code callError}.
 *
 * @param tid the thread id
 * @param state the state letter (R running, S sleeping, D uninterruptible, …)
 * @param cpuTicks user plus system CPU time in clock ticks
 * @param call the system call it waits in, or null
 * @param wchan the kernel function it sleeps in, or null ({@code 0} and unreadable both give null)
 * @param callError why {@code syscall} could not be read, or null
 * @param runNanos time on a CPU from {@code schedstat}, or -1 when it cannot be read
 * @param waitNanos time runnable but waiting for a CPU (on a run queue) from {@code schedstat}, or -1
 */
record ThreadSample(long tid, String state, long cpuTicks, ThreadCall call, String wchan, String callError,
        long runNanos, long waitNanos) {

    /** A sample without scheduler statistics. */
    ThreadSample(long tid, String state, long cpuTicks, ThreadCall call, String wchan, String callError) {
        this(tid, state, cpuTicks, call, wchan, callError, -1, -1);
    }

    /** The same sample with {@code schedstat}'s first two fields (run and run-queue wait, in ns), when it could be read. */
    ThreadSample withSchedstat(String schedstat) {
        String[] f = schedstat == null ? new String[0] : schedstat.trim().split("\\s+");
        if (f.length < 2) {
            return this;
        }
        return new ThreadSample(tid, state, cpuTicks, call, wchan, callError, Long.parseLong(f[0]), Long.parseLong(f[1]));
    }

    /** State and CPU ticks (utime + stime) of a {@code stat} line; the name in parentheses may hold anything. */
    static ThreadSample ofStat(long tid, String stat, ThreadCall call, String wchan, String callError) {
        // State is field 3, utime 14, stime 15 (proc(5)).
        StatFields fields = StatFields.of(stat);
        long ticks = fields.number(14) + fields.number(15);
        String chan = wchan == null || wchan.isBlank() || wchan.strip().equals("0") ? null : wchan.strip();
        return new ThreadSample(tid, fields.field(3), ticks, call, chan, callError);
    }
}
