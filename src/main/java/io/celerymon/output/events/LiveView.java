package io.celerymon.output.events;

import io.celerymon.events.ClusterSnapshot;
import io.celerymon.events.TaskFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;
import org.jline.utils.Signals;

/**
 * The full-screen live view: draws {@link LiveScreen} in place (on the alternate screen when the
 * terminal has one), refreshes it on a fixed period, redraws at once for a new size (SIGWINCH) or a
 * key, and returns when {@code q}, Ctrl-C or Ctrl-\ is pressed or the caller says stop.
 *
 * <p>Keys: up/down (or {@code k}/{@code j}) select a recent failure; {@code t} or Enter shows the
 * selected failure's traceback (the newest one's when none is selected), where up/down, PgUp/PgDn and
 * space scroll and Esc, {@code q}, {@code t} or Enter go back; Esc on the main screen clears the
 * selection. Ctrl-\ quits like {@code q}: its character is taken off the terminal's signal keys
 * while the view runs, so it cannot make the JVM print a thread dump over the view.
 *
 * <p>The terminal's modes, cursor and screen are restored on every way out, exceptions included:
 * the cursor made normal again ({@code cnorm}), and on a terminal without an alternate screen
 * (such as the Linux console) what the view drew is cleared, leaving the cursor at the top of an
 * empty screen, as {@code clear} does.
 *
 * <p>The caller owns the terminal (creates and closes it). One view runs at a time per terminal.
 */
public final class LiveView {
    /** How long one wait for a key may block, so stop requests and resizes are seen promptly. */
    private static final long KEY_POLL_MILLIS = 100;
    /** How long the rest of an escape sequence may take to follow its ESC before ESC counts alone. */
    private static final long ESCAPE_MILLIS = 50;
    private static final int CTRL_C = 3;
    private static final int CTRL_BACKSLASH = 0x1c;
    private static final int ESC = 0x1b;
    /** POSIX's "no character" for a terminal's control characters (_POSIX_VDISABLE on Linux). */
    private static final int DISABLED = 0;
    private static final AttributedStyle ALERT = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle SELECTED = AttributedStyle.INVERSE;

    /** What one key press asks for, whichever screen is shown. */
    enum Key { INTERRUPT, QUIT, Q, UP, DOWN, PAGE_UP, PAGE_DOWN, OPEN, BACK, OTHER, NONE, END }

    private final Terminal terminal;

