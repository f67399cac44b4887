package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.BrokerUnreachableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of {@code events} that need no broker: exit-3 wording, the restore step's failures, the help. */
class EventsCommandTest {

    @Test
    void exit3SaysWhetherNothingArrivedOrNothingMatched() {
        assertThat(EventsCommand.nothingPassed(0, "task-*", null)).isEqualTo("celerymon: no event arrived");
        assertThat(EventsCommand.nothingPassed(1234, "task-*", null))
                .isEqualTo("celerymon: no event matched --type task-* (1,234 received)");
        assertThat(EventsCommand.nothingPassed(7, "task-*", "w1@*"))
                .isEqualTo("celerymon: no event matched --type task-* and --worker w1@* (7 received)");
    }

    @Test
    void theRestoreStepRunsAndItsFailureNeverHidesTheStreamsOwn() {
        List<String> ran = new ArrayList<>();
        assertThat(EventsCommand.afterRestore(() -> ran.add("restore"), null)).isNull();
        assertThat(ran).containsExactly("restore");

        BrokerUnreachableException lost = new BrokerUnreachableException("redis://h:6379/0: connection lost", null);
        BrokerUnreachableException alsoLost = new BrokerUnreachableException("disable_events failed", null);
        Exception reported = EventsCommand.afterRestore(() -> {
            throw alsoLost;
        }, lost);
        assertThat(reported).isSameAs(lost);
        assertThat(reported.getSuppressed()).containsExactly(alsoLost);

        assertThat(EventsCommand.afterRestore(() -> {
            throw alsoLost;
        }, null)).isSameAs(alsoLost);
    }

    @Test
    void helpDocumentsTheExitCodesOfEveryWayOut() {
        StringWriter out = new StringWriter();
        int exit = Main.run(new String[] {"events", "--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()),
                Map.of());
        assertThat(exit).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("reader of stdout went away").contains("none matched --type/--worker")
                .contains("130 Ctrl-C").contains("143 SIGTERM").contains("129 SIGHUP")
                .contains("--restore runs on every way out");
    }
}
