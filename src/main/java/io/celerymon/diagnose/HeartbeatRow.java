package io.celerymon.diagnose;

/**
 * One worker's heartbeat state at the end of the window, for the renderers.
 *
 * @param worker node name
 * @param status online, stalled, offline, or silent (no heartbeat in the window)
 * @param silenceSeconds seconds since its last heartbeat
 * @param lowerBound true when that is only the window's length (no heartbeat ever seen)
 * @param freq its heartbeat interval, seconds
 */
public record HeartbeatRow(String worker, String status, double silenceSeconds, boolean lowerBound, double freq) {
}
