package io.celerymon.cli;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The deadline of a whole command. It counts from the start of the process, so that
 * {@code --timeout 1} bounds what the user waits for, JVM start-up and connecting included.
 */
final class CommandDeadline {

    /** Linux's USER_HZ, the unit of a process's start time in /proc; 100 on every mainstream kernel. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private CommandDeadline() {
    }

    static Deadline of(Duration timeout) {
        return Deadline.in(timeout.minus(Duration.ofMillis(startupMillis())));
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
