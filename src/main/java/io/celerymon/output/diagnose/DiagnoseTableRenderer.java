package io.celerymon.output.diagnose;

import io.celerymon.diagnose.BlockingMatrix;
import io.celerymon.diagnose.CheckOutcome;
import io.celerymon.diagnose.DiagnoseReport;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.output.Millis;
import io.celerymon.output.TerminalText;
import io.celerymon.output.TextTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code diagnose} for people: the findings, worst first; the blocking matrix (worker × method);
 * what to do about each problem; the checks that could not decide and why, and those not
 * requested; and one summary line (checks run, ok, warn, critical, not decided, elapsed, verdict).
 */
public final class DiagnoseTableRenderer {

    public String render(DiagnoseReport report) {
        StringBuilder out = new StringBuilder();
        TextTable findings = new TextTable(List.of("SEVERITY", "CHECK", "SUBJECT", "FINDING"));
        List<Row> rows = new ArrayList<>();
        for (CheckOutcome outcome : report.checks()) {
            outcome.findings().forEach(f -> rows.add(new Row(outcome.check(), f)));
        }
        rows.sort(Comparator.comparing((Row r) -> r.finding.severity()).reversed());
        for (Row row : rows) {
            findings.add(row.finding.severity().label().toUpperCase(Locale.ROOT), TerminalText.clean(row.check),
                    TerminalText.clean(row.finding.subject()), TerminalText.clean(row.finding.summary()));
        }
        out.append(findings.render());
        report.data(BlockingMatrix.class).filter(m -> !m.rows().isEmpty()).ifPresent(m -> out.append('\n').append(matrix(m)));
        List<Row> problems = rows.stream().filter(r -> r.finding.severity().atLeast(Severity.WARN)
                && !r.finding.remedy().isEmpty()).toList();
        if (!problems.isEmpty()) {
            out.append("\nWhat to do:\n");
            for (Row row : problems) {
                out.append("  ").append(TerminalText.clean(row.finding.subject())).append(": ")
                        .append(TerminalText.clean(row.finding.remedy())).append('\n');
            }
        }
        List<CheckOutcome> undecided = report.undecided();
        if (!undecided.isEmpty()) {
            out.append("\nCould not decide (the run fails whatever --fail-on says):\n");
            for (CheckOutcome check : undecided) {
                out.append("  ").append(TerminalText.clean(check.check())).append(": ")
                        .append(TerminalText.clean(String.valueOf(check.reason()))).append('\n');
            }
        }
        List<CheckOutcome> off = report.notRequested();
        if (!off.isEmpty()) {
            out.append("\nNot requested: ").append(String.join(", ", off.stream()
                    .map(c -> TerminalText.clean(c.check() + " (" + c.reason() + ")")).toList())).append('\n');
        }
        out.append('\n').append(summary(report)).append('\n');
        return out.toString();
    }

    /**
     * "9 checks run: 6 ok, 1 warn, 2 critical; 5.31 s; FAILED (fail level critical)", with
     * ", N not decided" after the critical count and "; N not requested" after it when there are any.
     */
    static String summary(DiagnoseReport report) {
        long ok = report.checksAt(Severity.OK) + report.checksAt(Severity.INFO);
        int undecided = report.undecided().size();
        int off = report.notRequested().size();
        String why = switch (report.verdict()) {
            case NOT_DECIDED -> "; " + undecided + " could not decide";
            case BROKER_UNUSABLE -> "; broker unusable";
            case BROKER_REFUSED -> "; broker refused access";
            default -> "";
        };
        return String.format(Locale.ROOT, "%d check%s run: %d ok, %d warn, %d critical%s%s; %.2f s; %s (fail level %s%s)",
                report.checksRun(), report.checksRun() == 1 ? "" : "s", ok, report.checksAt(Severity.WARN), report.checksAt(Severity.CRITICAL),
                undecided > 0 ? ", " + undecided + " not decided" : "", off > 0 ? "; " + off + " not requested" : "",
                report.elapsedMs() / 1000, report.failed() ? "FAILED" : "passed", report.failOn().label(), why);
    }

    private static String matrix(BlockingMatrix matrix) {
        List<String> headers = new ArrayList<>();
        headers.add("WORKER");
        matrix.methods().forEach(m -> headers.add(m.toUpperCase(Locale.ROOT)));
        boolean[] right = new boolean[headers.size()];
        java.util.Arrays.fill(right, 1, right.length, true);
        TextTable table = new TextTable(headers, right);
        matrix.rows().forEach((worker, cells) -> {
            List<String> row = new ArrayList<>();
            row.add(TerminalText.clean(worker));
            matrix.methods().forEach(m -> row.add(cell(cells.get(m))));
            table.add(row.toArray(String[]::new));
        });
        return String.format(Locale.ROOT, "Inspect calls (timeout %s ms, slow above %s ms):%n",
                Millis.whole(matrix.timeoutMs()), Millis.whole(matrix.slowMs())) + table.render();
    }

    private static String cell(BlockingMatrix.Cell cell) {
        return switch (cell.status()) {
            case OK -> Millis.tenths(cell.latencyMs());
            case SLOW -> "slow " + Millis.whole(cell.latencyMs()) + " ms";
            case TIMEOUT -> "TIMEOUT";
            case ERROR -> "ERROR";
        };
    }

    private record Row(String check, Finding finding) {
    }
}
