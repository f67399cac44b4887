package io.celerymon.output.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTableRendererTest {
    private final EventTableRenderer renderer = new EventTableRenderer();

    @Test
    void heartbeatShowsFreqActiveProcessedAndLoad() {
        assertThat(renderer.render(EventFixtures.event(EventFixtures.HEARTBEAT))).isEqualTo(
                "16:40:33.123  worker-heartbeat  gevent@lab      freq=2.0 active=1 processed=6 load=0.42\n");
    }

    @Test
    void taskReceivedShowsNameShortIdAndArgs() {
        assertThat(renderer.render(EventFixtures.event(EventFixtures.RECEIVED_TASK))).isEqualTo(
                "16:40:33.123  task-received     solo@lab        tasks.add[5d9ba33f] [1, 2]\n");
    }

    @Test
    void keywordArgumentsAreShownWhenThereAreAny() {
        String line = renderer.render(EventFixtures.event(EventFixtures.RECEIVED_TASK
                .replace("\"kwargs\": \"{}\"", "\"kwargs\": \"{'x': 1}\"")));

        assertThat(line).endsWith("tasks.add[5d9ba33f] [1, 2] {'x': 1}\n");
    }

    @Test
    void taskSucceededShowsRuntimeAndResult() {
        assertThat(renderer.render(EventFixtures.event(EventFixtures.SUCCEEDED_TASK)))
                .endsWith("  solo@lab        [5d9ba33f] runtime=0.003s result=3\n");
    }

    @Test
    void taskFailedShowsTheExceptionNotTheTraceback() {
        assertThat(renderer.render(EventFixtures.event(EventFixtures.FAILED_TASK)))
                .endsWith("  task-failed       solo@lab        [79dc6cb1] ZeroDivisionError('division by zero')\n");
    }

    @Test
    void syntheticGapAndStallLines() {
        assertThat(renderer.render(EventFixtures.synthetic("celerymon-heartbeat-gap", "gevent@lab",
                "{\"gap_seconds\": 9.42, \"freq\": 2.0}")))
                .isEqualTo("16:40:33.123  celerymon-heartbeat-gap  gevent@lab      gap=9.4s (freq 2.0s)\n");
        assertThat(renderer.render(EventFixtures.synthetic("celerymon-heartbeat-stalled", "gevent@lab",
                "{\"silent_seconds\": 4.1, \"freq\": 2.0}")))
                .endsWith("  gevent@lab      silent 4.1s (freq 2.0s)\n");
    }

    @Test
    void otherEventsShowTheirFieldsCompactlyWithoutRoutineOnes() {
        String started = renderer.render(EventFixtures.event("{\"hostname\": \"solo@lab\", \"utcoffset\": 0, "
                + "\"pid\": 1, \"clock\": 2, \"uuid\": \"5d9ba33f-c9a6\", \"timestamp\": 1.0, \"type\": \"task-started\"}"));
        String elect = renderer.render(EventFixtures.event("{\"hostname\": \"w@lab\", \"type\": \"worker-elect\", "
                + "\"id\": \"abc\", \"topic\": \"t\", \"action\": \"a\", \"cver\": 1, \"timestamp\": 1.0}"));

        assertThat(started).endsWith("  solo@lab        [5d9ba33f]\n");
        assertThat(elect).endsWith("  w@lab           id=abc topic=t action=a cver=1\n");
    }

    @Test
    void longValuesAreCutAndTheLineStaysBounded() {
        String args = "[" + "1, ".repeat(500) + "2]";
        String line = renderer.render(EventFixtures.event(EventFixtures.RECEIVED_TASK.replace("[1, 2]", args)));

        assertThat(line).contains("tasks.add[5d9ba33f] [1, 1, ").contains("...");
        assertThat(line.length()).isLessThan(250);
    }

    @Test
    void escapesAndSecretsNeverReachTheTerminal() {
        String line = renderer.render(EventFixtures.event("{\"hostname\": \"evil\\u001b[31m@h\", "
                + "\"type\": \"task-failed\", \"uuid\": \"u\", "
                + "\"exception\": \"OperationalError('redis://:hunter2@db:6379 refused\\n')\", \"timestamp\": 1.0}"));

        assertThat(line).doesNotContain("\u001b", "hunter2").contains("evil\\x1b[31m@h")
                .contains("redis://:****@db:6379 refused\\n')");
        assertThat(line.lines()).hasSize(1);
    }

    @Test
    void aManualHeartbeatWithOnlyFreqShowsOnlyFreq() {
        assertThat(renderer.render(EventFixtures.event("{\"hostname\": \"w@lab\", \"type\": \"worker-heartbeat\", "
                + "\"freq\": 5, \"sw_ident\": \"py-celery\", \"timestamp\": 1.0}"))).endsWith("w@lab           freq=5.0\n");
    }
}
