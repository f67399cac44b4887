package io.celerymon.events;

/** One recent task failure: which task, where, when, and the exception Celery reported. */
public record TaskFailure(String uuid, String name, String hostname, double timestamp, String exception) {
}
