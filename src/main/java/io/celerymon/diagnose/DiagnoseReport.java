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
 * @param failOn the fail level: findings at or above it fail the run
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

    /** Whether any finding is at or above the fail level. */
    public boolean failed() {
        return findings().stream().anyMatch(f -> f.fails(failOn));
    }

    /** How many checks ran (skipped ones not counted) and ended with this worst severity. */
    public long checksAt(Severity severity) {
        return checks.stream().filter(c -> c.status() != CheckOutcome.Status.SKIPPED)
                .filter(c -> c.worst() == severity).count();
    }

    /** How many checks ran, skipped ones not counted. */
    public long checksRun() {
        return checks.stream().filter(c -> c.status() != CheckOutcome.Status.SKIPPED).count();
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
