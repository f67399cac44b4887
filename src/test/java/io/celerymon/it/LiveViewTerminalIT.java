package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.output.TerminalText;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.TmuxServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live view's terminal manners in a real pseudo-terminal (tmux, on a server of this class's own):
 * the cursor is usable again after quitting whatever the terminal type, a terminal without an
 * alternate screen is left clear, Ctrl-\ quits without a JVM thread dump, rows stay on their line
 * with CJK, emoji and very long hostnames, and a real Celery 5.2 failure's traceback can be opened.
 */
class LiveViewTerminalIT extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<CeleryWorker> named = new ArrayList<>();
    /** A server per test: one being killed cannot take the next test's session with it. */
    private TmuxServer tmux;
    private String wideHost;
    private String longHost;

    @Override
    TestBroker openBroker() {
        return TestBroker.ownVhost();
    }

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.THREADS};
    }

    @BeforeAll
    void startNamedWorkers() {
        String hex = String.format("%08x", ThreadLocalRandom.current().nextInt());
        // Two cells for every CJK character and for the snake: 30 cells in 24 code points.
        wideHost = "漢字ワーカー🐍-" + hex + "@cmtest";
        String prefix = "celery-worker-for-the-nightly-reporting-" + hex + "-";
        longHost = prefix + "x".repeat(71 - prefix.length() - "@cmtest".length()) + "@cmtest";
        assertThat(longHost).hasSize(71);
        named.add(CeleryWorker.start(cluster.app(), CeleryPool.THREADS, 1, wideHost));
        named.add(CeleryWorker.start(cluster.app(), CeleryPool.THREADS, 1, longHost));
    }

    @AfterAll
    void stopNamedWorkers() {
        named.forEach(CeleryWorker::close);
    }

    @BeforeEach
    void newServer() {
        tmux = TmuxServer.create();
    }

    @AfterEach
    void killServer() {
        tmux.close();
    }

    @ParameterizedTest(name = "TERM={0}")
    @ValueSource(strings = {"tmux-256color", "xterm-256color", "screen", "linux"})
    void afterQuitTheCursorIsVisibleAndNothingDrawnIsLeft(String term) throws Exception {
        startView(term, 100, 30, "");
        awaitScreen("the workers", s -> s.contains("WORKERS 3") && s.contains("online"));
        assertThat(cursorFlag()).as("the view hides the cursor").isEqualTo("0");

        tmux.sendKeys("q");

        String after = awaitScreen("the command exiting", s -> s.contains("exited-"));
        assertThat(after).contains("exited-0").doesNotContain("WORKERS", "HOSTNAME", "RECENT FAILURES");
        assertThat(cursorFlag()).as("cursor visible after quit").isEqualTo("1");
        if (term.equals("linux")) {
            // No alternate screen: the view cleared what it drew, leaving the cursor at the top.
            assertThat(after.strip()).startsWith("exited-0");
        }
    }

    @Test
    void ctrlBackslashQuitsWithoutAThreadDump() throws Exception {
        startView("xterm-256color", 100, 30, "");
        awaitScreen("the workers", s -> s.contains("WORKERS 3") && s.contains("online"));

        tmux.sendKeys("C-\\");

        String after = awaitScreen("the command exiting", s -> s.contains("exited-"));
        assertThat(after).contains("exited-0").doesNotContain("Full thread dump", "WORKERS");
        assertThat(cursorFlag()).isEqualTo("1");
    }

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {40, 120})
    void wideAndLongHostnamesKeepEveryRowOnItsLine(int columns) throws Exception {
        startView("tmux-256color", columns, 24, "");

        String screen = awaitScreen("three workers online", s -> s.contains("WORKERS 3")
                && s.lines().filter(line -> line.contains(" online ")).count() == 3);

        List<String> lines = screen.lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(TerminalText.columns(line)).as(line).isLessThanOrEqualTo(columns));
        assertThat(lines.get(0)).startsWith("celerymon ");
        assertThat(lines.get(2)).isEqualTo("WORKERS 3");
        assertThat(lines.get(3)).startsWith("HOSTNAME").contains("STATUS");
        List<String> rows = lines.subList(4, 7);
        assertThat(rows).allSatisfy(row -> assertThat(row).contains(" online "));
        assertThat(lines.get(7)).isEmpty();
        assertThat(lines.get(8)).startsWith("TASKS");
        // Sorted by hostname: ASCII names before the CJK one.
        assertThat(rows.get(0)).startsWith("celery-work");
        assertThat(rows.get(1)).startsWith("threads-");
        assertThat(rows.get(2)).startsWith("漢字");
        int status = TerminalText.columns(lines.get(3).substring(0, lines.get(3).indexOf("STATUS")));
        assertThat(rows).allSatisfy(row -> assertThat(TerminalText.columns(row.substring(0, row.indexOf(" online ") + 1)))
                .as(row).isEqualTo(status));
        if (columns == 120) {
            assertThat(lines.get(3)).contains("LOAD", "POOL");
            assertThat(rows.get(0)).startsWith("celery-worker-for-the-").contains("...").contains("@cmtest  online");
            assertThat(rows).allSatisfy(row -> assertThat(row).matches(".* \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d .*"));
            assertThat(rows.get(2)).startsWith(wideHost);
        } else {
            assertThat(rows.get(0)).startsWith("celery-work...").contains("@cmtest  online");
            assertThat(rows.get(2)).contains("...").contains("@cmtest");
        }
    }

    @Test
    void aRealFailuresTracebackOpensWithTAndClosesWithEsc() throws Exception {
        // A generous timeout: the shared RabbitMQ can be slow to open a channel on a busy machine.
        startView("xterm-256color", 120, 40, " --enable-events -t 10");
        awaitScreen("the workers", s -> s.contains("WORKERS 3") && s.contains("online"));
        CeleryWorker plain = cluster.worker(CeleryPool.THREADS);
        // Task events are on once the enable_events broadcast is answered; retry until one failure shows.
        String main = null;
        long until = System.nanoTime() + WAIT.toNanos();
        while (main == null && System.nanoTime() < until) {
            cluster.sendTask(plain, "cmtasks.add", "text", 1);
            main = tmux.screenWithin(Duration.ofSeconds(3), s -> s.contains("cmtasks.add[")).orElse(null);
        }
        assertThat(main).as("a failure in RECENT FAILURES").isNotNull().contains("RECENT FAILURES");

        tmux.sendKeys("t");

        String traceback = awaitScreen("the traceback", s -> s.contains("Traceback (most recent call last)"));
        assertThat(traceback).contains("TRACEBACK  cmtasks.add[", "TypeError", "return x + y", "Esc/q=back");
        tmux.sendKeys("Escape");
        awaitScreen("the main screen again", s -> s.contains("RECENT FAILURES")
                && !s.contains("Traceback (most recent call last)"));
        tmux.sendKeys("q");
        assertThat(awaitScreen("the command exiting", s -> s.contains("exited-"))).contains("exited-0");
    }

    private void startView(String term, int columns, int rows, String options) throws Exception {
        String launcher = System.getProperty("celerymon.launcher");
        String command = "env TERM=" + term + " " + launcher + " events --live -b '" + broker.url() + "'" + options
                + "; echo exited-$?; sleep 60";
        tmux.newSession(columns, rows, command);
    }

    private String cursorFlag() throws Exception {
        return tmux.display("#{cursor_flag}");
    }

    private String awaitScreen(String what, Predicate<String> condition) {
        return tmux.awaitScreen(what, WAIT, condition);
    }
}
