package io.celerymon.envcheck;

import java.util.Locale;

/**
 * A green-thread library whose presence in a process matters. gevent and greenlet ship compiled
 * modules, visible in {@code /proc/PID/maps}; eventlet is pure Python and is seen there only
 * through the greenlet it runs on.
 */
public enum GreenLibrary {
    GEVENT, GREENLET, EVENTLET;

    /** The lower-case name used in JSON and tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The library a mapped file belongs to, or null: judged by a path component of that name. */
    static GreenLibrary ofMappedPath(String path) {
        if (!path.endsWith(".so") && !path.contains(".so.")) {
            return null;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        for (GreenLibrary library : values()) {
            String name = library.label();
            if (lower.contains("/" + name + "/") || lower.substring(lower.lastIndexOf('/') + 1).startsWith("_" + name)
                    || lower.substring(lower.lastIndexOf('/') + 1).startsWith(name)) {
                return library;
            }
        }
        return null;
    }

    /**
     * The library whose hub runs the process's main thread, or null: gevent when its compiled
     * modules are mapped; eventlet when greenlet is mapped and the worker runs {@code -P eventlet}
     * (eventlet itself is pure Python; greenlet alone may be SQLAlchemy's, no hub).
     */
    static String hubOf(java.util.Set<GreenLibrary> mapped, String pool) {
        if (mapped.contains(GEVENT)) {
            return GEVENT.label();
        }
        return mapped.contains(GREENLET) && "eventlet".equals(pool) ? EVENTLET.label() : null;
    }
}
