package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A tmux server of one test's own, for running a program in a real pseudo-terminal and reading
 * its screen: its socket lives in a temporary directory, so no session of anyone else's is
 * touched, and closing kills the server and everything it runs. tmux runs in UTF-8 whatever the
 * test's locale, so wide characters stay whole. One session, {@link #SESSION}.
 */
public final class TmuxServer implements AutoCloseable {

    /** The name of the one session. */
    public static final String SESSION = "view";
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(10);

    private final TempDir dir;

    private TmuxServer(TempDir dir) {
        this.dir = dir;
    }

    /** A server with no session yet; it starts with the first {@link #newSession}. */
    public static TmuxServer create() {
        return new TmuxServer(TempDir.create("cmtmux"));
    }

    /** Runs {@code shellCommand} in a new detached session of this size. */
    public void newSession(int columns, int rows, String shellCommand) {
        tmux("new-session", "-d", "-s", SESSION, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                shellCommand);
    }

    /** What the pane shows now, one line per row. */
    public String screen() {
        return tmux("capture-pane", "-p", "-t", SESSION);
    }

    /** A tmux format of the pane, e.g. {@code #{cursor_flag}} or {@code #{alternate_on}}. */
    public String display(String format) {
        return tmux("display-message", "-p", "-t", SESSION, format).strip();
    }

    /** Types these keys (tmux key names: {@code q}, {@code C-c}, {@code Escape}). */
    public void sendKeys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    public void resize(int columns, int rows) {
        tmux("resize-window", "-t", SESSION, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    public boolean sessionAlive() {
        return tmux("has-session", "-t", SESSION).isBlank();
    }

    /** The first screen within {@code wait} that meets {@code condition}; fails naming {@code what}. */
    public String awaitScreen(String what, Duration wait, Predicate<String> condition) {
        return screenWithin(wait, condition).orElseThrow(() ->
                new AssertionError("screen never showed " + what + ":\n" + screen()));
    }

    /** The first screen within {@code wait} that meets {@code condition}, or empty. */
    public Optional<String> screenWithin(Duration wait, Predicate<String> condition) {
        long until = System.nanoTime() + wait.toNanos();
        do {
            String shown = screen();
            if (condition.test(shown)) {
                return Optional.of(shown);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } while (System.nanoTime() < until);
        return Optional.empty();
    }

    /** Runs one tmux command on this server; its output (errors included). */
    public String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-u", "-S", dir.resolve("socket").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("LANG", "C.UTF-8", "LC_ALL", "C.UTF-8"));
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(COMMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running tmux", e);
        }
    }

    /** Kills the server, with every process its session runs, and removes its directory. */
    @Override
    public void close() {
        tmux("kill-server");
        dir.close();
    }
}
