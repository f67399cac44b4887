package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs checks concurrently on a bounded executor under one deadline. A check still running at
 * the deadline is interrupted and abandoned (its thread is a daemon; nothing waits for it) and
 * becomes a {@code check_timed_out} finding; one that throws becomes {@code check_failed}.
 */
public final class DiagnoseRunner {

    private final ExecutorService executor;

    public DiagnoseRunner(ExecutorService executor) {
        this.executor = executor;
    }

    /** Every check's outcome, in the order given, by {@code deadline}. */
    public List<CheckOutcome> run(List<Check> checks, DiagnoseContext context, Deadline deadline) {
        Map<Check, Future<Timed>> running = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (Check check : checks) {
            if (check.needsBroker() && context.brokerFailure().isPresent()) {
                running.put(check, null);
                continue;
            }
            running.put(check, executor.submit(() -> {
                long begun = System.nanoTime();
                CheckResult result = check.run(context, deadline);
                return new Timed(result, (System.nanoTime() - begun) / 1e6);
            }));
        }
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<Check, Future<Timed>> entry : running.entrySet()) {
            outcomes.add(outcome(entry.getKey(), entry.getValue(), deadline, start));
        }
        return outcomes;
    }

    private static CheckOutcome outcome(Check check, Future<Timed> future, Deadline deadline, long start) {
        String name = check.name();
        if (future == null) {
            return new CheckOutcome(name, CheckOutcome.Status.SKIPPED, List.of(), null, 0);
        }
        try {
            Timed timed = future.get(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
            return new CheckOutcome(name, CheckOutcome.Status.COMPLETED, timed.result.findings(), timed.result.data(),
                    timed.elapsedMs);
        } catch (TimeoutException e) {
            future.cancel(true);
            return timedOut(name, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return timedOut(name, start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException || cause instanceof InterruptedException) {
                return timedOut(name, start);
            }
            double elapsed = (System.nanoTime() - start) / 1e6;
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("error", describe(cause));
            Finding failed = new Finding("check_failed", Severity.WARN, name,
                    "The " + name + " check failed: " + describe(cause), evidence,
                    "Run again with --stacktrace; if it keeps failing, report it with the output.");
            return new CheckOutcome(name, CheckOutcome.Status.FAILED, List.of(failed), null, elapsed);
        }
    }

    private static CheckOutcome timedOut(String name, long start) {
        double elapsed = (System.nanoTime() - start) / 1e6;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("ran_ms", Math.round(elapsed));
        Finding late = new Finding("check_timed_out", Severity.WARN, name,
                "The " + name + " check did not finish before the deadline; its result is unknown.", evidence,
                "Raise --deadline, or look at what the check waits on (broker, Flower URL).");
        return new CheckOutcome(name, CheckOutcome.Status.TIMED_OUT, List.of(late), null, elapsed);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName()
                : message.replace('\n', ' ').replace('\r', ' ');
    }

    private record Timed(CheckResult result, double elapsedMs) {
    }
}
