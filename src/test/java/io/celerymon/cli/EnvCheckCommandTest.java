package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** env-check's command line, in-process: usage errors exit 2 with one line, before any Python runs. */
class EnvCheckCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of("PATH", "/usr/bin:/bin"));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        for (String[] args : new String[][] {{"env-check", "--fail-on", "ok"}, {"env-check", "--fail-on", "bogus"},
            {"env-check", "-o", "ndjson"}, {"env-check", "--python", "/nonexistent/python9"},
            {"env-check", "--python", "no-such-python-here"}, {"env-check", "--timeout", "0"},
            {"env-check", "--pid", "0"}, {"env-check", "--no-probe", "--app", "x"}, {"env-check", "--pid", "abc"}}) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("celerymon: ");
        }
    }

    @Test
    void anUnknownPidIsAUsageError() {
        // Above Linux's largest pid_max (2^22), so no process can have it.
        Run r = run("env-check", "--pid", "99999999", "--no-probe");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no process with PID 99999999");
    }

    @Test
    void helpListsTheOptionsAndExitCodes() {
        Run r = run("env-check", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--pid").contains("--python").contains("--app").contains("--fail-on")
                .contains("Exit codes:");
    }
}
