package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diagnose's --junit and --prometheus on the command line: refused up front, stdout, and exit 73. */
class ReportFilesCommandTest {

    private static int closedPort;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err, long millis) {
    }

    @BeforeAll
    static void findAClosedPort() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
    }

    private Run diagnose(String... args) {
        List<String> all = new ArrayList<>(List.of("diagnose", "-b", "redis://127.0.0.1:" + closedPort + "/1",
                "--no-local-scan", "--deadline", "4", "-t", "0.5"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int exit = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                Map.of("CELERYMON_CACHE_DIR", dir.resolve("cache").toString()));
        return new Run(exit, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aDirectoryIsAUsageErrorBeforeAnyBrokerWork() {
        Run r = diagnose("--junit", dir.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("celerymon: --junit " + dir + ": it is a directory");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anEmptyNameIsAUsageError() {
        Run r = diagnose("--prometheus", "");

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("celerymon: --prometheus : the file name is empty");
    }

    @Test
    void stdoutTakesOneDocumentOnly() {
        Run json = diagnose("-o", "json", "--junit", "-");
        Run both = diagnose("--junit", "-", "--prometheus", "-");

        assertThat(json.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(json.err()).contains("--junit - would write a second document to stdout after -o json");
        assertThat(both.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("--junit and --prometheus cannot both write to stdout");
    }

    @Test
    void aReportOnStdoutIsAloneThereAndTheTableGoesToStderr() {
        Run r = diagnose("--prometheus", "-");

        assertThat(r.exit()).as(r.err()).isNotEqualTo(ExitCode.REPORT_FILE).isNotEqualTo(ExitCode.USAGE);
        assertThat(r.out().lines()).isNotEmpty()
                .allMatch(line -> line.startsWith("#") || line.startsWith("celerymon_"));
        assertThat(r.err()).contains("SEVERITY").containsPattern("\\d+ checks? run");
    }

    @Test
    void aReportThatCannotBeWrittenExits73AfterTheRestWasPrinted() throws Exception {
        Path junit = dir.resolve("junit.xml");
        Run r = diagnose("-o", "json", "--junit", junit.toString(), "--prometheus", "/dev/full");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.REPORT_FILE);
        assertThat(r.err().strip().lines()).containsExactly(
                "celerymon: cannot write --prometheus /dev/full: No space left on device");
        assertThat(r.out()).contains("\"findings\"");
        assertThat(Files.readString(junit)).contains("<testsuite");
        assertThat(Files.isRegularFile(Path.of("/dev/full"))).isFalse();
    }

    @Test
    void aMissingDirectoryExits73WithTheFileNamed() {
        Path junit = dir.resolve("no/such/dir/junit.xml");
        Run r = diagnose("--junit", junit.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.REPORT_FILE);
        assertThat(r.err()).contains("celerymon: cannot write --junit " + junit + ": no such file or directory");
        assertThat(r.out()).containsPattern("\\d+ checks? run");
    }
}
