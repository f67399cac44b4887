package io.celerymon.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectMethodTest {

    @Test
    void sendsTheArgumentsCeleryCliSends() {
        assertThat(InspectMethod.REGISTERED.arguments(List.of())).isEqualTo(Map.of("taskinfoitems", List.of()));
        assertThat(InspectMethod.QUERY_TASK.arguments(List.of("a", "b"))).isEqualTo(Map.of("ids", List.of("a", "b")));
        assertThat(InspectMethod.MEMDUMP.arguments(List.of("5"))).isEqualTo(Map.of("samples", 5));
        assertThat(InspectMethod.CONF.arguments(List.of("yes"))).isEqualTo(Map.of("with_defaults", true));
        assertThat(InspectMethod.STATS.arguments(List.of())).isEmpty();
    }

    @Test
    void refusesArgumentsAMethodDoesNotTake() {
        assertThatThrownBy(() -> InspectMethod.PING.arguments(List.of("x"))).hasMessageContaining("takes no arguments");
        assertThatThrownBy(() -> InspectMethod.QUERY_TASK.arguments(List.of())).hasMessageContaining("task id");
        assertThatThrownBy(() -> InspectMethod.MEMDUMP.arguments(List.of("many"))).hasMessageContaining("whole number");
    }

    @Test
    void everyCelery5ReadOnlyMethodIsThere() {
        assertThat(java.util.Arrays.stream(InspectMethod.values()).map(InspectMethod::wireName)).containsExactlyInAnyOrder(
                "ping", "stats", "active", "scheduled", "reserved", "revoked", "registered", "active_queues", "conf",
                "report", "query_task", "clock", "memsample", "memdump");
    }
}
