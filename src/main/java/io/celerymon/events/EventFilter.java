package io.celerymon.events;

import io.celerymon.protocol.Fnmatch;
import java.util.regex.Pattern;

/**
 * The {@code --type GLOB} and {@code --worker GLOB} filters (fnmatch semantics); a null glob
 * accepts everything. Synthetic events are judged by their own type and by the worker they are
 * about.
 */
public final class EventFilter {

    private final Pattern type;
    private final Pattern worker;

    /**
     * @throws IllegalArgumentException if a glob is malformed
     */
    public EventFilter(String typeGlob, String workerGlob) {
        this.type = typeGlob == null ? null : Fnmatch.toRegex(typeGlob);
        this.worker = workerGlob == null ? null : Fnmatch.toRegex(workerGlob);
    }

    /** A filter that accepts every event. */
    public static EventFilter acceptAll() {
        return new EventFilter(null, null);
    }

    /** True if the event's type and hostname match both globs; a null hostname fails a worker glob. */
    public boolean accepts(CeleryEvent event) {
        return matches(type, event.type()) && matches(worker, event.hostname());
    }

    private static boolean matches(Pattern pattern, String value) {
        return pattern == null || (value != null && pattern.matcher(value).matches());
    }
}
