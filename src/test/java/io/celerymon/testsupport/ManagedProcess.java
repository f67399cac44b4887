package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A child process that is always ended, with its descendants, by PID: on {@link #stop}, or by a
 * JVM shutdown hook if a test forgot or crashed.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Process process;
    private final String description;
    private final Thread shutdownHook;

    private ManagedProcess(Process process, String description) {
        this.process = process;
        this.description = description;
        this.shutdownHook = new Thread(this::killTree, "kill " + description);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code builder}; {@code description} names the process in failure messages. */
    public static ManagedProcess start(ProcessBuilder builder, String description) {
        try {
            return new ManagedProcess(builder.start(), description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + description, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String description() {
        return description;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** PIDs of the process and all its descendants that are alive now. */
    public List<Long> livePids() {
        return treeSnapshot().stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toList());
    }

    /** Sends a signal by name ("TERM", "INT", "QUIT", "KILL") to the process only. */
    public void signal(String signalName) {
        Signals.send(process.pid(), signalName);
    }

    /**
     * SIGTERM to the process, up to {@code grace} for it and its descendants to exit, then SIGKILL
     * to whatever is left. Returns the exit code, or -1 if it had to be killed.
     */
    public int stop(Duration grace) {
        // Descendants are listed before the signal: once the parent exits, they are re-parented
        // and can no longer be found from it.
        List<ProcessHandle> tree = treeSnapshot();
        if (process.isAlive()) {
            signal("TERM");
        }
        boolean clean = waitForExit(tree, grace);
        if (!clean) {
            tree.forEach(ProcessHandle::destroyForcibly);
            waitForExit(tree, KILL_WAIT);
        }
        forgetShutdownHook();
        return clean ? process.exitValue() : -1;
    }

    /** SIGKILL to the process alone, as a crash would; its descendants are left as they are. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to the process and every descendant, without waiting for a clean exit. */
    public void killTree() {
        List<ProcessHandle> tree = treeSnapshot();
        tree.forEach(ProcessHandle::destroyForcibly);
        waitForExit(tree, KILL_WAIT);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private void forgetShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or about to run; it kills an already dead tree, which is harmless.
        }
    }

    private List<ProcessHandle> treeSnapshot() {
        ProcessHandle self = process.toHandle();
        List<ProcessHandle> tree = self.descendants().collect(Collectors.toList());
        tree.add(0, self);
        return tree;
    }

    private static boolean waitForExit(List<ProcessHandle> handles, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (ProcessHandle handle : handles) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return handles.stream().noneMatch(ProcessHandle::isAlive);
            }
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception timeoutOrFailure) {
                return handles.stream().noneMatch(ProcessHandle::isAlive);
            }
        }
        return true;
    }
}
