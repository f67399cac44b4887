package io.celerymon.output.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.events.ClusterSnapshot;
import io.celerymon.events.WorkerView;
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

    @Test
    void fullScreenAt80x24() {
        List<String> screen = LiveScreen.render(EventFixtures.snapshot(), 80, 24);
        String text = String.join("\n", screen);

        assertThat(screen.get(0)).isEqualTo(
                "celerymon  redis://:****@127.0.0.1:6379/0  elapsed 00:01:23  events 1234  q=quit");
        assertThat(screen).contains("WORKERS 4 (1 stalled, 1 offline)",
                "HOSTNAME     STATUS   LAST HB  FREQ  ACTIVE  PROCESSED  LOAD           POOL",
                "prefork@lab  online      0.4s  2.0s       0         12  0.42 0.5 0.61  prefork",
                "gevent@lab   stalled     9.4s  2.0s       1          3  0.1 0.2 0.3    gevent",
                "gone@lab     offline        -     -       -          -  -              -",
                "TASKS    received  started  succeeded  failed",
                "per sec      1.20     1.20       1.10    0.10",
                "total          72       72         66       6",
                "RECENT FAILURES",
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
}
