package io.celerymon.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.ReplyLeftover;
import io.celerymon.findings.Finding;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Only reply lists nobody has read for a minute are orphaned; only those are removed, and only with --cleanup. */
class LeftoversCheckTest {

    private static final ReplyLeftover OLD = new ReplyLeftover("old", "old\u0006\u0016\u0006\u0016old.reply.celery.pidbox",
            List.of("old.reply.celery.pidbox"), OptionalLong.of(600));
    private static final ReplyLeftover FRESH = new ReplyLeftover("fresh", null, List.of("fresh.reply.celery.pidbox"),
            OptionalLong.of(3));
    private static final ReplyLeftover BINDING_ONLY = new ReplyLeftover("waiting",
            "waiting\u0006\u0016\u0006\u0016waiting.reply.celery.pidbox", List.of(), OptionalLong.empty());
    private static final ReplyLeftover AGE_UNKNOWN = new ReplyLeftover("lfu", null, List.of("lfu.reply.celery.pidbox"),
            OptionalLong.empty());

    @Test
    void provablyOrphanedMeansReplyListsIdleForAMinute() {
        assertThat(LeftoversCheck.provablyOrphaned(OLD)).isTrue();
        assertThat(LeftoversCheck.provablyOrphaned(FRESH)).isFalse();
        assertThat(LeftoversCheck.provablyOrphaned(BINDING_ONLY)).isFalse();
        assertThat(LeftoversCheck.provablyOrphaned(AGE_UNKNOWN)).isFalse();
    }

    @Test
    void withoutCleanupNothingIsRemoved() throws Exception {
        BrokerClient broker = mock(BrokerClient.class);
        when(broker.replyLeftovers(any())).thenReturn(Optional.of(List.of(OLD, FRESH, BINDING_ONLY)));

        List<Finding> findings = new LeftoversCheck().run(context(broker, false), Deadline.in(Duration.ofSeconds(1)))
                .findings();

        assertThat(findings).extracting(Finding::id).containsExactly("reply_leftovers_orphaned", "reply_bindings_unconfirmed");
        assertThat(findings.get(0).evidence()).containsEntry("orphaned", 1).containsEntry("reply_lists", 1L);
        verify(broker, never()).removeReplyLeftovers(any(), any());
    }

    @Test
    void cleanupRemovesExactlyTheOrphanedOnes() throws Exception {
        BrokerClient broker = mock(BrokerClient.class);
        when(broker.replyLeftovers(any())).thenReturn(Optional.of(List.of(OLD, FRESH, BINDING_ONLY)));
        when(broker.removeReplyLeftovers(any(), any())).thenReturn(1);

        List<Finding> findings = new LeftoversCheck().run(context(broker, true), Deadline.in(Duration.ofSeconds(1)))
                .findings();

        verify(broker).removeReplyLeftovers(org.mockito.ArgumentMatchers.eq(List.of(OLD)), any());
        assertThat(findings.get(0).id()).isEqualTo("reply_leftovers_removed");
    }

    private static DiagnoseContext context(BrokerClient broker, boolean cleanup) {
        DiagnoseSettings settings = new DiagnoseSettings(Duration.ofSeconds(1), null, Duration.ofMillis(500),
                Duration.ofSeconds(1), List.of(), List.of(), cleanup, false);
        return Fixtures.context(settings, broker, Fixtures.redisRound(List.of(), 0, Map.of(), Map.of()),
                Fixtures.window(), Map.of());
    }
}
