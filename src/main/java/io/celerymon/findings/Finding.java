package io.celerymon.findings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One conclusion of a check: what it is about and how bad, the numbers it rests on, and what to do.
 * Shared by {@code diagnose} and {@code env-check} so their JSON, tables and exit codes agree.
 *
 * @param id stable snake_case identifier of the kind of finding, e.g. {@code worker_blocked}
 * @param severity how bad
 * @param subject what it is about: a worker hostname, queue, PID, URL, or {@code broker}
 * @param summary one human sentence stating the conclusion
 * @param evidence the measured facts, insertion-ordered; values are JSON-friendly
 *     (String, Number, Boolean, List, Map)
 * @param remedy one sentence saying what to do, empty when nothing is to be done
 */
public record Finding(String id, Severity severity, String subject, String summary,
        Map<String, Object> evidence, String remedy) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        summary = summary == null ? "" : summary;
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        remedy = remedy == null ? "" : remedy;
    }

    /** Whether this finding fails a run whose fail level is {@code failOn}. */
    public boolean fails(Severity failOn) {
        return severity.atLeast(failOn);
    }
}
