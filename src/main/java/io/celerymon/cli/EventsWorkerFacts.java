package io.celerymon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.Deadline;
import io.celerymon.diagnose.LocalProcesses;
import io.celerymon.envcheck.ProcessScan;
import io.celerymon.envcheck.ProcessScanner;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.events.EventWatch;
import io.celerymon.events.RestoreOutcome;
import io.celerymon.inspect.WorkerFacts;
import io.celerymon.inspect.WorkerFactsStore;
import io.celerymon.output.TerminalText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code events} knows about workers beyond the stream, wired here because {@code events}
 * may not import env-check: the facts cache's pools, the {@code -P} of worker processes on this
 * host (scanned in the background, never holding up the stream), and, at exit, the pools learnt
 * for the cache and the {@code --restore} report on stderr.
 */
final class EventsWorkerFacts {

    /** A node name that a shell takes as one word as it is; anything else is single-quoted. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private final WorkerFactsStore store;
    private final String brokerKey;
    /** The local worker processes by node name; empty until the scan ends. Written once, read at exit. */
    private volatile Map<String, ScannedProcess> local = Map.of();

    EventsWorkerFacts(WorkerFactsStore store, String brokerKey) {
        this.store = store;
        this.brokerKey = brokerKey;
    }

    /** Gives the watch the cached pools now, and the local processes' {@code -P} once scanned. */
    void feed(EventWatch watch, Duration timeout) {
        Map<String, String> cached = new TreeMap<>();
        store.load(brokerKey).forEach((host, facts) -> {
            if (facts.pool() != null) {
                cached.put(host, facts.pool());
            }
        });
        watch.cachedPools(cached);
        Thread scan = new Thread(() -> {
            try {
                ProcessScanner scanner = ProcessScanner.ofThisHost();
                ProcessScan found = scanner.scanCelery(Deadline.in(timeout));
                Map<String, ScannedProcess> workers =
                        new LocalProcesses(found, scanner.hostname().orElse(null), List.of()).workersByNode();
                local = workers;
                Map<String, String> options = new TreeMap<>();
                workers.forEach((node, p) -> {
                    if (p.pool() != null && !p.pool().isBlank()) {
                        options.put(node, p.pool());
                    }
                });
                watch.localPools(options);
            } catch (RuntimeException unreadable) {
                // Only a hint: without /proc the pool comes from stats and the cache.
            }
        }, "celerymon-events-local-scan");
        scan.setDaemon(true);
        scan.start();
    }

    /** Remembers the pools this run's {@code stats} replies gave, for later runs and {@code diagnose}. */
    void remember(EventWatch watch) {
        double now = System.currentTimeMillis() / 1000.0;
        Map<String, WorkerFacts> learnt = new LinkedHashMap<>();
        watch.poolsFromStats().forEach((host, pool) -> learnt.put(host, new WorkerFacts(host, pool,
                OptionalDouble.empty(), OptionalDouble.empty(), null, null, now)));
        store.remember(brokerKey, learnt);
    }

    /** One line on stderr per worker {@code --restore} could not settle, each with the command that does. */
    void report(RestoreOutcome outcome, Duration timeout, PrintWriter err) {
        if (outcome.failure() != null && !outcome.unconfirmed().isEmpty()) {
            err.printf("celerymon: --restore could not send disable_events (%s); task events stay on for %s. "
                            + "To turn them off: %s%n", TerminalText.clean(outcome.failure()),
                    String.join(", ", outcome.unconfirmed().stream().map(TerminalText::clean).toList()),
                    command(outcome.unconfirmed()));
        } else {
            for (String worker : outcome.unconfirmed()) {
                err.printf(Locale.ROOT, "celerymon: %s did not confirm disable_events within %.1f s; the request "
                                + "waits in its pidbox and takes effect when it reads it. To make sure: %s%n",
                        TerminalText.clean(worker), timeout.toMillis() / 1000.0, command(List.of(worker)));
            }
        }
        for (String worker : outcome.unanswered()) {
            err.printf("celerymon: %s never answered enable_events, so --restore left it alone: it may still switch "
                            + "its task events on when it reads the request (a blocked hub does once unblocked). "
                            + "To turn them off: %s%n", TerminalText.clean(worker), command(List.of(worker)));
        }
        err.flush();
    }

    /**
     * Celery's own command (celerymon has no control command), with the worker's {@code -A} when its
     * process runs here; else {@code APP} stands for it.
     */
    String command(List<String> workers) {
        String app = workers.stream().map(w -> local.get(w)).filter(p -> p != null && p.app() != null)
                .map(ScannedProcess::app).findFirst().orElse("APP");
        return "celery -A " + shellWord(app) + " control disable_events -d " + shellWord(String.join(",", workers));
    }

    static String shellWord(String text) {
        String clean = TerminalText.clean(text);
        return SHELL_SAFE.matcher(clean).matches() ? clean : "'" + clean.replace("'", "'\\''") + "'";
    }
}
