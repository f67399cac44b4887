package io.celerymon.events;

/**
 * One recent task failure: which task, where, when, the exception Celery reported and its traceback.
 *
 * @param traceback the {@code traceback} field of the {@code task-failed} event as sent (Celery 5.2's
 *     {@code exception} is often just {@code ExceptionWithTraceback()}, so this is where the error
 *     shows), cut to its last {@link #MAX_TRACEBACK_CHARS} characters; null when the event had none
 */
public record TaskFailure(String uuid, String name, String hostname, double timestamp, String exception,
                          String traceback) {

    /** How much of a traceback is kept: the end, where the innermost frame and the error are. */
    public static final int MAX_TRACEBACK_CHARS = 16_384;
    /** Starts a traceback that was cut. */
    public static final String CUT_MARK = "[start of the traceback cut]\n";

    public TaskFailure {
        traceback = bounded(traceback);
    }

    /** A failure without a traceback. */
    public TaskFailure(String uuid, String name, String hostname, double timestamp, String exception) {
        this(uuid, name, hostname, timestamp, exception, null);
    }

    private static String bounded(String traceback) {
        if (traceback == null || traceback.length() <= MAX_TRACEBACK_CHARS) {
            return traceback;
        }
        int start = traceback.length() - MAX_TRACEBACK_CHARS;
        if (Character.isLowSurrogate(traceback.charAt(start))) {
            start++;
        }
        // From the next line on, so the first line shown is a whole one.
        int newline = traceback.indexOf('\n', start);
        if (newline >= 0 && newline + 1 < traceback.length()) {
            start = newline + 1;
        }
        return CUT_MARK + traceback.substring(start);
    }
}
