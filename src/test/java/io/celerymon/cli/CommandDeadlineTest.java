package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandDeadlineTest {

    @Test
    void startUpCountsAgainstTheTimeout() {
        long left = CommandDeadline.of(Duration.ofMillis(1000), 400).remainingMillis();
        assertThat(left).isBetween(550L, 600L);
    }

    @Test
    void theBrokerAlwaysKeepsItsShareOnAStarvedMachine() {
        long left = CommandDeadline.of(Duration.ofMillis(1000), 1500).remainingMillis();
        assertThat(left).isBetween(250L, 300L);
    }

    @Test
    void processAgeFromProcAgreesWithTheJvmsOwnUptime() {
        long before = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        long age = CommandDeadline.startupMillis();
        long after = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        if (after > 4500) {
            // Past the 5 s sanity bound the age is deliberately reported as 0 (count from now).
            assertThat(age).isZero();
        } else {
            // /proc counts from the exec, a little before the JVM's own clock starts; 10 ms ticks.
            assertThat(age).isBetween(before - 20, after + 1000);
        }
    }
}
