package io.celerymon.output;

import java.util.Locale;

/** How a command prints its result: an aligned table for people, JSON or NDJSON for programs. */
public enum OutputFormat {
    TABLE,
    JSON,
    NDJSON;

    /**
     * Parses the {@code --output} value ({@code table}, {@code json} or {@code ndjson}, any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static OutputFormat parse(String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT);
            for (OutputFormat format : values()) {
                if (format.cliName().equals(wanted)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("unknown output format '" + TerminalText.clean(text)
                + "': expected table, json or ndjson");
    }

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The command-line name, so that picocli lists {@code table, json, ndjson} as candidates. */
    @Override
    public String toString() {
        return cliName();
    }
}
