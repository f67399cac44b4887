package io.celerymon.envcheck;

/**
 * One OS thread of a scanned process, compactly, at the last sample.
 *
 * @param tid the thread id
 * @param state the scheduler state letter
 * @param syscall the call it waits in by name, {@code running}, {@code none}, or null when unreadable
 */
public record ThreadBrief(long tid, String state, String syscall) {
}
