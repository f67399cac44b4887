package io.celerymon.testsupport;

/** What a finished (or timed-out and killed) child process left behind. */
public record CommandResult(String stdout, String stderr, int exitCode, long wallMillis, boolean timedOut) {

    /** Exit code reported when the process was killed at its hard timeout. */
    public static final int KILLED_AT_TIMEOUT = -1;

    /** stdout and stderr together, for assertion messages. */
    public String describe() {
        return "exit=" + exitCode + (timedOut ? " (killed at timeout)" : "") + " wall=" + wallMillis + "ms"
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
