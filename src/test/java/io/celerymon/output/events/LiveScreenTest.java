package io.celerymon.output.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.events.ClusterSnapshot;
import io.celerymon.events.TaskFailure;
import io.celerymon.events.WorkerView;
import io.celerymon.output.TerminalText;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LiveScreenTest {

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"80,24", "40,10", "200,50", "20,5", "1,1"})
    void nothingExceedsTheScreen(int cols, int rows) {
        List<String> screen = LiveScreen.render(EventFixtures.snapshot(), cols, rows);

        assertThat(screen).hasSizeLessThanOrEqualTo(rows).isNotEmpty();
        assertThat(screen).allSatisfy(line -> assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(cols));
    }

    /** A 71-character hostname, as in the issue. */
    private static final String LONG_HOST = "celery-worker-for-the-nightly-reporting-pipeline-" + "x".repeat(13) + "@host.lab";
    private static final String CJK_HOST = "作業者漢字ワーカー@サーバー";
    private static final String EMOJI_HOST = "snake🐍rocket🚀@lab";

    private static ClusterSnapshot wideNames() {
        return EventFixtures.snapshot(List.of(EventFixtures.online(CJK_HOST), EventFixtures.online(EMOJI_HOST),
                EventFixtures.stalled(LONG_HOST), EventFixtures.online("w1@lab")), List.of());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"40,24", "60,24", "80,24", "120,30", "200,50", "20,5", "10,5"})
    void noLineIsWiderThanTheScreenInCellsWithWideHostnames(int cols, int rows) {
        List<String> screen = LiveScreen.render(wideNames(), cols, rows);

        assertThat(screen).hasSizeLessThanOrEqualTo(rows)
                .allSatisfy(line -> assertThat(TerminalText.columns(line)).isLessThanOrEqualTo(cols));
    }

    @Test
    void columnsLineUpInCellsAfterCjkAndEmojiHostnames() {
        List<String> screen = LiveScreen.render(wideNames(), 200, 30);
        int title = screen.indexOf("WORKERS 4 (1 stalled)");
        String header = screen.get(title + 1);
        List<String> rows = screen.subList(title + 2, title + 6);

        int status = cellsBefore(header, "STATUS");
        int pool = cellsBefore(header, "POOL");
        assertThat(rows).allSatisfy(row -> {
            assertThat(cellsBefore(row, row.contains(" online ") ? " online " : " stalled ") + 1).as(row).isEqualTo(status);
            assertThat(cellsBefore(row, row.contains("prefork") ? "prefork" : "gevent")).as(row).isEqualTo(pool);
        });
        assertThat(rows).anyMatch(row -> row.startsWith(CJK_HOST + "  ")).anyMatch(row -> row.startsWith(EMOJI_HOST + "  "));
    }

    private static int cellsBefore(String line, String what) {
        return TerminalText.columns(line.substring(0, line.indexOf(what)));
    }

    @Test
    void at40ColumnsALongHostnameIsShortenedAndStatusStaysVisible() {
        List<String> screen = LiveScreen.render(wideNames(), 40, 24);

        assertThat(screen).anyMatch(line -> line.startsWith("HOSTNAME") && line.contains("STATUS"));
        assertThat(screen).anyMatch(line -> line.startsWith("celery-work...x@host.lab  stalled"));
        assertThat(screen).anyMatch(line -> line.startsWith("作業者漢字...@サーバー  ") && line.contains("online"));
        assertThat(screen).anyMatch(line -> line.startsWith(EMOJI_HOST) && line.contains("online"));
    }

    @Test
    void at120ColumnsLoadAndPoolStayVisibleWithA71CharacterHostname() {
        assertThat(LONG_HOST).hasSize(71);

        List<String> screen = LiveScreen.render(wideNames(), 120, 30);

        String header = screen.stream().filter(line -> line.startsWith("HOSTNAME")).findFirst().orElseThrow();
        assertThat(header).contains("LOAD", "POOL");
        assertThat(screen).anyMatch(line -> line.contains("...") && line.contains("stalled")
                && line.endsWith("0.10 0.20 0.30  gevent"));
        assertThat(screen).allSatisfy(line -> assertThat(TerminalText.columns(line)).isLessThanOrEqualTo(120));
    }

    @Test
    void aShortHostnameColumnShowsBothEndsOfAName() {
        List<String> screen = LiveScreen.render(wideNames(), 60, 24);

        String row = screen.stream().filter(line -> line.contains("  stalled")).findFirst().orElseThrow();
        String host = row.substring(0, row.indexOf("  "));
        assertThat(TerminalText.columns(host)).isEqualTo(24);
        assertThat(host).startsWith("celery-work").contains("...").endsWith("x@host.lab");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"20,5", "40,5", "80,5", "80,6", "80,8"})
    void aWorkerRowIsShownFromFiveRowsUp(int cols, int rows) {
        List<String> screen = LiveScreen.render(EventFixtures.snapshot(), cols, rows);

        assertThat(screen).hasSize(rows);
        assertThat(screen.get(1)).startsWith("WORKERS 4");
        assertThat(screen.get(2)).startsWith("HOSTNAME");
        assertThat(screen.get(3)).matches("(prefork|gevent|solo|gone)@lab .*");
    }

    @Test
    void theLoadColumnLinesUpItsThreeNumbers() {
        WorkerView busy = new WorkerView("busy@lab", io.celerymon.events.WorkerStatus.ONLINE, 0.4, 2.0, 0, 1,
                List.of(12.5, 3.0, 0.25), "prefork", "5.2.6", 2.0, 0.0);
        ClusterSnapshot snapshot = EventFixtures.snapshot(List.of(busy, EventFixtures.online("idle@lab")), List.of());

        List<String> screen = LiveScreen.render(snapshot, 120, 30);

        assertThat(screen).contains(
                "busy@lab  online     0.4s  2.0s       0          1  12.50 3.00 0.25  prefork",
                "idle@lab  online     0.4s  2.0s       0         12   0.42 0.50 0.61  prefork");
    }

    @Test
    void fullScreenAt80x24() {
        List<String> screen = LiveScreen.render(EventFixtures.snapshot(), 80, 24);
        String text = String.join("\n", screen);

        assertThat(screen.get(0)).isEqualTo(
                "celerymon  redis://:****@127.0.0.1:6379/0  elapsed 00:01:23  events 1234  q=quit");
        assertThat(screen).contains("WORKERS 4 (1 stalled, 1 offline)",
                "HOSTNAME     STATUS   LAST HB  FREQ  ACTIVE  PROCESSED  LOAD            POOL",
                "prefork@lab  online      0.4s  2.0s       0         12  0.42 0.50 0.61  prefork",
                "gevent@lab   stalled     9.4s  2.0s       1          3  0.10 0.20 0.30  gevent",
                "gone@lab     offline        -     -       -          -  -               -",
                "TASKS    received  started  succeeded  failed",
                "per sec      1.20     1.20       1.10    0.10",
                "total          72       72         66       6",
                "RECENT FAILURES  up/down=select  t=traceback",
                "15:00:44  ZeroDivisionError('division by zero')  tasks.div[79dc6cb1]  solo@lab");
        assertThat(screen).contains("");
    }

    @Test
    void onlyTheStalledWorkerIsMarkedForHighlight() {
        List<LiveScreen.Line> lines = LiveScreen.lines(EventFixtures.snapshot(), 80, 24);

        assertThat(lines).filteredOn(LiveScreen.Line::alert).extracting(LiveScreen.Line::text)
                .singleElement().asString().startsWith("gevent@lab   stalled");
    }

    @Test
    void smallScreenKeepsStalledWorkerAndFailure() {
        List<String> screen = LiveScreen.render(EventFixtures.snapshot(), 40, 10);
        String text = String.join("\n", screen);

        assertThat(screen).hasSize(10);
        assertThat(text).contains("gevent@lab   stalled").contains("15:00:44  ZeroDivisionError('division...").contains("TASKS");
        assertThat(screen).doesNotContain("");
    }

    @Test
    void wideScreenShowsWholeLines() {
        List<String> screen = LiveScreen.render(EventFixtures.snapshot(), 200, 50);

        assertThat(screen.get(0)).endsWith("events 1234  q=quit");
        assertThat(screen).hasSizeLessThan(50).noneMatch(line -> line.endsWith("..."));
    }

    @Test
    void manyWorkersAreCutWithACountAndFailuresStayVisible() {
        List<WorkerView> workers = IntStream.range(0, 40)
                .mapToObj(i -> EventFixtures.online(String.format("w%02d@lab", i))).toList();
        ClusterSnapshot snapshot = EventFixtures.snapshot(workers, List.of(
                EventFixtures.failure("KeyError('a')"), EventFixtures.failure("KeyError('b')"),
                EventFixtures.failure("KeyError('c')"), EventFixtures.failure("KeyError('d')")));

        List<String> screen = LiveScreen.render(snapshot, 80, 24);

        assertThat(screen).hasSize(24);
        assertThat(screen).anyMatch(line -> line.matches("\\.\\.\\. \\d+ more workers"));
        assertThat(String.join("\n", screen)).contains("KeyError('a')", "KeyError('b')")
                .doesNotContain("KeyError('c')")
                .contains("... 2 more failures");
        long shownWorkers = screen.stream().filter(line -> line.matches("w\\d\\d@lab .*")).count();
        String more = screen.stream().filter(line -> line.endsWith("more workers")).findFirst().orElseThrow();
        assertThat(shownWorkers + Long.parseLong(more.split(" ")[1])).isEqualTo(40);
    }

    @Test
    void emptyClusterSaysSo() {
        ClusterSnapshot empty = new ClusterSnapshot("redis://127.0.0.1:6379/0", 1, 0.5, 0, List.of(), Map.of(),
                Map.of(), List.of(), 0);

        List<String> screen = LiveScreen.render(empty, 80, 24);

        assertThat(screen).contains("WORKERS 0", "HOSTNAME  STATUS  LAST HB  FREQ  ACTIVE  PROCESSED  LOAD  POOL",
                "TASKS no task events", "RECENT FAILURES none");
    }

    @Test
    void hostileTextIsCleaned() {
        ClusterSnapshot snapshot = EventFixtures.snapshot(List.of(EventFixtures.stalled("x\u001b[2J@lab")),
                List.of(EventFixtures.failure("E('\u009b31m')")));

        String text = String.join("\n", LiveScreen.render(snapshot, 200, 50));

        assertThat(text).doesNotContain("\u001b", "\u009b").contains("x\\x1b[2J@lab").contains("E('\\u009b31m')");
    }

    @Test
    void aStalledWorkerStaysOnAShortScreenEvenWhenItSortsLast() {
        List<WorkerView> workers = new java.util.ArrayList<>(IntStream.range(0, 12)
                .mapToObj(i -> EventFixtures.online(String.format("a%02d@lab", i))).toList());
        workers.add(EventFixtures.stalled("zz@lab"));

        List<String> screen = LiveScreen.render(EventFixtures.snapshot(workers, List.of()), 40, 10);

        assertThat(screen).anyMatch(line -> line.matches("zz@lab +stalled .*"));
        assertThat(screen).anyMatch(line -> line.matches("\\.\\.\\. \\d+ more workers"));
        assertThat(screen).hasSize(10);
    }

    private static TaskFailure failureWithTraceback(String uuid, String traceback) {
        return new TaskFailure(uuid, "tasks.div", "solo@lab", 1795705244.2206974, "ExceptionWithTraceback()",
                traceback);
    }

    private static final String TRACEBACK = """
            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/celery/app/trace.py", line 451, in trace_task
                R = retval = fun(*args, **kwargs)
              File "/app/cmtasks.py", line 12, in div
            	return a / b  # url=redis://:hunter2@db:6379/0 password=hunter2
            ZeroDivisionError: division by zero
            """;

    @Test
    void theOpenTracebackShowsTheTaskTheExceptionAndEveryLineWrapped() {
        TaskFailure failure = failureWithTraceback("79dc6cb1-6d8d-40fe-9202-dbabbce2a983", TRACEBACK);
        LiveViewState state = LiveViewState.INITIAL.open(List.of(failure));

        List<String> screen = LiveScreen.render(EventFixtures.snapshot(List.of(), List.of(failure)), 60, 24, state);

        assertThat(screen.get(0)).isEqualTo("TRACEBACK  tasks.div[79dc6cb1]  solo@lab  15:00:44");
        assertThat(screen.get(1)).isEqualTo("ExceptionWithTraceback()");
        assertThat(screen.get(2)).isEqualTo("Traceback (most recent call last):");
        assertThat(screen.get(3)).isEqualTo("  File \"/usr/lib/python3/dist-packages/celery/app/trace.py\",");
        assertThat(screen.get(4)).isEqualTo(" line 451, in trace_task");
        assertThat(screen).contains("ZeroDivisionError: division by zero", "lines 1-9 of 9  Esc/q=back")
                .hasSize(24)
                .allSatisfy(line -> assertThat(TerminalText.columns(line)).isLessThanOrEqualTo(60));
        String text = String.join("\n", screen);
        assertThat(text).doesNotContain("hunter2", "\t").contains("    return a / b");
    }

    @Test
    void aLongTracebackScrollsAndSaysWhereItIs() {
        StringBuilder frames = new StringBuilder("Traceback (most recent call last):\n");
        for (int i = 1; i <= 50; i++) {
            frames.append("  frame ").append(i).append('\n');
        }
        TaskFailure failure = failureWithTraceback("a-1", frames + "RecursionError: too deep");
        LiveViewState open = LiveViewState.INITIAL.open(List.of(failure));
        ClusterSnapshot snapshot = EventFixtures.snapshot(List.of(), List.of(failure));

        int max = LiveScreen.maxScroll(open, 80, 10);
        List<String> top = LiveScreen.render(snapshot, 80, 10, open);
        List<String> bottom = LiveScreen.render(snapshot, 80, 10, open.scrollBy(1000, max));

        assertThat(max).isEqualTo(53 - 8);
        assertThat(top).hasSize(10).endsWith("lines 1-8 of 53  Esc/q=back  up/down/PgUp/PgDn=scroll");
        assertThat(top.get(2)).isEqualTo("Traceback (most recent call last):");
        assertThat(bottom).hasSize(10).endsWith("RecursionError: too deep", "lines 46-53 of 53  Esc/q=back  up/down/PgUp/PgDn=scroll");
    }

    @Test
    void aFailureWithoutATracebackSaysSo() {
        TaskFailure failure = EventFixtures.failure("KeyError('a')");
        LiveViewState open = LiveViewState.INITIAL.open(List.of(failure));

        List<String> screen = LiveScreen.render(EventFixtures.snapshot(List.of(), List.of(failure)), 80, 6, open);

        assertThat(screen).containsExactly("TRACEBACK  tasks.div[79dc6cb1]  solo@lab  15:00:44",
                "KeyError('a')", "(the task-failed event carried no traceback)", "", "", "lines 1-2 of 2  Esc/q=back");
    }

    @Test
    void theSelectedFailureIsMarkedAndKeptOnScreenWhenTheListIsCut() {
        List<TaskFailure> failures = IntStream.range(0, 10)
                .mapToObj(i -> failureWithTraceback("u" + i, null)).toList();
        LiveViewState state = LiveViewState.INITIAL.move(failures, 1);
        for (int i = 0; i < 7; i++) {
            state = state.move(failures, 1);
        }

        List<LiveScreen.Line> lines = LiveScreen.lines(EventFixtures.snapshot(List.of(EventFixtures.online("w@lab")),
                failures), 80, 14, state);

        assertThat(state.selected()).isEqualTo("u7");
        assertThat(lines).filteredOn(LiveScreen.Line::selected).singleElement()
                .extracting(LiveScreen.Line::text).asString().startsWith("> ").contains("[u7]");
        assertThat(lines).extracting(LiveScreen.Line::text).contains("... 8 more failures")
                .anyMatch(text -> text.startsWith("  ") && text.contains("[u6]"));
        assertThat(state.move(failures, 5).selected()).isEqualTo("u9");
        assertThat(state.move(failures, -100).selected()).isEqualTo("u0");
    }

    @Test
    void tOpensTheNewestFailureWhenNoneIsSelected() {
        List<TaskFailure> failures = List.of(failureWithTraceback("new", "T1"), failureWithTraceback("old", "T2"));

        assertThat(LiveViewState.INITIAL.open(failures).traceback().uuid()).isEqualTo("new");
        assertThat(LiveViewState.INITIAL.move(failures, 1).move(failures, 1).open(failures).traceback().uuid())
                .isEqualTo("old");
        assertThat(LiveViewState.INITIAL.open(List.of())).isEqualTo(LiveViewState.INITIAL);
    }
}
