package io.celerymon.envcheck;

/** A PID given to scan has no process (or its /proc entry cannot be read at all). */
public final class NoSuchProcessException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoSuchProcessException(long pid) {
        super("no process with PID " + pid);
    }
}
