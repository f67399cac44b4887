package io.celerymon.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineGuardTest {

    private final DeadlineGuard guard = new DeadlineGuard();

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void returnsTheResultOfACallThatFinishesInTime() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        String result = guard.call(Deadline.in(Duration.ofSeconds(5)), () -> broken.set(true), null, () -> "ok");
        assertThat(result).isEqualTo("ok");
        assertThat(broken).isFalse();
    }

    @Test
    void passesOnTheCallsOwnFailure() {
        assertThatThrownBy(() -> guard.call(Deadline.in(Duration.ofSeconds(5)), () -> { }, null, () -> {
            throw new IOException("boom");
        })).isInstanceOf(IOException.class).hasMessage("boom");
    }

    @Test
    void breaksAHangingCallAtTheDeadline() {
        CountDownLatch released = new CountDownLatch(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.call(Deadline.in(Duration.ofMillis(200)), released::countDown, null, () -> {
            if (!released.await(10, TimeUnit.SECONDS)) {
                return "never broken";
            }
            throw new IOException("channel aborted");
        })).isInstanceOf(TimeoutException.class).hasCauseInstanceOf(IOException.class);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMillis).isBetween(150L, 1000L);
    }

    @Test
    void fallsBackToTheLastResortWhenBreakingDoesNotFreeTheCall() {
        CountDownLatch released = new CountDownLatch(1);
        AtomicBoolean firstTried = new AtomicBoolean();
        assertThatThrownBy(() -> guard.call(Deadline.in(Duration.ofMillis(100)), () -> firstTried.set(true),
                released::countDown, () -> released.await(10, TimeUnit.SECONDS)))
                .isInstanceOf(TimeoutException.class);
        assertThat(firstTried).isTrue();
    }

    @Test
    void refusesToStartWhenTheDeadlineHasPassed() {
        AtomicBoolean ran = new AtomicBoolean();
        assertThatThrownBy(() -> guard.call(Deadline.in(Duration.ZERO), () -> { }, null, () -> {
            ran.set(true);
            return null;
        })).isInstanceOf(TimeoutException.class);
        assertThat(ran).isFalse();
    }
}
