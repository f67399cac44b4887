package io.celerymon.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's rules: concurrent checks, one deadline, stragglers abandoned, failures and skips reported. */
class DiagnoseRunnerTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static Check check(String name, boolean needsBroker, CheckBody body) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean needsBroker() {
                return needsBroker;
            }

            @Override
            public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
                return body.run();
            }
        };
    }

    private interface CheckBody {
        CheckResult run() throws Exception;
    }

    private static CheckResult one(String id, Severity severity) {
        return CheckResult.of(List.of(new Finding(id, severity, "x", "", Map.of(), "")));
    }

    @Test
    void aCheckStillRunningAtTheDeadlineIsAbandonedAndReportedAsTimedOut() {
        CountDownLatch interrupted = new CountDownLatch(1);
        Check hangs = check("hangs", true, () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return one("never", Severity.OK);
        });
        Check quick = check("quick", true, () -> one("fine", Severity.OK));
        DiagnoseContext context = Fixtures.context(Fixtures.settings(), null, null, null, Map.of());

        List<CheckOutcome> outcomes = new DiagnoseRunner(executor).run(List.of(quick, hangs), context,
                Deadline.in(Duration.ofMillis(300)));

        assertThat(outcomes).extracting(CheckOutcome::check).containsExactly("quick", "hangs");
        assertThat(outcomes.get(0).status()).isEqualTo(CheckOutcome.Status.COMPLETED);
        assertThat(outcomes.get(1).status()).isEqualTo(CheckOutcome.Status.TIMED_OUT);
        assertThat(outcomes.get(1).findings()).extracting(Finding::id).containsExactly("check_timed_out");
        assertThat(outcomes.get(1).worst()).isEqualTo(Severity.WARN);
    }

    @Test
    void aCheckThatThrowsBecomesACheckFailedFinding() {
        Check broken = check("broken", true, () -> {
            throw new IllegalStateException("boom");
        });
        DiagnoseContext context = Fixtures.context(Fixtures.settings(), null, null, null, Map.of());

        List<CheckOutcome> outcomes = new DiagnoseRunner(executor).run(List.of(broken), context,
                Deadline.in(Duration.ofSeconds(5)));

        assertThat(outcomes.get(0).status()).isEqualTo(CheckOutcome.Status.FAILED);
        assertThat(outcomes.get(0).findings().get(0).id()).isEqualTo("check_failed");
        assertThat(outcomes.get(0).findings().get(0).summary()).contains("boom");
    }

    @Test
    void withoutABrokerOnlyChecksThatDoNotNeedOneRun() {
        Check needs = check("needs", true, () -> one("ran", Severity.OK));
        Check free = check("free", false, () -> one("ran", Severity.OK));
        DiagnoseContext context = DiagnoseContext.withoutBroker(Fixtures.settings(), "redis://h:1/0",
                new BrokerUnreachableException("redis://h:1/0: connection refused", null), 3.0,
                CompletableFuture.completedFuture(LocalProcesses.none()));

        List<CheckOutcome> outcomes = new DiagnoseRunner(executor).run(List.of(needs, free), context,
                Deadline.in(Duration.ofSeconds(5)));

        assertThat(outcomes).extracting(CheckOutcome::status)
                .containsExactly(CheckOutcome.Status.SKIPPED, CheckOutcome.Status.COMPLETED);
    }

    @Test
    void anUnreachableBrokerIsACriticalBrokerFinding() throws Exception {
        DiagnoseContext context = DiagnoseContext.withoutBroker(Fixtures.settings(), "redis://h:1/0",
                new BrokerUnreachableException("redis://h:1/0: connection refused", null), 3.0,
                CompletableFuture.completedFuture(LocalProcesses.none()));

        List<Finding> findings = new BrokerCheck().run(context, Deadline.in(Duration.ofSeconds(1))).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("broker_unreachable");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo("broker");
        });
    }
}
