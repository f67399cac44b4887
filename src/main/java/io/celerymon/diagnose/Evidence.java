package io.celerymon.diagnose;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a finding's evidence map in the order the facts are given; null values are left out. */
final class Evidence {

    private final Map<String, Object> values = new LinkedHashMap<>();

    static Evidence of(String key, Object value) {
        return new Evidence().and(key, value);
    }

    Evidence and(String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    Map<String, Object> map() {
        return values;
    }

    /** Milliseconds rounded to 0.1, so JSON and tables show a readable number. */
    static double ms(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    /** Seconds rounded to 0.01. */
    static double seconds(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
