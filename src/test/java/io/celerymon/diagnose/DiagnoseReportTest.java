package io.celerymon.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict rule: a requested check that could not decide fails the run whatever the fail level. */
class DiagnoseReportTest {

    private static CheckOutcome decided(String check, String id, Severity severity) {
        return new CheckOutcome(check, CheckOutcome.Status.COMPLETED,
                List.of(new Finding(id, severity, check, id, Map.of(), "")), null, 1);
    }

    private static CheckOutcome undecided(String check, CheckOutcome.Status status, CheckOutcome.BrokerFault fault) {
        return new CheckOutcome(check, status, List.of(), null, 1, status.label(), fault);
    }

    private static DiagnoseReport report(Severity failOn, CheckOutcome... checks) {
        return new DiagnoseReport("redis://h:1/0", 0, 10, failOn, List.of(checks));
    }

    @Test
    void everyRequestedCheckDecidedAndNothingAtTheFailLevelPasses() {
        DiagnoseReport report = report(Severity.CRITICAL, decided("broker", "broker_ok", Severity.OK),
                decided("queues", "queue_backlog", Severity.WARN),
                CheckOutcome.notRequested("local_processes", "--no-local-scan"),
                CheckOutcome.notRequested("flower", "no --flower URL given"));

        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.failed()).isFalse();
        assertThat(report.undecided()).isEmpty();
        assertThat(report.notRequested()).extracting(CheckOutcome::check).containsExactly("local_processes", "flower");
    }

    @Test
    void aFindingAtTheFailLevelFailsWithFindings() {
        DiagnoseReport report = report(Severity.WARN, decided("broker", "broker_ok", Severity.OK),
                decided("queues", "queue_backlog", Severity.WARN));

        assertThat(report.verdict()).isEqualTo(Verdict.FINDINGS);
    }

    @Test
    void aCheckThatCouldNotDecideFailsWhateverTheFailLevel() {
        for (CheckOutcome.Status status : List.of(CheckOutcome.Status.TIMED_OUT, CheckOutcome.Status.FAILED,
                CheckOutcome.Status.SKIPPED, CheckOutcome.Status.NOT_CHECKED)) {
            DiagnoseReport report = report(Severity.CRITICAL, decided("broker", "broker_ok", Severity.OK),
                    undecided("heartbeats", status, CheckOutcome.BrokerFault.NONE));

            assertThat(report.verdict()).as(status.label()).isEqualTo(Verdict.NOT_DECIDED);
            assertThat(report.failed()).isTrue();
            assertThat(report.undecided()).extracting(CheckOutcome::check).containsExactly("heartbeats");
            assertThat(report.checksAt(Severity.OK)).isEqualTo(1);
        }
    }

    @Test
    void theBrokerAsTheCauseIsUnusableOrRefused() {
        assertThat(report(Severity.CRITICAL, decided("broker", "broker_unreachable", Severity.CRITICAL),
                undecided("pool", CheckOutcome.Status.SKIPPED, null)).verdict()).isEqualTo(Verdict.BROKER_UNUSABLE);
        assertThat(report(Severity.CRITICAL, decided("broker", "broker_unusable", Severity.CRITICAL)).verdict())
                .isEqualTo(Verdict.BROKER_UNUSABLE);
        assertThat(report(Severity.CRITICAL, decided("broker", "broker_auth_failed", Severity.CRITICAL)).verdict())
                .isEqualTo(Verdict.BROKER_REFUSED);
        // A check whose own broker calls failed blames the broker too; a refusal wins over the rest.
        assertThat(report(Severity.CRITICAL, decided("broker", "broker_ok", Severity.OK),
                undecided("queues", CheckOutcome.Status.FAILED, CheckOutcome.BrokerFault.UNUSABLE),
                undecided("leftovers", CheckOutcome.Status.FAILED, CheckOutcome.BrokerFault.REFUSED)).verdict())
                .isEqualTo(Verdict.BROKER_REFUSED);
    }

    @Test
    void onlyChecksThatRanAreCountedAsRun() {
        DiagnoseReport report = report(Severity.CRITICAL, decided("broker", "broker_ok", Severity.OK),
                undecided("pool", CheckOutcome.Status.TIMED_OUT, null),
                undecided("queues", CheckOutcome.Status.SKIPPED, null),
                CheckOutcome.notRequested("flower", "no --flower URL given"));

        assertThat(report.checksRun()).isEqualTo(2);
        assertThat(report.undecided()).hasSize(2);
    }
}
