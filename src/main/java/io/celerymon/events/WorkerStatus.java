package io.celerymon.events;

/** A worker's liveness as the event stream shows it. */
public enum WorkerStatus {
    /** Heartbeats arrive on time. */
    ONLINE,
    /** The next heartbeat is later than 2 × freq: silent, but not gone (a blocked gevent hub looks like this). */
    STALLED,
    /** It said goodbye ({@code worker-offline}). */
    OFFLINE
}
