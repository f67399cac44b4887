package io.celerymon.output.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.events.ClusterSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live loop on a virtual xterm of fixed size: keys go in through a pipe, the screen comes out as bytes. */
class LiveViewTest {
    private static final long WAIT_SECONDS = 10;
    private static final Duration REFRESH = Duration.ofMillis(50);
    /** xterm's alternate screen on and off. */
    private static final String ALT_SCREEN_ON = "\u001b[?1049h";
    private static final String ALT_SCREEN_OFF = "\u001b[?1049l";
    /** xterm's cursor_normal (cnorm); cursor_visible (cvvis) would be ESC [?12;25h, a blinking cursor. */
    private static final String CURSOR_NORMAL = "\u001b[?12l\u001b[?25h";
    private static final String CURSOR_VERY_VISIBLE = "\u001b[?12;25h";

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private PipedOutputStream keys;
    private Terminal terminal;

    @BeforeEach
    void openTerminal() throws IOException {
        keys = new PipedOutputStream();
        terminal = TerminalBuilder.builder().system(false).streams(new PipedInputStream(keys), screen)
                .size(new Size(80, 24)).type("xterm").build();
    }

    @AfterEach
    void closeTerminal() throws Exception {
        runner.shutdownNow();
        assertThat(runner.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        keys.close();
        terminal.close();
    }

    @Test
    void drawsTheScreenInPlaceAndReturnsWhenQIsPressed() throws Exception {
        Attributes before = new Attributes(terminal.getAttributes());
        Future<?> run = start(EventFixtures::snapshot, () -> false);

        awaitScreen(0, "WORKERS 4 (1 stalled, 1 offline)");
        String drawn = text();
        assertThat(drawn).startsWith(ALT_SCREEN_ON).contains("stalled", "ZeroDivisionError('division by zero')",
                "prefork@lab", "RECENT FAILURES").doesNotContain(ALT_SCREEN_OFF);
        assertThat(run).isNotDone();

        press('q');

        assertThat(run.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LiveView.Ending.QUIT);
        assertLeftTheScreen();
        assertThat(terminal.getAttributes().getLocalFlags()).isEqualTo(before.getLocalFlags());
        assertThat(terminal.getAttributes().getInputFlags()).isEqualTo(before.getInputFlags());
    }

    @Test
    void refreshesFromTheSupplierUntilStopped() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> run = start(() -> {
            calls.incrementAndGet();
            return EventFixtures.snapshot();
        }, stop::get);

        awaitCondition(() -> calls.get() >= 3, "three refreshes");
        stop.set(true);

        assertThat(run.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LiveView.Ending.STOPPED);
        assertLeftTheScreen();
    }

