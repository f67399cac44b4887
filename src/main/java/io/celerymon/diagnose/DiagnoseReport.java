package io.celerymon.diagnose;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.List;
import java.util.Optional;

/**
 * The result of one diagnose run, for the renderers: every check's outcome in report order.
 *
 * @param broker the broker endpoint, password masked
 * @param startedEpoch epoch seconds the run started
 * @param elapsedMs wall time of the run (process start-up excluded)
 * @param failOn the fail level: findings at or above it fail the run (a check that could not decide
 *     fails it whatever the level)
 * @param checks each check's outcome
 */
public record DiagnoseReport(String broker, double startedEpoch, double elapsedMs, Severity failOn,
                             List<CheckOutcome> checks) {

    public DiagnoseReport {
        checks = List.copyOf(checks);
    }

    /** Every finding, check by check. */
    public List<Finding> findings() {
        return checks.stream().flatMap(c -> c.findings().stream()).toList();
    }

    /**
     * The run's verdict. A requested check that did not decide fails the run whatever the fail
     * level: with the broker's fault when the broker is why (it refused: {@link Verdict#BROKER_REFUSED};
     * otherwise {@link Verdict#BROKER_UNUSABLE}), else {@link Verdict#NOT_DECIDED}. Only when every
     * requested check decided do the findings and the fail level decide.
     */
    public Verdict verdict() {
        boolean refused = false;
        boolean unusable = false;
        for (CheckOutcome check : checks) {
            CheckOutcome.BrokerFault fault = brokerFault(check);
            refused |= fault == CheckOutcome.BrokerFault.REFUSED;
            unusable |= fault == CheckOutcome.BrokerFault.UNUSABLE;
        }
        if (refused) {
            return Verdict.BROKER_REFUSED;
        }
        if (unusable) {
            return Verdict.BROKER_UNUSABLE;
        }
        if (!undecided().isEmpty()) {
            return Verdict.NOT_DECIDED;
        }
        return findings().stream().anyMatch(f -> f.fails(failOn)) ? Verdict.FINDINGS : Verdict.PASSED;
    }

    /** Whether the run failed: anything but {@link Verdict#PASSED}. */
    public boolean failed() {
        return verdict() != Verdict.PASSED;
    }

    /** The requested checks that could not decide (failed, timed out, skipped, not checked), in report order. */
    public List<CheckOutcome> undecided() {
        return checks.stream().filter(CheckOutcome::requested).filter(c -> !c.decided()).toList();
    }

    /** The checks the user turned off. */
    public List<CheckOutcome> notRequested() {
        return checks.stream().filter(c -> !c.requested()).toList();
    }

    /** The broker check's own findings say whether the broker could be used; other checks say it when they failed on it. */
    private static CheckOutcome.BrokerFault brokerFault(CheckOutcome check) {
        for (var finding : check.findings()) {
            if (finding.id().equals(BrokerCheck.AUTH_FAILED)) {
                return CheckOutcome.BrokerFault.REFUSED;
            }
            if (finding.id().equals(BrokerCheck.UNREACHABLE) || finding.id().equals(BrokerCheck.UNUSABLE)) {
                return CheckOutcome.BrokerFault.UNUSABLE;
            }
        }
        return check.brokerFault();
    }

    /** How many checks that decided ended with this worst severity. */
    public long checksAt(Severity severity) {
        return checks.stream().filter(CheckOutcome::decided).filter(c -> c.worst() == severity).count();
    }

    /** How many checks were started (completed, failed or timed out). */
    public long checksRun() {
        return checks.stream().filter(CheckOutcome::ran).count();
    }

    public long findingsAt(Severity severity) {
        return findings().stream().filter(f -> f.severity() == severity).count();
    }

    /** The first data of this type a check returned (the blocking matrix, queue rows, …). */
    public <T> Optional<T> data(Class<T> type) {
        return checks.stream().map(CheckOutcome::data).filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The rows a check returned as a list of this element type, or an empty list. */
    public <T> List<T> rows(String check, Class<T> type) {
        return checks.stream().filter(c -> c.check().equals(check)).map(CheckOutcome::data)
                .filter(List.class::isInstance).map(d -> (List<?>) d).findFirst().orElse(List.of())
                .stream().filter(type::isInstance).map(type::cast).toList();
    }
}
