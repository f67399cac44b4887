package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion under a hard timeout, capturing stdout and stderr. */
public final class CommandRunner {
    private CommandRunner() {
    }

    /** Runs {@code command} with the inherited environment plus {@code env}. */
    public static CommandResult run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return run(builder, timeout);
    }

    /** Runs a prepared builder; its redirects of stdout and stderr are replaced. */
    public static CommandResult run(ProcessBuilder builder, Duration timeout) {
        RunningCommand running = RunningCommand.start(builder,
                String.join(" ", builder.command().stream().map(UrlMasking::mask).toList()));
        return running.await(timeout);
    }

    static String readAndDelete(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Files.deleteIfExists(file);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
