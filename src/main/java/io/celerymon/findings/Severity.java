package io.celerymon.findings;

import java.util.Locale;

/** How bad a finding is, from harmless to a cluster or monitor that cannot work; ordered. */
public enum Severity {
    OK, INFO, WARN, CRITICAL;

    /** Whether this severity reaches {@code level} (a finding at the fail level fails the run). */
    public boolean atLeast(Severity level) {
        return compareTo(level) >= 0;
    }

    /** The lower-case name used in JSON, tables and options ({@code ok}, {@code info}, …). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label case-insensitively; {@code IllegalArgumentException} names the valid ones. */
    public static Severity parse(String label) {
        for (Severity s : values()) {
            if (s.label().equalsIgnoreCase(label.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + label + "' (ok, info, warn, critical)");
    }
}
