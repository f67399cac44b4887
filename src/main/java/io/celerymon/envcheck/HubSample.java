package io.celerymon.envcheck;

/**
 * The hub thread at one sample.
 *
 * @param state the scheduler state letter, e.g. {@code S}
 * @param syscall the call it waits in by name, {@code running}, {@code none}, or null when unreadable
 * @param wchan the kernel function it sleeps in, or null
 * @param cpuTicks user plus system CPU time in clock ticks
 */
public record HubSample(String state, String syscall, String wchan, long cpuTicks) {
}
