package io.celerymon.events;

import java.util.List;
import java.util.Map;

/**
 * The cluster as the event stream shows it at one moment: what the live view draws and what
 * {@code --summary} prints.
 *
 * @param broker the broker endpoint, masked
 * @param takenAt epoch seconds
 * @param elapsedSeconds since the stream started
 * @param events events received so far (synthetic ones not counted)
 * @param workers one entry per worker, sorted by hostname
 * @param taskCounts task events by state name ({@code received}, {@code started},
 *     {@code succeeded}, {@code failed}, {@code retried}, {@code revoked}, {@code rejected}, …)
 * @param taskRates task events per second by state over the last minute
 * @param recentFailures the latest failures, newest first (bounded)
 * @param tasksTracked how many tasks the bounded task table holds now
 */
public record ClusterSnapshot(String broker, double takenAt, double elapsedSeconds, long events,
                              List<WorkerView> workers, Map<String, Long> taskCounts, Map<String, Double> taskRates,
                              List<TaskFailure> recentFailures, int tasksTracked) {

    public ClusterSnapshot {
        workers = List.copyOf(workers);
        taskCounts = Map.copyOf(taskCounts);
        taskRates = Map.copyOf(taskRates);
        recentFailures = List.copyOf(recentFailures);
    }
}