    @Test
    void redrawsForTheNewSizeOnWinch() throws Exception {
        Future<?> run = start(EventFixtures::snapshot, () -> false);
        awaitScreen(0, "WORKERS 4 (1 stalled, 1 offline)");
        String wide = LiveScreen.render(EventFixtures.snapshot(), 80, 24).get(0);
        String narrow = LiveScreen.render(EventFixtures.snapshot(), 40, 10).get(0);
        assertThat(text()).contains(wide).doesNotContain(narrow);
        int mark = screen.size();

        terminal.setSize(new Size(40, 10));
        terminal.raise(Terminal.Signal.WINCH);

        awaitScreen(mark, narrow);
        assertThat(text().substring(mark)).doesNotContain(wide);
        press('q');
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void ctrlCQuitsTooAndSaysItWasInterrupted() throws Exception {
        Future<?> run = start(EventFixtures::snapshot, () -> false);
        awaitScreen(0, "RECENT FAILURES");

        press(3);

        assertThat(run.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LiveView.Ending.INTERRUPTED);
        assertLeftTheScreen();
    }

    @Test
    void aSigintEndsTheViewAsInterrupted() throws Exception {
        Future<?> run = start(EventFixtures::snapshot, () -> false);
        awaitScreen(0, "RECENT FAILURES");

        terminal.raise(Terminal.Signal.INT);

        assertThat(run.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(LiveView.Ending.INTERRUPTED);
        assertLeftTheScreen();
    }

    @Test
    void theTerminalIsRestoredWhenDrawingFails() throws Exception {
        Attributes before = new Attributes(terminal.getAttributes());
        Future<?> run = start(() -> {
            throw new IllegalStateException("state broke");
        }, () -> false);

        assertThatThrownBy(() -> run.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("state broke");
        assertThat(text()).startsWith(ALT_SCREEN_ON);
        assertLeftTheScreen();
        assertThat(terminal.getAttributes().getLocalFlags()).isEqualTo(before.getLocalFlags());
    }

    @Test
    void ctrlBackslashQuitsInsteadOfSignalling() throws Exception {
        AtomicBoolean signalled = new AtomicBoolean();
        terminal.handle(Terminal.Signal.QUIT, signal -> signalled.set(true));
        Future<?> run = start(EventFixtures::snapshot, () -> false);
        awaitScreen(0, "RECENT FAILURES");

        press(0x1c);

        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(signalled).isFalse();
        assertLeftTheScreen();
        assertThat(terminal.getAttributes().getControlChar(Attributes.ControlChar.VQUIT)).isEqualTo(0x1c);
    }

    @Test
    void tShowsTheNewestTracebackAndEscGoesBack() throws Exception {
        Future<?> run = start(LiveViewTest::withTraceback, () -> false);
        awaitScreen(0, "RECENT FAILURES");
        int mark = screen.size();

        press('t');

        awaitScreen(mark, "ValueError: newest");
        assertThat(text().substring(mark)).contains("TRACEBACK  tasks.div[00000002]");
        mark = screen.size();
        press(0x1b);
        awaitScreen(mark, "RECENT FAILURES");
        assertThat(run).isNotDone();
        press('q');
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertLeftTheScreen();
    }

    @Test
    void arrowsSelectAFailureAndEnterShowsItsTraceback() throws Exception {
        Future<?> run = start(LiveViewTest::withTraceback, () -> false);
        awaitScreen(0, "RECENT FAILURES");
        int mark = screen.size();

        keys.write("\u001bOB\u001b[B".getBytes(StandardCharsets.US_ASCII));
        keys.flush();
        awaitScreen(mark, "> ");
        press('\r');

        awaitScreen(mark, "ValueError: older");
        assertThat(text().substring(mark)).doesNotContain("ValueError: newest");
        mark = screen.size();
        press('q');
        awaitScreen(mark, "RECENT FAILURES");
        assertThat(run).isNotDone();
        press('q');
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Two failures with tracebacks, newest first. */
    private static ClusterSnapshot withTraceback() {
        return EventFixtures.snapshot(EventFixtures.snapshot().workers(), java.util.List.of(
                new io.celerymon.events.TaskFailure("00000002-0000", "tasks.div", "solo@lab", 1795705244.0,
                        "ExceptionWithTraceback()", "Traceback (most recent call last):\nValueError: newest"),
                new io.celerymon.events.TaskFailure("00000001-0000", "tasks.div", "solo@lab", 1795705243.0,
                        "ExceptionWithTraceback()", "Traceback (most recent call last):\nValueError: older")));
    }

    /** The alternate screen was left after the last thing drawn, and the cursor made normal again. */
    private void assertLeftTheScreen() {
        String out = text();
        int lastDrawn = Math.max(out.lastIndexOf("RECENT FAILURES"), 0);
        assertThat(out.substring(lastDrawn)).contains(ALT_SCREEN_OFF, CURSOR_NORMAL);
        assertThat(out).doesNotContain(CURSOR_VERY_VISIBLE);
    }

    private Future<LiveView.Ending> start(Supplier<ClusterSnapshot> snapshots, BooleanSupplier stop) {
        LiveView view = new LiveView(terminal);
        return runner.submit(() -> view.run(snapshots, REFRESH, stop));
    }

    private void press(int key) throws IOException {
        keys.write(key);
        keys.flush();
    }

    private String text() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    private void awaitScreen(int from, String expected) throws InterruptedException {
        awaitCondition(() -> text().indexOf(expected, from) >= 0, "screen to show " + expected);
    }

    /** Polls until the condition holds; fails with what the screen showed when the deadline passes. */
    private void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; output was:\n" + text());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
