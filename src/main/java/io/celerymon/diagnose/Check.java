package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;

/**
 * One named diagnostic unit with one job: it reads what the {@link DiagnoseContext} observed (or
 * asks the broker or a URL itself) and concludes in findings. Checks run concurrently under one
 * deadline; one that has not returned by then is abandoned and reported as timed out.
 */
public interface Check {

    /** Stable snake_case name, used in JSON, JUnit test cases and Prometheus labels. */
    String name();

    /** Whether the check needs a connected broker; skipped when the broker cannot be reached. */
    default boolean needsBroker() {
        return true;
    }

    /**
     * Whether the check needs nothing from the broker connection, so it starts before connecting
     * (a hung broker then cannot take its time): the local scan and the Flower URLs.
     */
    default boolean startsBeforeConnect() {
        return false;
    }

    /**
     * Runs the check. Must return by {@code deadline}; an interrupt means it was abandoned.
     *
     * @throws Exception anything it could not handle becomes a {@code check_failed} finding, and the check
     *     does not decide
     */
    CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception;
}
