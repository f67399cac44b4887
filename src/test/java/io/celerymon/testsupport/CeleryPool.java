package io.celerymon.testsupport;

/** Celery worker execution pools (the {@code -P} option). */
public enum CeleryPool {
    PREFORK("prefork", false),
    THREADS("threads", false),
    SOLO("solo", false),
    GEVENT("gevent", true),
    EVENTLET("eventlet", true);

    private final String cliName;
    private final boolean green;

    CeleryPool(String cliName, boolean green) {
        this.cliName = cliName;
        this.green = green;
    }

    /** The value for {@code celery worker -P}. */
    public String cliName() {
        return cliName;
    }

    /** True for greenlet pools, whose hub a CPU-bound task can block (control messages then go unanswered). */
    public boolean isGreen() {
        return green;
    }
}
