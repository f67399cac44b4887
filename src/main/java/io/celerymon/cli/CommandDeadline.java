package io.celerymon.cli;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The deadline of a whole command. It counts from the start of the process, so that
 * {@code --timeout 1} bounds what the user waits for, JVM start-up and connecting included. On a
 * starved machine, where start-up alone ate most of it, the broker still gets a fixed share of the
 * timeout: a slow start must not be reported as a dead broker.
 */
final class CommandDeadline {

    /** Linux's USER_HZ, the unit of a process's start time in /proc; 100 on every mainstream kernel. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    /** The share of the timeout the broker phase always gets, however long start-up took. */
    static final double BROKER_SHARE = 0.3;

    private CommandDeadline() {
    }

    static Deadline of(Duration timeout) {
        return of(timeout, startupMillis());
    }

    static Deadline of(Duration timeout, long startupMillis) {
        Duration left = timeout.minus(Duration.ofMillis(startupMillis));
        Duration floor = Duration.ofNanos((long) (timeout.toNanos() * BROKER_SHARE));
        return Deadline.in(left.compareTo(floor) < 0 ? floor : left);
    }

    /**
     * How long this process has been running. Read from /proc as uptime minus the process's start
     * tick (10 ms resolution); {@code ProcessHandle.Info.startInstant()} is not used because it
     * adds the boot time, which Linux gives in whole seconds, and can be off by most of a second.
     * Where /proc cannot tell (or the process is long-lived, as in tests), 0: count from now.
     */
    static long startupMillis() {
        try {
            String uptime = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Field 22 (starttime) counted after the ")" that closes the command name, which may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double started = Long.parseLong(fields[19]) / CLOCK_TICKS_PER_SECOND;
            long ageMillis = Math.round((Double.parseDouble(uptime) - started) * 1000);
            return ageMillis < 0 || ageMillis > 5000 ? 0 : ageMillis;
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
    }
}
