package io.celerymon.broker.amqp;

import io.celerymon.broker.Deadline;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a blocking RabbitMQ client call give up at a deadline. The client library has only
 * per-connection timeouts, so when a call outlives its deadline the guard breaks whatever the call
 * waits on (the socket, the channel) and the caller sees a {@link TimeoutException}.
 */
final class DeadlineGuard implements AutoCloseable {

    /** A blocking call into the RabbitMQ client. */
    @FunctionalInterface
    interface BlockingCall<T> {
        T call() throws Exception;
    }

    /** How long after breaking the call's channel the guard falls back to its last resort. */
    static final long LAST_RESORT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final int RUNNING = 0;
    private static final int RETURNED = 1;
    private static final int BROKEN = 2;

    private final ScheduledThreadPoolExecutor timer;
    /** Breaking a channel can itself wait for the broker, so it never runs on the timer thread. */
    private final ExecutorService breakers;

    DeadlineGuard() {
        timer = new ScheduledThreadPoolExecutor(1, daemonThreads("celerymon-amqp-deadline"));
        timer.setRemoveOnCancelPolicy(true);
        breakers = Executors.newCachedThreadPool(daemonThreads("celerymon-amqp-breaker"));
    }

    /**
     * Runs {@code call}; if it has not returned at {@code deadline}, runs {@code breakIt}, and if it
     * still has not returned a moment later, {@code lastResort} (may be null).
     *
     * @throws TimeoutException when the deadline had passed already or the call was broken
     */
    <T> T call(Deadline deadline, Runnable breakIt, Runnable lastResort, BlockingCall<T> call) throws Exception {
        long remaining = deadline.remaining().toNanos();
        if (remaining <= 0) {
            throw new TimeoutException("deadline passed before the call");
        }
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> first = timer.schedule(() -> {
            if (state.compareAndSet(RUNNING, BROKEN)) {
                breakers.execute(breakIt);
            }
        }, remaining, TimeUnit.NANOSECONDS);
        ScheduledFuture<?> second = lastResort == null ? null : timer.schedule(() -> {
            if (state.get() == BROKEN) {
                breakers.execute(lastResort);
            }
        }, remaining + LAST_RESORT_GRACE_NANOS, TimeUnit.NANOSECONDS);

        T result = null;
        Exception failure = null;
        try {
            result = call.call();
        } catch (Exception e) {
            failure = e;
        }
        boolean inTime = state.compareAndSet(RUNNING, RETURNED);
        if (!inTime) {
            // Mark the broken call as finished so the last resort is not needed any more.
            state.set(RETURNED);
        }
        first.cancel(false);
        if (second != null) {
            second.cancel(false);
        }
        if (!inTime) {
            TimeoutException timeout = new TimeoutException("no answer before the deadline");
            if (failure != null) {
                timeout.initCause(failure);
            }
            throw timeout;
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** Stops the timer threads; pending breaks are dropped. */
    @Override
    public void close() {
        timer.shutdownNow();
        breakers.shutdown();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
