package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself, run in-process: help, listing, and usage errors before any I/O. */
class MainTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Run help = run("inspect", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("3   no worker answered").contains("--timeout")
                .contains("--destination").contains("--expect").contains("--pattern");
    }

    @Test
    void listShowsEveryInspectMethod() {
        Run list = run("inspect", "--list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines()).hasSize(14).anyMatch(l -> l.startsWith("active_queues"));
    }

    @Test
    void usageErrorsAreOneLineAndExit2() {
        for (String[] args : new String[][] {{"inspect"}, {"inspect", "nosuch"}, {"inspect", "ping", "extra"},
            {"inspect", "ping", "-t", "-1"}, {"inspect", "ping", "--expect", "0"}, {"bogus"}}) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("celerymon: ");
        }
    }

    @Test
    void aBadBrokerUrlNeverShowsItsPassword() {
        Run r = run("inspect", "ping", "-b", "redis://:TopSecret99@host:port/1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("TopSecret99").contains("****");
    }
}
