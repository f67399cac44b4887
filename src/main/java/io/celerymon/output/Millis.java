package io.celerymon.output;

import java.util.Locale;

/** Rounding and display of durations given in milliseconds. */
public final class Millis {
    private Millis() {
    }

    /** Rounds to 0.1 ms, the precision every document promises. */
    public static double round(double ms) {
        return Math.round(ms * 10.0) / 10.0;
    }

    /** {@code 12.3 ms}, or {@code -} when the duration is unknown. */
    public static String tenths(double ms) {
        if (!Double.isFinite(ms)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f ms", round(ms));
    }

    /** Whole milliseconds, e.g. {@code 1003}, for sentences. */
    public static String whole(double ms) {
        if (!Double.isFinite(ms)) {
            return "?";
        }
        return Long.toString(Math.round(ms));
    }
}
