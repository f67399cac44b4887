package io.celerymon.events;

/** A message on the event exchange that is not a Celery event celerymon can read; the text says why. */
public final class DecodeException extends Exception {

    public DecodeException(String message) {
        super(message);
    }
}
