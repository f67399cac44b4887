package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.events.RestoreOutcome;
import io.celerymon.inspect.WorkerFactsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --restore} report: one stderr line per unsettled worker, with a command a shell takes as it is. */
class EventsWorkerFactsTest {

    @TempDir
    Path dir;

    private String report(RestoreOutcome outcome) {
        EventsWorkerFacts facts = new EventsWorkerFacts(new WorkerFactsStore(dir.resolve("f.json"), new ObjectMapper()),
                "key");
        StringWriter err = new StringWriter();
        facts.report(outcome, Duration.ofSeconds(2), new PrintWriter(err));
        return err.toString();
    }

    @Test
    void namesTheSilentAndTheUnconfirmedEachWithTheCommand() {
        String err = report(new RestoreOutcome(List.of("a@h"), List.of("b@h"), List.of("g@h"), null));

        assertThat(err.lines()).hasSize(2);
        assertThat(err).contains("celerymon: b@h did not confirm disable_events within 2.0 s")
                .contains("To make sure: celery -A APP control disable_events -d b@h")
                .contains("celerymon: g@h never answered enable_events, so --restore left it alone")
                .contains("To turn them off: celery -A APP control disable_events -d g@h")
                .doesNotContain("a@h");
    }

    @Test
    void aFailedDisableNamesEveryWorkerLeftOnInOneCommand() {
        String err = report(new RestoreOutcome(List.of(), List.of("a@h", "b@h"), List.of(), "broker gone"));

        assertThat(err).isEqualTo("celerymon: --restore could not send disable_events (broker gone); task events "
                + "stay on for a@h, b@h. To turn them off: celery -A APP control disable_events -d a@h,b@h"
                + System.lineSeparator());
    }

    @Test
    void nothingToSayIsSaidAsNothing() {
        assertThat(report(RestoreOutcome.nothing())).isEmpty();
    }

    @Test
    void aHostileNodeNameIsQuotedForTheShellAndCleanedForTheTerminal() {
        assertThat(EventsWorkerFacts.shellWord("celery@host-1.example")).isEqualTo("celery@host-1.example");
        assertThat(EventsWorkerFacts.shellWord("w@h; rm -rf ~")).isEqualTo("'w@h; rm -rf ~'");
        assertThat(EventsWorkerFacts.shellWord("it's@h")).isEqualTo("'it'\\''s@h'");
        assertThat(EventsWorkerFacts.shellWord("w\u001b[2J@h")).doesNotContain("\u001b");
    }
}
