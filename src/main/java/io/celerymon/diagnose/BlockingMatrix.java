package io.celerymon.diagnose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Worker by method: how each worker answered each inspect method of the round.
 *
 * @param methods the methods, in broadcast order
 * @param timeoutMs the per-call timeout
 * @param slowMs replies slower than this are {@code slow}
 * @param rows worker → method → cell, workers sorted
 */
public record BlockingMatrix(List<String> methods, double timeoutMs, double slowMs,
                             Map<String, Map<String, Cell>> rows) {

    /** How one call went for one worker. */
    public enum Status {
        OK, SLOW, TIMEOUT, ERROR;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One worker's answer to one method.
     *
     * @param latencyMs from the publish to the reply; NaN for a timeout
     * @param error the worker's error text, or null
     */
    public record Cell(Status status, double latencyMs, String error) {
    }

    public BlockingMatrix {
        methods = List.copyOf(methods);
        Map<String, Map<String, Cell>> copy = new LinkedHashMap<>();
        rows.forEach((worker, cells) -> copy.put(worker, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cells))));
        rows = java.util.Collections.unmodifiableMap(copy);
    }

    /** The methods this worker's row has in the given status, in broadcast order. */
    public List<String> methodsWith(String worker, Status status) {
        return methods.stream().filter(m -> rows.get(worker).get(m).status() == status).toList();
    }
}