    /** @param terminal a terminal to draw on; a dumb one works but cannot draw in place */
    public LiveView(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Why {@link #run} returned. */
    public enum Ending {
        /** {@code q} or {@code Q} was pressed. */
        QUIT,
        /** Ctrl-C: the key (raw mode reads it as a character) or a SIGINT. */
        INTERRUPTED,
        /** A SIGTERM (as {@code docker stop} or {@code kill} sends). */
        TERMINATED,
        /** A SIGHUP: the terminal went away. */
        HUNG_UP,
        /** The caller said stop, or the thread was interrupted. */
        STOPPED
    }

    /**
     * Draws {@code snapshots.get()} every {@code refresh} until {@code q}/{@code Q}/Ctrl-C/Ctrl-\\ is
     * read on the main screen, {@code stop} turns true (checked at least every 100 ms), or the
     * thread is interrupted; says which. SIGTERM and SIGHUP end the view too, instead of starting the
     * JVM's shutdown: JLine's own shutdown hook would close the terminal under the view, which then
     * could neither leave the alternate screen nor let the caller print its summary.
     */
    public Ending run(Supplier<ClusterSnapshot> snapshots, Duration refresh, BooleanSupplier stop) throws IOException {
        AtomicBoolean resized = new AtomicBoolean();
        AtomicReference<Ending> signalled = new AtomicReference<>();
        boolean alternateScreen = terminal.getStringCapability(Capability.enter_ca_mode) != null;
        Attributes saved = terminal.enterRawMode();
        SignalHandler previousWinch = terminal.handle(Signal.WINCH, signal -> resized.set(true));
        SignalHandler previousInt = terminal.handle(Signal.INT,
                signal -> signalled.compareAndSet(null, Ending.INTERRUPTED));
        Object previousTerm = Signals.register("TERM", () -> signalled.compareAndSet(null, Ending.TERMINATED));
        Object previousHup = Signals.register("HUP", () -> signalled.compareAndSet(null, Ending.HUNG_UP));
        try {
            Attributes raw = terminal.getAttributes();
            raw.setControlChar(ControlChar.VQUIT, DISABLED);
            terminal.setAttributes(raw);
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            Display display = new Display(terminal, true);
            // Start from a clear screen with the cursor home: Display moves the cursor relative to
            // where it thinks it is, and without an alternate screen the cursor is wherever the shell left it.
            display.clear();
            Size size = fitTo(display);
            NonBlockingReader keys = terminal.reader();
            boolean keysOpen = true;
            LiveViewState state = LiveViewState.INITIAL;
            while (!finished(stop, signalled)) {
                if (resized.getAndSet(false)) {
                    display.clear();
                    size = fitTo(display);
                }
                ClusterSnapshot shown = snapshots.get();
                draw(display, shown, size, state);
                long next = System.nanoTime() + refresh.toNanos();
                while (!finished(stop, signalled) && !resized.get()) {
                    long leftMillis = TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime());
                    if (leftMillis <= 0) {
                        break;
                    }
                    long slice = Math.min(leftMillis, KEY_POLL_MILLIS);
                    if (!keysOpen) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(slice));
                        continue;
                    }
                    Key key = readKey(keys, slice);
                    if (key == Key.INTERRUPT) {
                        return Ending.INTERRUPTED;
                    }
                    if (key == Key.QUIT || key == Key.Q && !state.showingTraceback()) {
                        return Ending.QUIT;
                    }
                    // No more input (stdin closed): keep drawing until stopped, without spinning.
                    keysOpen = key != Key.END;
                    LiveViewState changed = react(state, key, shown.recentFailures(), size);
                    if (!changed.equals(state)) {
                        state = changed;
                        draw(display, shown, size, state);
                    }
                }
            }
            return signalled.get() != null ? signalled.get() : Ending.STOPPED;
        } finally {
            Signals.unregister("TERM", previousTerm);
            Signals.unregister("HUP", previousHup);
            terminal.handle(Signal.WINCH, previousWinch);
            terminal.handle(Signal.INT, previousInt);
            if (!alternateScreen) {
                terminal.puts(Capability.clear_screen);
            }
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            // cnorm, not cvvis: cvvis asks for a "very visible" cursor, which under screen and tmux
            // does not even undo civis, and makes xterm's cursor blink.
            terminal.puts(Capability.cursor_normal);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    /** The state after a key; the same state when the key means nothing on the current screen. */
    static LiveViewState react(LiveViewState state, Key key, List<TaskFailure> failures,
                               Size size) {
        int cols = size.getColumns();
        int rows = size.getRows();
        if (state.showingTraceback()) {
            int max = LiveScreen.maxScroll(state, cols, rows);
            int page = Math.max(1, rows - 2);
            return switch (key) {
                case Q, BACK, OPEN -> state.close();
                case UP -> state.scrollBy(-1, max);
                case DOWN -> state.scrollBy(1, max);
                case PAGE_UP -> state.scrollBy(-page, max);
                case PAGE_DOWN -> state.scrollBy(page, max);
                default -> state;
            };
        }
        return switch (key) {
            case UP -> state.move(failures, -1);
            case DOWN -> state.move(failures, 1);
            case OPEN -> state.open(failures);
            case BACK -> state.unselect();
            default -> state;
        };
    }

    /**
     * One key from the terminal, waiting at most {@code millis}. Arrow and page keys come as escape
     * sequences ({@code ESC [ A} or, in keypad mode, {@code ESC O A}; {@code ESC [ 5 ~}); an ESC
     * that nothing follows within {@link #ESCAPE_MILLIS} is the Esc key itself.
     */
    static Key readKey(NonBlockingReader keys, long millis) throws IOException {
        int c = keys.read(millis);
        if (c == NonBlockingReader.EOF) {
            return Key.END;
        }
        if (c == NonBlockingReader.READ_EXPIRED) {
            return Key.NONE;
        }
        return switch (c) {
            case CTRL_C -> Key.INTERRUPT;
            case CTRL_BACKSLASH -> Key.QUIT;
            case 'q', 'Q' -> Key.Q;
            case 't', 'T', '\r', '\n' -> Key.OPEN;
            case 'k' -> Key.UP;
            case 'j' -> Key.DOWN;
            case ' ' -> Key.PAGE_DOWN;
            case ESC -> escape(keys);
            default -> Key.OTHER;
        };
    }

    private static Key escape(NonBlockingReader keys) throws IOException {
        int c = keys.read(ESCAPE_MILLIS);
        if (c == NonBlockingReader.READ_EXPIRED || c == NonBlockingReader.EOF) {
            return Key.BACK;
        }
        if (c != '[' && c != 'O') {
            return Key.OTHER;
        }
        StringBuilder sequence = new StringBuilder();
        // Parameters and intermediates run until a final byte in @..~ (ECMA-48).
        for (int i = 0; i < 16; i++) {
            int d = keys.read(ESCAPE_MILLIS);
            if (d < 0) {
                return Key.OTHER;
            }
            sequence.append((char) d);
            if (d >= '@' && d <= '~') {
                break;
            }
        }
        return switch (sequence.toString()) {
            case "A" -> Key.UP;
            case "B" -> Key.DOWN;
            case "5~" -> Key.PAGE_UP;
            case "6~" -> Key.PAGE_DOWN;
            default -> Key.OTHER;
        };
    }

    private static boolean finished(BooleanSupplier stop, AtomicReference<Ending> signalled) {
        return signalled.get() != null || stop.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    private Size fitTo(Display display) {
        Size size = terminal.getSize();
        // A terminal that cannot tell its size (dumb, or a pipe) gets the classic 80x24.
        Size usable = size.getColumns() > 0 && size.getRows() > 0 ? size : new Size(80, 24);
        display.resize(usable.getRows(), usable.getColumns());
        return usable;
    }

    private void draw(Display display, ClusterSnapshot snapshot, Size size, LiveViewState state) {
        List<AttributedString> lines = LiveScreen.lines(snapshot, size.getColumns(), size.getRows(), state).stream()
                .map(line -> line.selected() ? new AttributedString(line.text(), SELECTED)
                        : line.alert() ? new AttributedString(line.text(), ALERT)
                        : new AttributedString(line.text()))
                .toList();
        display.update(lines, 0);
        terminal.flush();
    }
}
