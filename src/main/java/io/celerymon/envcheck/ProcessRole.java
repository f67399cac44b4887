package io.celerymon.envcheck;

import java.util.Locale;

/** What a scanned process is, judged from its command line. */
public enum ProcessRole {
    WORKER, BEAT, FLOWER,
    /** A process named with {@code --pid} that is none of the above (e.g. a Tornado server). */
    OTHER;

    /** The lower-case name used in JSON and tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
