package io.celerymon.output.events;

import io.celerymon.events.ClusterSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen live view: draws {@link LiveScreen} in place on the terminal's alternate screen,
 * refreshes it on a fixed period, redraws at once for a new size (SIGWINCH), and returns when
 * {@code q} (or Ctrl-C) is pressed or the caller says stop. The terminal's modes, cursor and
 * screen are restored on every way out, exceptions included.
 *
 * <p>The caller owns the terminal (creates and closes it). One view runs at a time per terminal.
 */
public final class LiveView {
    /** How long one wait for a key may block, so stop requests and resizes are seen promptly. */
    private static final long KEY_POLL_MILLIS = 100;
    private static final int CTRL_C = 3;
    private static final AttributedStyle ALERT = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);

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
        /** The caller said stop, or the thread was interrupted. */
        STOPPED
    }

    /**
     * Draws {@code snapshots.get()} every {@code refresh} until {@code q}/{@code Q}/Ctrl-C is read,
     * {@code stop} turns true (checked at least every 100 ms), or the thread is interrupted; says which.
     */
    public Ending run(Supplier<ClusterSnapshot> snapshots, Duration refresh, BooleanSupplier stop) throws IOException {
        AtomicBoolean resized = new AtomicBoolean();
        AtomicBoolean quit = new AtomicBoolean();
        Attributes saved = terminal.enterRawMode();
        SignalHandler previousWinch = terminal.handle(Signal.WINCH, signal -> resized.set(true));
        SignalHandler previousInt = terminal.handle(Signal.INT, signal -> quit.set(true));
        try {
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.flush();
            Display display = new Display(terminal, true);
            Size size = fitTo(display);
            NonBlockingReader keys = terminal.reader();
            boolean keysOpen = true;
            while (!finished(stop, quit)) {
                if (resized.getAndSet(false)) {
                    display.clear();
                    size = fitTo(display);
                }
                draw(display, snapshots.get(), size);
                long next = System.nanoTime() + refresh.toNanos();
                while (!finished(stop, quit) && !resized.get()) {
                    long leftMillis = TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime());
                    if (leftMillis <= 0) {
                        break;
                    }
                    long slice = Math.min(leftMillis, KEY_POLL_MILLIS);
                    if (!keysOpen) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(slice));
                        continue;
                    }
                    int key = keys.read(slice);
                    if (key == 'q' || key == 'Q') {
                        return Ending.QUIT;
                    }
                    if (key == CTRL_C) {
                        return Ending.INTERRUPTED;
                    }
                    // No more input (stdin closed): keep drawing until stopped, without spinning.
                    keysOpen = key != NonBlockingReader.EOF;
                }
            }
            return quit.get() ? Ending.INTERRUPTED : Ending.STOPPED;
        } finally {
            terminal.handle(Signal.WINCH, previousWinch);
            terminal.handle(Signal.INT, previousInt);
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    private static boolean finished(BooleanSupplier stop, AtomicBoolean quit) {
        return quit.get() || stop.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    private Size fitTo(Display display) {
        Size size = terminal.getSize();
        // A terminal that cannot tell its size (dumb, or a pipe) gets the classic 80x24.
        Size usable = size.getColumns() > 0 && size.getRows() > 0 ? size : new Size(80, 24);
        display.resize(usable.getRows(), usable.getColumns());
        return usable;
    }

    private void draw(Display display, ClusterSnapshot snapshot, Size size) {
        List<AttributedString> lines = LiveScreen.lines(snapshot, size.getColumns(), size.getRows()).stream()
                .map(line -> line.alert() ? new AttributedString(line.text(), ALERT) : new AttributedString(line.text()))
                .toList();
        display.update(lines, 0);
        terminal.flush();
    }
}
