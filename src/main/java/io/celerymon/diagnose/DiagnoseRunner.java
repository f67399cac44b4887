package io.celerymon.diagnose;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs checks concurrently on a bounded executor under one deadline. Checks that need no broker
 * connection start first, so a broker that hangs cannot starve them; the others start once the
 * connection is made (or has failed). A check still running at the deadline is interrupted and
 * abandoned (its thread is a daemon; nothing waits for it) and becomes {@code check_timed_out};
 * one that throws becomes {@code check_failed}; one the deadline left no time to start becomes
 * {@code check_not_checked}. All three are critical: a check that could not decide is never ok.
 */
public final class DiagnoseRunner {

    /**
     * How long past the deadline a check is waited for: a check that honours the deadline (a
     * socket read, a future's get) returns a moment after it, and its own conclusion beats a
     * "timed out" that says less.
     */
    static final Duration GRACE = Duration.ofMillis(50);

    private final ExecutorService executor;

    public DiagnoseRunner(ExecutorService executor) {
        this.executor = executor;
    }

    /** Every check's outcome, in the order given, by {@code deadline}; the broker is already connected (or failed). */
    public List<CheckOutcome> run(List<Check> checks, DiagnoseContext context, Deadline deadline) {
        return run(checks, context, () -> context, deadline);
    }

    /**
     * Starts the checks that {@link Check#startsBeforeConnect() need no connection} with
     * {@code early}, then calls {@code connect} for the context of the others and starts them.
     */
    public List<CheckOutcome> run(List<Check> checks, DiagnoseContext early, Supplier<DiagnoseContext> connect,
                                  Deadline deadline) {
        Map<Check, Object> started = new LinkedHashMap<>();
        checks.forEach(check -> started.put(check, null));
        for (Check check : checks) {
            if (check.startsBeforeConnect()) {
                started.put(check, start(check, early, deadline));
            }
        }
        DiagnoseContext context = connect.get();
        for (Check check : checks) {
            if (check.startsBeforeConnect()) {
                continue;
            }
            if (context.notChecked().isPresent()) {
                started.put(check, notChecked(check.name(), context.notChecked().get()));
            } else if (check.needsBroker() && context.brokerFailure().isPresent()) {
                started.put(check, new CheckOutcome(check.name(), CheckOutcome.Status.SKIPPED, List.of(), null, 0,
                        "not run: the broker could not be used", CheckOutcome.BrokerFault.NONE));
            } else {
                started.put(check, start(check, context, deadline));
            }
        }
        Deadline collect = new Deadline(deadline.atNanos() + GRACE.toNanos());
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<Check, Object> entry : started.entrySet()) {
            Object value = entry.getValue();
            outcomes.add(value instanceof Running running ? outcome(entry.getKey().name(), running, collect)
                    : (CheckOutcome) value);
        }
        return outcomes;
    }

    private Object start(Check check, DiagnoseContext context, Deadline deadline) {
        if (deadline.expired()) {
            return notChecked(check.name(), "the deadline had passed before it could start");
        }
        long begun = System.nanoTime();
        Future<Timed> future = executor.submit(() -> {
            CheckResult result = check.run(context, deadline);
            return new Timed(result, (System.nanoTime() - begun) / 1e6);
        });
        return new Running(future, begun);
    }

    private static CheckOutcome outcome(String name, Running running, Deadline collect) {
        Future<Timed> future = running.future;
        try {
            Timed timed = future.get(Math.max(0, collect.remaining().toNanos()), TimeUnit.NANOSECONDS);
            return new CheckOutcome(name, CheckOutcome.Status.COMPLETED, timed.result.findings(), timed.result.data(),
                    timed.elapsedMs);
        } catch (TimeoutException | CancellationException e) {
            future.cancel(true);
            return timedOut(name, running.elapsedMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return timedOut(name, running.elapsedMs());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException || cause instanceof InterruptedException) {
                return timedOut(name, running.elapsedMs());
            }
            return failed(name, cause, running.elapsedMs());
        }
    }

    private static CheckOutcome failed(String name, Throwable cause, double elapsedMs) {
        CheckOutcome.BrokerFault fault = cause instanceof BrokerAuthException ? CheckOutcome.BrokerFault.REFUSED
                : cause instanceof BrokerException ? CheckOutcome.BrokerFault.UNUSABLE : CheckOutcome.BrokerFault.NONE;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("error", describe(cause));
        String remedy = fault == CheckOutcome.BrokerFault.NONE
                ? "Run again with --stacktrace; if it keeps failing, report it with the output."
                : "The broker failed this check's calls; see the broker finding and the broker's log.";
        Finding failed = new Finding("check_failed", Severity.CRITICAL, name,
                "The " + name + " check could not decide: " + describe(cause), evidence, remedy);
        return new CheckOutcome(name, CheckOutcome.Status.FAILED, List.of(failed), null, elapsedMs,
                "failed: " + describe(cause), fault);
    }

    private static CheckOutcome timedOut(String name, double elapsedMs) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("ran_ms", Math.round(elapsedMs));
        Finding late = new Finding("check_timed_out", Severity.CRITICAL, name,
                "The " + name + " check did not finish before the deadline; its result is unknown.", evidence,
                "Raise --deadline, or look at what the check waits on (broker, Flower URL).");
        return new CheckOutcome(name, CheckOutcome.Status.TIMED_OUT, List.of(late), null, elapsedMs,
                "timed out after " + Math.round(elapsedMs) + " ms", CheckOutcome.BrokerFault.NONE);
    }

    private static CheckOutcome notChecked(String name, String why) {
        Finding none = new Finding("check_not_checked", Severity.CRITICAL, name,
                "The " + name + " check was not run: " + why + ".", Map.of("reason", why),
                "Raise --deadline: it counts from process start and must leave time to connect and run the checks.");
        return new CheckOutcome(name, CheckOutcome.Status.NOT_CHECKED, List.of(none), null, 0, "not checked: " + why,
                CheckOutcome.BrokerFault.NONE);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName()
                : message.replace('\n', ' ').replace('\r', ' ');
    }

    private record Timed(CheckResult result, double elapsedMs) {
    }

    private record Running(Future<Timed> future, long begunNanos) {
        double elapsedMs() {
            return (System.nanoTime() - begunNanos) / 1e6;
        }
    }
}
