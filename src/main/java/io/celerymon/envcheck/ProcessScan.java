package io.celerymon.envcheck;

import java.util.List;

/**
 * The result of one scan of /proc.
 *
 * @param processes the processes found, by PID
 * @param unreadable processes whose details could not be read (another user's, or gone mid-scan)
 * @param complete false when the scan's deadline passed before every process was looked at
 * @param sampleIntervalMs the time between the first and the last sample of threads and accept queues
 */
public record ProcessScan(List<ScannedProcess> processes, int unreadable, boolean complete, long sampleIntervalMs) {

    public ProcessScan {
        processes = List.copyOf(processes);
    }
}
