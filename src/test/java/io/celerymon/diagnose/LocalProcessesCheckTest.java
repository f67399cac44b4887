package io.celerymon.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.Deadline;
import io.celerymon.envcheck.GreenLibrary;
import io.celerymon.envcheck.ListeningSocket;
import io.celerymon.envcheck.ProcessRole;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalProcessesCheckTest {

    private static final Deadline SOON = Deadline.in(Duration.ofSeconds(5));

    private static CheckResult run(LocalProcesses local) throws Exception {
        DiagnoseContext context = Fixtures.context(Fixtures.settings(), null,
                Fixtures.redisRound(List.of(), 0, Map.of(), Map.of()), Fixtures.window(), Map.of(), local);
        return new LocalProcessesCheck().run(context, SOON);
    }

    @Test
    void aGeventLoadedFlowerThatNeverDrainsItsAcceptQueueIsCritical() throws Exception {
        ListeningSocket stuck = new ListeningSocket("0.0.0.0:5555", 81234, List.of(7, 9));
        CheckResult result = run(Fixtures.local(Fixtures.process(4242, ProcessRole.FLOWER, null, null,
                Set.of(GreenLibrary.GEVENT, GreenLibrary.GREENLET), List.of(stuck))));

        assertThat(result.findings()).extracting(Finding::id).contains("listener_not_accepting")
                .doesNotContain("local_processes_ok");
        Finding hung = result.findings().stream().filter(f -> f.id().equals("listener_not_accepting")).findFirst()
                .orElseThrow();
        assertThat(hung.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(hung.subject()).isEqualTo("pid 4242");
        assertThat(hung.evidence()).containsEntry("accept_queue", List.of(7, 9));
        assertThat(result.data()).isInstanceOf(LocalProcesses.class);
    }

    @Test
    void healthyOrAbsentProcessesGiveOneOkFinding() throws Exception {
        ListeningSocket drained = new ListeningSocket("0.0.0.0:5555", 81234, List.of(0, 0));
        CheckResult healthy = run(Fixtures.local(Fixtures.process(4242, ProcessRole.FLOWER, null, null, Set.of(),
                List.of(drained))));
        CheckResult none = run(LocalProcesses.none());

        assertThat(healthy.findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("local_processes_ok");
            assertThat(f.severity()).isEqualTo(Severity.OK);
            assertThat(f.evidence()).containsEntry("processes", 1);
        });
        assertThat(none.findings()).singleElement().satisfies(f ->
                assertThat(f.summary()).contains("No Celery worker, beat or Flower process"));
    }

    @Test
    void itRunsWithoutABroker() {
        assertThat(new LocalProcessesCheck().needsBroker()).isFalse();
    }
}
