package io.celerymon.events;

import java.time.Clock;
import java.time.Instant;

/**
 * Converts monotonic {@code System.nanoTime()} readings to epoch seconds from one anchor, so
 * durations stay monotonic while every epoch value derived from them stays consistent.
 *
 * @param anchorNanos a nanoTime reading
 * @param anchorEpochSeconds the wall-clock epoch seconds at that reading
 */
public record NanoEpoch(long anchorNanos, double anchorEpochSeconds) {

    /** Anchors {@code nanoNow} to the clock's current instant. */
    public static NanoEpoch anchor(Clock clock, long nanoNow) {
        Instant now = clock.instant();
        return new NanoEpoch(nanoNow, now.getEpochSecond() + now.getNano() / 1e9);
    }

    /** Epoch seconds at the nanoTime reading {@code nanos}. */
    public double toEpoch(long nanos) {
        return anchorEpochSeconds + (nanos - anchorNanos) / 1e9;
    }

    /** Seconds from {@code fromNanos} to {@code toNanos}. */
    public static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
