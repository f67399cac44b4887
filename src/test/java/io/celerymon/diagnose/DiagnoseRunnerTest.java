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
        assertThat(outcomes.get(1).worst()).isEqualTo(Severity.CRITICAL);
        assertThat(outcomes.get(1).decided()).isFalse();
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

    @Test
    void checksThatNeedNoConnectionStartBeforeAConnectThatHangsAndStillDecide() {
        Check local = new Check() {
            @Override
            public String name() {
                return "local_processes";
            }

            @Override
            public boolean needsBroker() {
                return false;
            }

            @Override
            public boolean startsBeforeConnect() {
                return true;
            }

            @Override
            public CheckResult run(DiagnoseContext context, Deadline deadline) {
                return one("local_processes_ok", Severity.OK);
            }
        };
        Check needs = check("pool", true, () -> one("ran", Severity.OK));
        Deadline deadline = Deadline.in(Duration.ofMillis(400));
        DiagnoseContext early = DiagnoseContext.beforeConnect(Fixtures.settings(), "redis://h:1/0",
                CompletableFuture.completedFuture(LocalProcesses.none()));
        BrokerUnreachableException hung = new BrokerUnreachableException("redis://h:1/0: no answer in time", null);

        List<CheckOutcome> outcomes = new DiagnoseRunner(executor).run(List.of(needs, local), early, () -> {
            // A connect that uses up the whole deadline, as against a hung broker.
            while (!deadline.expired()) {
                Thread.onSpinWait();
            }
            return DiagnoseContext.withoutBroker(Fixtures.settings(), "redis://h:1/0", hung, 400,
                    CompletableFuture.completedFuture(LocalProcesses.none()));
        }, deadline);

        assertThat(outcomes).extracting(CheckOutcome::status)
                .containsExactly(CheckOutcome.Status.SKIPPED, CheckOutcome.Status.COMPLETED);
        assertThat(outcomes.get(1).findings()).extracting(Finding::id).containsExactly("local_processes_ok");
        assertThat(outcomes.get(0).reason()).contains("the broker could not be used");
    }

    @Test
    void aDeadlineThatLeftNoTimeToConnectIsNotCheckedAndCritical() {
        Check broker = new BrokerCheck();
        Check needs = check("pool", true, () -> one("ran", Severity.OK));
        DiagnoseContext context = DiagnoseContext.notChecked(Fixtures.settings(), "redis://h:1/0",
                "the deadline left 0 ms", CompletableFuture.completedFuture(LocalProcesses.none()));

        List<CheckOutcome> outcomes = new DiagnoseRunner(executor).run(List.of(broker, needs), context,
                Deadline.in(Duration.ofSeconds(1)));

        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(CheckOutcome.Status.NOT_CHECKED);
            assertThat(o.reason()).isEqualTo("not checked: the deadline left 0 ms");
            assertThat(o.findings()).extracting(Finding::id, Finding::severity)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("check_not_checked", Severity.CRITICAL));
        });
    }

    @Test
    void aCheckStartedAfterTheDeadlineIsNotChecked() {
        Check late = check("late", false, () -> one("ran", Severity.OK));
        DiagnoseContext context = Fixtures.context(Fixtures.settings(), null, null, null, Map.of());

        List<CheckOutcome> outcomes = new DiagnoseRunner(executor).run(List.of(late), context,
                Deadline.in(Duration.ZERO));

        assertThat(outcomes.get(0).status()).isEqualTo(CheckOutcome.Status.NOT_CHECKED);
    }

    @Test
    void aCheckFailingOnTheBrokerBlamesTheBroker() {
        Check refused = check("queues", true, () -> {
            throw new io.celerymon.broker.BrokerAuthException("amqp://u@h/v: access refused: ACCESS_REFUSED", null);
        });
        Check unusable = check("leftovers", true, () -> {
            throw new BrokerUnreachableException("redis://h:1/0: no answer in time", null);
        });
        Check bug = check("pool", true, () -> {
            throw new IllegalStateException("boom");
        });
        DiagnoseContext context = Fixtures.context(Fixtures.settings(), null, null, null, Map.of());

        List<CheckOutcome> outcomes = new DiagnoseRunner(executor).run(List.of(refused, unusable, bug), context,
                Deadline.in(Duration.ofSeconds(5)));

        assertThat(outcomes).extracting(CheckOutcome::brokerFault).containsExactly(CheckOutcome.BrokerFault.REFUSED,
                CheckOutcome.BrokerFault.UNUSABLE, CheckOutcome.BrokerFault.NONE);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.worst()).isEqualTo(Severity.CRITICAL));
        assertThat(outcomes.get(0).reason()).isEqualTo("failed: amqp://u@h/v: access refused: ACCESS_REFUSED");
    }

    @Test
    void aBrokerThatConnectedButFailedItsProofIsUnusable() {
        DiagnoseContext context = DiagnoseContext.unusableBroker(Fixtures.settings(), "redis://h:1/0",
                new io.celerymon.broker.BrokerProtocolException("redis://h:1/0: the server refused to write a test key: "
                        + "OOM command not allowed when used memory > 'maxmemory'.", null), 2.0, 0.4,
                CompletableFuture.completedFuture(LocalProcesses.none()));

        List<Finding> findings = new BrokerCheck().run(context, Deadline.in(Duration.ofSeconds(1))).findings();

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("broker_unusable");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.summary()).contains("OOM command not allowed");
            assertThat(f.evidence()).containsEntry("connect_ms", 2.0).containsEntry("verify_ms", 0.4);
        });
    }
}
