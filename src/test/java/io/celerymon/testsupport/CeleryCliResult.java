package io.celerymon.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code celery inspect <method> --json} gave: the reply object keyed by node name (empty
 * object when nobody replied), exit code, wall time, and the raw streams.
 */
public record CeleryCliResult(JsonNode replies, int exitCode, long wallMillis, String stdout, String stderr) {

    /** Exit code of Celery's CLI when no node replied ({@code EX_UNAVAILABLE}). */
    public static final int EX_UNAVAILABLE = 69;

    /** True when Celery reported "No nodes replied within time constraint". */
    public boolean noNodesReplied() {
        return exitCode == EX_UNAVAILABLE && stderr.contains("No nodes replied");
    }

    /** Names of the nodes that replied. */
    public Set<String> nodes() {
        Set<String> names = new TreeSet<>();
        replies.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
