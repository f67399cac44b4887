package io.celerymon.diagnose;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.List;

/**
 * How one check ended within a run.
 *
 * @param check the check's name
 * @param status completed, timed out, failed with an error, or skipped (no broker)
 * @param findings its findings; for a timed-out or failed check, the finding that says so
 * @param data structured data the check returned, or null
 * @param elapsedMs how long it ran
 */
public record CheckOutcome(String check, Status status, List<Finding> findings, Object data, double elapsedMs) {

    /** How a check ended. */
    public enum Status {
        COMPLETED, TIMED_OUT, FAILED, SKIPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CheckOutcome {
        findings = List.copyOf(findings);
    }

    /** The most severe of its findings; {@code ok} when it has none. */
    public Severity worst() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(Severity.OK);
    }
}
