package io.celerymon.broker;

import java.time.Duration;

/** A point in monotonic time after which a network wait must give up. */
public record Deadline(long atNanos) {

    /** A deadline {@code timeout} from now. */
    public static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    public long remainingMillis() {
        return remaining().toMillis();
    }

    public boolean expired() {
        return System.nanoTime() - atNanos >= 0;
    }

    /** The earlier of this deadline and one {@code limit} from now. */
    public Deadline capped(Duration limit) {
        long other = System.nanoTime() + limit.toNanos();
        return other - atNanos < 0 ? new Deadline(other) : this;
    }
}
