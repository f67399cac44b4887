package io.celerymon.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.QueueDepth;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Queues come from the replies and the cache; a backlog nobody consumes is critical. */
class QueueCheckTest {

    @Test
    void aDeadWorkersQueueWithMessagesHasNoConsumer() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("d@h", "p@h"), 1, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of("p@h", "[{\"name\": \"celery\"}]"));
        BrokerClient broker = mock(BrokerClient.class);
        when(broker.queueDepths(any(), any())).thenReturn(Map.of(
                "celery", new QueueDepth("celery", true, 5, OptionalInt.empty()),
                "q.d", new QueueDepth("q.d", true, 3, OptionalInt.empty())));
        var facts = Map.of("d@h", Fixtures.facts("d@h", "threads", null, List.of("q.d"), null));

        CheckResult result = new QueueCheck().run(Fixtures.context(Fixtures.settings(), broker, round, Fixtures.window(),
                facts), Deadline.in(Duration.ofSeconds(1)));

        assertThat(result.findings()).extracting(Finding::id, Finding::subject, Finding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("queue_backlog", "celery", Severity.INFO),
                org.assertj.core.groups.Tuple.tuple("queue_no_consumer", "q.d", Severity.CRITICAL));
        assertThat(result.findings().get(1).evidence()).containsEntry("messages", 3L);
    }

    @Test
    void aBlockedWorkersQueueIsStalledNotOrphaned() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of("g@h", "p@h"), 2, Map.of("p@h", Fixtures.PREFORK_STATS),
                Map.of("p@h", "[]"));
        BrokerClient broker = mock(BrokerClient.class);
        when(broker.queueDepths(any(), any())).thenReturn(Map.of("q.g", new QueueDepth("q.g", true, 7, OptionalInt.empty())));
        var facts = Map.of("g@h", Fixtures.facts("g@h", "gevent", null, List.of("q.g"), null));

        CheckResult result = new QueueCheck().run(Fixtures.context(Fixtures.settings(), broker, round, Fixtures.window(),
                facts), Deadline.in(Duration.ofSeconds(1)));

        assertThat(result.findings()).extracting(Finding::id).containsExactly("queue_stalled");
        assertThat(result.data()).asList().hasSize(1);
    }

    @Test
    void aQueueTheBrokerSaysDoesNotExistIsNotFoundNotZeroMessagesOk() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of(), 0, Map.of(), Map.of());
        BrokerClient broker = mock(BrokerClient.class);
        // RabbitMQ's passive declare answers NOT_FOUND: the AMQP client reports exists=false with a consumer count.
        when(broker.queueDepths(any(), any())).thenReturn(Map.of("typo", new QueueDepth("typo", false, 0, OptionalInt.of(0))));
        DiagnoseSettings settings = new DiagnoseSettings(Duration.ofSeconds(1), null, Duration.ofMillis(500),
                Duration.ofSeconds(1), List.of(), List.of("typo"), false, false);

        CheckResult result = new QueueCheck().run(Fixtures.context(settings, broker, round, Fixtures.window(), Map.of()),
                Deadline.in(Duration.ofSeconds(1)));

        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("queue_not_found");
            assertThat(f.severity()).isEqualTo(Severity.WARN);
            assertThat(f.summary()).contains("Queue typo was not found on the broker");
        });
        assertThat(result.data()).asList().singleElement().satisfies(row ->
                assertThat(((QueueRow) row).exists()).isFalse());
    }

    @Test
    void onRedisAnEmptyQueueIsNotCalledMissing() throws Exception {
        InspectRound round = Fixtures.redisRound(List.of(), 0, Map.of(), Map.of());
        BrokerClient broker = mock(BrokerClient.class);
        when(broker.queueDepths(any(), any())).thenReturn(Map.of("q", new QueueDepth("q", false, 0, OptionalInt.empty())));
        DiagnoseSettings settings = new DiagnoseSettings(Duration.ofSeconds(1), null, Duration.ofMillis(500),
                Duration.ofSeconds(1), List.of(), List.of("q"), false, false);

        CheckResult result = new QueueCheck().run(Fixtures.context(settings, broker, round, Fixtures.window(), Map.of()),
                Deadline.in(Duration.ofSeconds(1)));

        assertThat(result.findings()).extracting(Finding::id).containsExactly("queues_ok");
        assertThat(((QueueRow) ((List<?>) result.data()).get(0)).exists()).isNull();
    }
}
