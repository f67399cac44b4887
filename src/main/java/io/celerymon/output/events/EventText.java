package io.celerymon.output.events;

import io.celerymon.output.TerminalText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small formats the event renderers and the live screen share. */
final class EventText {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private EventText() {
    }

    /** {@code HH:MM:SS.mmm} in UTC, or {@code --:--:--.---} for a missing or absurd time. */
    static String clockMillis(double epochSeconds) {
        Instant instant = instant(epochSeconds);
        return instant == null ? "--:--:--.---" : MILLIS.format(instant);
    }

    /** {@code HH:MM:SS} in UTC, or {@code --:--:--}. */
    static String clockSeconds(double epochSeconds) {
        Instant instant = instant(epochSeconds);
        return instant == null ? "--:--:--" : SECONDS.format(instant);
    }

    private static Instant instant(double epochSeconds) {
        // Forged events can carry any number; Instant refuses years past 1e9.
        if (!Double.isFinite(epochSeconds) || Math.abs(epochSeconds) > 1e15) {
            return null;
        }
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000.0));
    }

    /** The first 8 characters of a task id (enough to tell tasks apart on a screen), cleaned. */
    static String uuid8(String uuid) {
        String clean = TerminalText.clean(uuid);
        return clean.length() <= 8 ? clean : clean.substring(0, 8);
    }

    /** Seconds with one decimal, e.g. {@code 9.4s}; {@code -} when unknown. */
    static String seconds(double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.1fs", seconds) : "-";
    }

    /** A number to two decimals at most, the way Python shows a small float: {@code 2.0}, {@code 0.42}. */
    static String number(double value) {
        if (!Double.isFinite(value) || Math.abs(value) >= 1e15) {
            return Double.toString(value);
        }
        double rounded = Math.round(value * 100.0) / 100.0;
        if (rounded == Math.rint(rounded)) {
            return String.format(Locale.ROOT, "%.1f", rounded);
        }
        return java.math.BigDecimal.valueOf(rounded).stripTrailingZeros().toPlainString();
    }
}
