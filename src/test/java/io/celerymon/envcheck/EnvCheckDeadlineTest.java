package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How env-check's one deadline is split: the probe never outlasts the command. */
class EnvCheckDeadlineTest {

    private static EnvCheckRequest request(Duration probeTimeout) {
        return new EnvCheckRequest(List.of(), null, "app", true, false, probeTimeout, Duration.ofSeconds(5),
                Path.of("/tmp"), Map.of());
    }

    @Test
    void theProbeGetsWhatIsLeftLessTheTimeKillingTakes() {
        Duration timeout = EnvCheck.probeTimeout(request(Duration.ofSeconds(20)), Deadline.in(Duration.ofSeconds(2)));
        assertThat(timeout).isBetween(Duration.ofMillis(1700), Duration.ofSeconds(2).minus(EnvCheck.KILL_RESERVE));
    }

    @Test
    void aShorterProbeLimitOfItsOwnIsKept() {
        assertThat(EnvCheck.probeTimeout(request(Duration.ofSeconds(1)), Deadline.in(Duration.ofSeconds(30))))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aDeadlineAlreadySpentLeavesTheProbeNoTimeNotANegativeOne() {
        assertThat(EnvCheck.probeTimeout(request(Duration.ofSeconds(20)), Deadline.in(Duration.ofMillis(50))))
                .isEqualTo(Duration.ZERO);
    }
}
