package io.celerymon.diagnose;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.List;
import java.util.Locale;

/**
 * How one check ended within a run. Only a completed check decided anything; every other status
 * of a requested check fails the run (see {@link DiagnoseReport#verdict()}).
 *
 * @param check the check's name
 * @param status how it ended
 * @param findings its findings; for a timed-out, failed or not-checked check, the finding that says so
 * @param data structured data the check returned, or null
 * @param elapsedMs how long it ran
 * @param reason why it could not decide or was not requested, in a few words; null when it decided
 * @param brokerFault whether the broker is why it could not decide
 */
public record CheckOutcome(String check, Status status, List<Finding> findings, Object data, double elapsedMs,
                           String reason, BrokerFault brokerFault) {

    /** How a check ended. */
    public enum Status {
        /** It ran to its conclusion: its findings are its verdict. */
        COMPLETED,
        /** It had not finished by the deadline. */
        TIMED_OUT,
        /** It threw: it could not conclude. */
        FAILED,
        /** It needs the broker, and the broker check failed. */
        SKIPPED,
        /** The deadline left no time to start it. */
        NOT_CHECKED,
        /** The user turned it off; it does not count. */
        NOT_REQUESTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the broker is the reason a check could not decide. */
    public enum BrokerFault {
        NONE,
        /** Unreachable, not answering, not a broker, or refusing an operation (exit 4). */
        UNUSABLE,
        /** Credentials or permissions refused (exit 5). */
        REFUSED
    }

    public CheckOutcome {
        findings = List.copyOf(findings);
        brokerFault = brokerFault == null ? BrokerFault.NONE : brokerFault;
    }

    /** A check that ran to its conclusion. */
    public CheckOutcome(String check, Status status, List<Finding> findings, Object data, double elapsedMs) {
        this(check, status, findings, data, elapsedMs, null, BrokerFault.NONE);
    }

    /** A check the user turned off ({@code reason}: the option that did it). */
    public static CheckOutcome notRequested(String check, String reason) {
        return new CheckOutcome(check, Status.NOT_REQUESTED, List.of(), null, 0, reason, BrokerFault.NONE);
    }

    /** Whether it ran to its conclusion. */
    public boolean decided() {
        return status == Status.COMPLETED;
    }

    /** Whether the user asked for it (every check but the ones an option turned off). */
    public boolean requested() {
        return status != Status.NOT_REQUESTED;
    }

    /** Whether it was started at all (completed, failed or timed out). */
    public boolean ran() {
        return status == Status.COMPLETED || status == Status.FAILED || status == Status.TIMED_OUT;
    }

    /** The most severe of its findings; {@code ok} when it has none. */
    public Severity worst() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(Severity.OK);
    }
}
