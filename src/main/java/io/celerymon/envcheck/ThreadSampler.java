package io.celerymon.envcheck;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every thread of one process once ({@code /proc/PID/task/TID/{stat,syscall,wchan}}), the
 * main thread first so that its reading lies closest to the sample's time. Never throws: what
 * cannot be read is carried as a reason.
 */
final class ThreadSampler {
    /** Bounds the reads for a process with very many threads; the hub is always among them. */
    static final int MAX_THREADS = 256;

    /**
     * The threads at one moment.
     *
     * @param nanoTime {@link System#nanoTime()} when the main thread was read
     * @param threads by thread id, main thread first
     * @param error why the main thread could not be read, or null
     * @param exited whether the process was gone ({@code /proc/PID} no longer there) when the read failed
     */
    record Snapshot(long nanoTime, Map<Long, ThreadSample> threads, String error, boolean exited) {

        /** A snapshot of a process that was there. */
        Snapshot(long nanoTime, Map<Long, ThreadSample> threads, String error) {
            this(nanoTime, threads, error, false);
        }
    }

    private final ProcFiles proc;

    ThreadSampler(ProcFiles proc) {
        this.proc = proc;
    }

    Snapshot sample(long pid) {
        long at = System.nanoTime();
        List<Long> tids = new ArrayList<>();
        tids.add(pid);
        try {
            proc.threadIds(pid).stream().filter(t -> t != pid).limit(MAX_THREADS - 1).forEach(tids::add);
        } catch (IOException unlisted) {
            // The main thread's own files may still be readable; its read below says why if not.
        }
        Map<Long, ThreadSample> threads = new LinkedHashMap<>();
        String error = null;
        for (long tid : tids) {
            try {
                threads.put(tid, read(pid, tid));
            } catch (IOException | RuntimeException unreadable) {
                // A thread that ended between the listing and the read is simply gone; the hub is not.
                if (tid == pid) {
                    error = unreadable instanceof IOException io ? reason(io, proc.threadPath(pid, tid, "stat"))
                            : proc.threadPath(pid, tid, "stat") + ": " + unreadable.getMessage();
                }
            }
        }
        // A process reaped between the samples takes its /proc directory with it: that is an exit, not a denied read.
        boolean exited = error != null && !proc.exists(pid);
        return new Snapshot(at, threads, error, exited);
    }

    private ThreadSample read(long pid, long tid) throws IOException {
        String stat = proc.threadFile(pid, tid, "stat");
        ThreadCall call = null;
        String callError = null;
        Path syscall = proc.threadPath(pid, tid, "syscall");
        try {
            call = ThreadCall.parse(proc.threadFile(pid, tid, "syscall"));
        } catch (IOException unreadable) {
            callError = reason(unreadable, syscall);
        } catch (RuntimeException unparseable) {
            callError = syscall + ": cannot parse (" + unparseable.getMessage() + ")";
        }
        String wchan;
        try {
            wchan = proc.threadFile(pid, tid, "wchan");
        } catch (IOException hidden) {
            wchan = null;
        }
        ThreadSample sample = ThreadSample.ofStat(tid, stat, call, wchan, callError);
        if (tid != pid) {
            return sample;
        }
        try {
            // Only the hub's: run-queue wait tells a CPU-bound hub on a contended host from an idle one.
            return sample.withSchedstat(proc.threadFile(pid, tid, "schedstat"));
        } catch (IOException | RuntimeException noSchedstat) {
            return sample;
        }
    }

    /** "{@code <path>: Permission denied}", the way a shell would say it. */
    static String reason(IOException e, Path path) {
        if (e instanceof AccessDeniedException) {
            return path + ": Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return path + ": No such file or directory";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof FileNotFoundException && message.endsWith(")") && message.contains(" (")) {
            // RandomAccessFile says "path (reason)".
            return path + ": " + message.substring(message.lastIndexOf(" (") + 2, message.length() - 1);
        }
        return message.startsWith(path.toString()) ? message : path + ": " + message;
    }
}
