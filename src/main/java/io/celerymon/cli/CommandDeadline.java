package io.celerymon.cli;

import io.celerymon.broker.Deadline;
import java.time.Duration;
import java.time.Instant;

/**
 * The deadline of a whole command. It counts from the start of the process, so that
 * {@code --timeout 1} bounds what the user waits for, JVM start-up and connecting included.
 */
final class CommandDeadline {

    private CommandDeadline() {
    }

    static Deadline of(Duration timeout) {
        return Deadline.in(timeout.minus(startup()));
    }

    /** How long the process has been running, as far as the deadline is concerned. */
    static long startupMillis() {
        return startup().toMillis();
    }

    private static Duration startup() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        Duration spent = Duration.between(started, Instant.now());
        if (spent.isNegative() || spent.compareTo(Duration.ofSeconds(5)) > 0) {
            // Clock oddities, or a process that lived long before this call (tests): count from now.
            return Duration.ZERO;
        }
        return spent;
    }
}
