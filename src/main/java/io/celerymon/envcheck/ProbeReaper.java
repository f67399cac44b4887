package io.celerymon.envcheck;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends every process a probe started: its descendants, the members of the process group the probe
 * makes itself (a child re-parented after its parent exited is still one), and any process still
 * holding the probe's stdout or stderr (a grandchild that left the group with setsid). The last
 * ones would otherwise keep celerymon reading a pipe that never ends. Only {@link #awaitGone} waits.
 */
final class ProbeReaper {

    /** How long the killed processes get to be gone before the probe's caller moves on. */
    static final long KILL_WAIT_MILLIS = 100;
    /** How often a killed process that is not our child is looked at again (it cannot be waited for). */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path proc;
    private final long probePid;
    private final long probeStart;
    /** The probe's output pipes as /proc names them ({@code pipe:[inode]}), read while it runs. */
    private final Set<String> pipes;

    private ProbeReaper(Path proc, long probePid, long probeStart, Set<String> pipes) {
        this.proc = proc;
        this.probePid = probePid;
        this.probeStart = probeStart;
        this.pipes = pipes;
    }

    /** Notes what identifies the probe's processes; call it right after the probe started. */
    static ProbeReaper watch(Path proc, long probePid) {
        Set<String> pipes = new HashSet<>();
        for (String fd : List.of("1", "2")) {
            link(proc.resolve(Long.toString(probePid)).resolve("fd").resolve(fd))
                    .filter(target -> target.startsWith("pipe:")).ifPresent(pipes::add);
        }
        long start = startTime(proc, probePid).orElse(0L);
        return new ProbeReaper(proc, probePid, start, Set.copyOf(pipes));
    }

    /**
     * SIGKILLs the probe (if alive), its descendants and its process group; {@code groups} are
     * further group ids to end (under nsenter the interpreter, nsenter's child, makes the group).
     * Returns the processes it signalled.
     */
    List<ProcessHandle> killTree(ProcessHandle probe, Set<Long> groups) {
        List<ProcessHandle> doomed = new ArrayList<>(probe.descendants().toList());
        doomed.add(0, probe);
        Set<Long> pgids = new HashSet<>(groups);
        pgids.add(probePid);
        for (long pid : pids()) {
            if (pgids.contains(processGroup(pid)) && startedWithProbe(pid)) {
                ProcessHandle.of(pid).ifPresent(doomed::add);
            }
        }
        doomed.forEach(ProcessHandle::destroyForcibly);
        return doomed;
    }

    /**
     * Waits up to {@code millis} in all for {@code processes} to stop running: SIGKILL is sent at
     * once but takes effect a moment later, and the command must not exit while they still run. A
     * zombie has stopped: an orphan killed with its parent stays one until init reaps it.
     */
    void awaitGone(List<ProcessHandle> processes, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (ProcessHandle process : processes) {
            while (process.isAlive() && !zombie(process.pid())) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    process.onExit().get(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException stillDying) {
                    // look again: it may be a zombie by now
                }
            }
        }
    }

    private boolean zombie(long pid) {
        try {
            String state = StatFields.of(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))).field(3);
            return state.equals("Z") || state.equals("X");
        } catch (IOException | RuntimeException gone) {
            return true;
        }
    }

    /** SIGKILLs every process that still holds one of the probe's output pipes; how many it found. */
    int killPipeHolders() {
        if (pipes.isEmpty()) {
            return 0;
        }
        List<ProcessHandle> holders = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (long pid : pids()) {
            if (pid != self && holdsPipe(pid)) {
                ProcessHandle.of(pid).ifPresent(holders::add);
            }
        }
        holders.forEach(ProcessHandle::destroyForcibly);
        awaitGone(holders, KILL_WAIT_MILLIS);
        return holders.size();
    }

    private boolean holdsPipe(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("fd"))) {
            for (Path fd : fds) {
                if (link(fd).filter(pipes::contains).isPresent()) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited, or not ours to look into
        }
        return false;
    }

    /** A group member started before the probe is not the probe's: its group id is only a reused number. */
    private boolean startedWithProbe(long pid) {
        return startTime(proc, pid).map(start -> start >= probeStart).orElse(false);
    }

    private long processGroup(long pid) {
        try {
            return StatFields.of(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))).number(5);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    private static Optional<Long> startTime(Path proc, long pid) {
        try {
            return Optional.of(StatFields.of(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat")))
                    .number(22));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // no /proc: the descendants found from the probe are still killed
        }
        return pids;
    }

    private static Optional<String> link(Path path) {
        try {
            return Optional.of(Files.readSymbolicLink(path).toString());
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
