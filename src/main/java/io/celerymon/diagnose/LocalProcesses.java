package io.celerymon.diagnose;

import io.celerymon.envcheck.CeleryNodeName;
import io.celerymon.envcheck.FlowerAnswer;
import io.celerymon.envcheck.ProcessRole;
import io.celerymon.envcheck.ProcessScan;
import io.celerymon.envcheck.ScannedProcess;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Celery processes running on this host (env-check's /proc scan), with the host name their
 * {@code -n} values expand against, so a worker seen on the broker can be matched to its process.
 *
 * @param scan the scan; empty when the local scan was not asked for
 * @param hostname this host's name, or null when /proc did not give it
 * @param flowerAnswers what the local Flower processes answered when asked directly
 */
public record LocalProcesses(ProcessScan scan, String hostname, List<FlowerAnswer> flowerAnswers) {

    public LocalProcesses {
        flowerAnswers = List.copyOf(flowerAnswers);
    }

    /** No scan: the local-process check and pool source are off. */
    public static LocalProcesses none() {
        return new LocalProcesses(new ProcessScan(List.of(), 0, true, 0), null, List.of());
    }

    /** The local worker process that answers to {@code worker}, when it runs on this host. */
    public Optional<ScannedProcess> worker(String worker) {
        return Optional.ofNullable(workersByNode().get(worker));
    }

    /** Every local worker process by the node name it answers to (empty without a host name). */
    public Map<String, ScannedProcess> workersByNode() {
        Map<String, ScannedProcess> workers = new TreeMap<>();
        if (hostname != null) {
            scan.processes().stream().filter(p -> p.role() == ProcessRole.WORKER)
                    .forEach(p -> workers.putIfAbsent(CeleryNodeName.of(p.nodeName(), hostname), p));
        }
        return workers;
    }

    /** The pool {@code worker}'s local process was started with ({@code -P}), when it says. */
    public Optional<String> pool(String worker) {
        return worker(worker).map(ScannedProcess::pool).filter(p -> !p.isBlank());
    }
}
