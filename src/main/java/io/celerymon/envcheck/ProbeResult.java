package io.celerymon.envcheck;

/**
 * How a probe run ended and what it reported.
 *
 * @param request what was run
 * @param status completed, timed out, or failed (could not start, exited non-zero, no JSON)
 * @param exitCode the interpreter's exit code, or null when it was killed or never started
 * @param elapsedMs wall time of the run
 * @param error a one-line reason for a failure or timeout, or null
 * @param stderrTail the end of the probe's stderr, masked (what the app printed, a traceback)
 * @param report the report of a completed run, else null
 */
public record ProbeResult(ProbeRequest request, Status status, Integer exitCode, long elapsedMs, String error,
        String stderrTail, ProbeReport report) {

    /** How a probe run ended. */
    public enum Status {
        COMPLETED, TIMED_OUT, FAILED;

        /** The lower-case name used in JSON and tables. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
