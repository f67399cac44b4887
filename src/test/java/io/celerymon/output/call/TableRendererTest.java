package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.testsupport.Captures;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {

    @Test
    void columnsAlignAcrossOkErrorMissingAndStaleRows() {
        List<String> lines = new TableRenderer().render(Captures.mixedPing()).lines().toList();

        assertThat(lines).hasSize(7);
        String header = lines.get(0);
        assertThat(header).matches("WORKER +STATUS +LATENCY +REPLY");
        int status = header.indexOf("STATUS");
        int latencyEnd = header.indexOf("LATENCY") + "LATENCY".length();
        int reply = header.indexOf("REPLY");
        List<String> rows = lines.subList(1, 6);
        for (String row : rows) {
            assertThat(row.charAt(status - 1)).isEqualTo(' ');
            assertThat(row.charAt(status)).isNotEqualTo(' ');
            assertThat(row.charAt(latencyEnd - 1)).isNotEqualTo(' ');
            assertThat(row.charAt(latencyEnd)).isEqualTo(' ');
            assertThat(row.charAt(reply - 1)).isEqualTo(' ');
            assertThat(row.charAt(reply)).isNotEqualTo(' ');
            assertThat(row).doesNotEndWith(" ");
        }
        assertThat(rows.get(0)).startsWith("prefork@lab").contains(" ok ", "1.3 ms").endsWith("pong");
        assertThat(rows.get(1)).startsWith("threads@lab").contains(" error ", "12.3 ms")
                .endsWith("KeyError('x')");
        assertThat(rows.get(2)).startsWith("solo@lab").contains("130.0 ms")
                .endsWith("worker replies with pickle: not supported");
        assertThat(rows.get(3)).startsWith("gevent@lab").contains(" no reply ").endsWith(" -");
        assertThat(rows.get(4)).startsWith("old@lab").contains(" stale ");
    }

    @Test
    void footerCountsExpectedWorkersAndNamesTheMissingOnes() {
        String footer = last(new TableRenderer().render(Captures.mixedPing()));

        assertThat(footer).isEqualTo("3 of 4 expected workers replied in 1003 ms; missing: gevent@lab;"
                + " 2 errors; stale pidboxes: old@lab; ignored 3 messages (1 duplicate, 2 late)");
    }

    @Test
    void footerWhenEveryExpectedWorkerReplied() {
        String footer = last(new TableRenderer().render(Captures.allReplied("ping")));

        assertThat(footer).isEqualTo("5 workers replied in 12 ms");
    }

    @Test
    void footerWhenNothingWasExpected() {
        CallResult result = withExpected(Captures.allReplied("ping"), ExpectedWorkers.none(), 1002.4);

        assertThat(last(new TableRenderer().render(result)))
                .isEqualTo("5 workers replied in 1002 ms (no expected set: waited the full timeout)");
    }

    @Test
    void footerWhenOnlyACountWasExpected() {
        CallResult result = withExpected(Captures.allReplied("ping"),
                new ExpectedWorkers(ExpectedWorkers.Source.COUNT, List.of(), 7), 1001.0);

        assertThat(last(new TableRenderer().render(result)))
                .isEqualTo("5 of 7 expected workers replied in 1001 ms");
    }

    @Test
    void noRowsMeansNoHeaderOnlyTheFooter() {
        CallResult nobody = new CallResult("ping", "redis://127.0.0.1:6379/0", 1000.0, List.of(),
                List.of(), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        assertThat(new TableRenderer().render(nobody))
                .isEqualTo("0 workers replied in 1000 ms (no expected set: waited the full timeout)\n");
    }

    @Test
    void statsRowsLeadWithThePoolKind() {
        List<String> lines = new TableRenderer().render(Captures.allReplied("stats")).lines().toList();

        assertThat(lines.get(1)).startsWith("prefork@lab").endsWith(
                "pool=prefork conc=2 pid=16228 uptime=250s tasks=2");
        assertThat(lines.subList(1, 6)).extracting(l -> l.substring(l.indexOf("pool=")).split(" ")[0])
                .containsExactly("pool=prefork", "pool=eventlet", "pool=gevent", "pool=solo",
                        "pool=threads");
    }

    @Test
    void hostileWorkerNamesAndTextCannotDriveTheTerminal() {
        JsonNode reply = Captures.parse("[{\"name\": \"tasks.x\\u001b]0;pwned\\u0007\"}]");
        CallResult result = new CallResult("active", "redis://127.0.0.1:6379/0", 3.0,
                List.of(new WorkerReply("evil\u001b[2J@h\r", reply, null, 1.0),
                        new WorkerReply("bad@h", null, "line1\nline2\u009b", 1.0)),
                List.of("gone\u0007@h"), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        String text = new TableRenderer().render(result);

        assertThat(text).doesNotContain("\u001b", "\u0007", "\r", "\u009b");
        assertThat(text).contains("evil\\x1b[2J@h\\r", "tasks.x\\x1b]0;pwned\\x07", "line1\\nline2\\u009b",
                "gone\\x07@h");
        assertThat(text.lines()).hasSize(5);
    }

    @Test
    void secretsAreRedactedInTheTable() {
        CallResult result = new CallResult("conf", "redis://127.0.0.1:6379/0", 3.0,
                List.of(new WorkerReply("w@h", null, "boom at redis://:hunter2@cache:6379", 1.0)),
                List.of(), List.of(), ExpectedWorkers.none(), IgnoredReplies.NONE);

        assertThat(new TableRenderer().render(result)).doesNotContain("hunter2")
                .contains("redis://:****@cache:6379");
    }

    private static CallResult withExpected(CallResult base, ExpectedWorkers expected, double elapsed) {
        return new CallResult(base.method(), base.broker(), elapsed, base.replies(), base.missing(),
                base.stale(), expected, base.ignored());
    }

    private static String last(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }
}
