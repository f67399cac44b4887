package io.celerymon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A started command whose output goes to temporary files, so it can never block on a full pipe. */
public final class RunningCommand {
    private final ManagedProcess process;
    private final Path stdout;
    private final Path stderr;
    private final long startNanos;

    private RunningCommand(ManagedProcess process, Path stdout, Path stderr, long startNanos) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startNanos = startNanos;
    }

    /** Starts {@code builder} with stdin closed and stdout/stderr captured. */
    public static RunningCommand start(ProcessBuilder builder, String description) {
        try {
            Path out = Files.createTempFile("cmtest-out-", ".txt");
            Path err = Files.createTempFile("cmtest-err-", ".txt");
            builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            long start = System.nanoTime();
            return new RunningCommand(ManagedProcess.start(builder, description), out, err, start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name ("TERM", "INT", ...) to the process. */
    public void signal(String signalName) {
        process.signal(signalName);
    }

    /** What the command has written to stdout so far (it may still be running). */
    public String stdoutSoFar() {
        try {
            return Files.readString(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds since start. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Waits up to {@code timeout} (from now) for exit; kills the whole tree if it is still running. */
    public CommandResult await(Duration timeout) {
        boolean exited = CommandRunner.waitFor(process.process(), timeout);
        long wall;
        int code;
        if (exited) {
            wall = elapsedMillis();
            code = process.process().exitValue();
            process.stop(Duration.ZERO);
        } else {
            wall = elapsedMillis();
            process.killTree();
            process.stop(Duration.ZERO);
            code = CommandResult.KILLED_AT_TIMEOUT;
        }
        return new CommandResult(CommandRunner.readAndDelete(stdout), CommandRunner.readAndDelete(stderr),
                code, wall, !exited);
    }
}
