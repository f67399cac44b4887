package io.celerymon.diagnose;

import java.util.Locale;

/** What a diagnose run concludes as a whole; the CLI maps it to the exit code. */
public enum Verdict {
    /** Every requested check decided, and no finding reached the fail level. */
    PASSED,
    /** Every requested check decided, and a finding reached the fail level. */
    FINDINGS,
    /** A requested check failed, timed out or never ran, for a reason other than the broker. */
    NOT_DECIDED,
    /** The broker could not be reached or used (not answering, not a broker, refusing an operation). */
    BROKER_UNUSABLE,
    /** The broker refused the credentials or a permission the checks need. */
    BROKER_REFUSED;

    /** The lower-case name used in JSON ({@code passed}, {@code not_decided}, …). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
