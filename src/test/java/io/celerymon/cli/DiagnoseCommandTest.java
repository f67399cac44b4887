package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diagnose on the real command line: usage errors, and a dead broker still giving a full report. */
class DiagnoseCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err),
                Map.of("CELERYMON_CACHE_DIR", dir.resolve("cache").toString()));
        return new Run(exit, out.toString(), err.toString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    @Test
    void usageErrorsExit2WithOneLine() {
        String[][] cases = {
            {"diagnose", "--cleanup"},
            {"diagnose", "--fail-on", "ok"},
            {"diagnose", "--fail-on", "bogus"},
            {"diagnose", "--timeout", "20"},
            {"diagnose", "--heartbeat-window", "30", "--deadline", "10"},
            {"diagnose", "-o", "ndjson"},
            {"diagnose", "--flower", "ftp://u:Hidden123@h/"},
            {"diagnose-blocking", "--deadline", "0"},
        };
        for (String[] args : cases) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("celerymon: ").doesNotContain("Hidden123");
        }
    }

    @Test
    void aDeadBrokerIsACriticalFindingExit4AndEveryReportIsStillWritten() throws Exception {
        int broker = closedPort();
        int flower = closedPort();
        Path junit = dir.resolve("diagnose.xml");
        Path prom = dir.resolve("diagnose.prom");
        Run r = run("diagnose", "-b", "redis://:Sekret99@127.0.0.1:" + broker + "/1", "--deadline", "5", "-o", "json",
                "--flower", "http://admin:Hidden123@127.0.0.1:" + flower + "/", "--junit", junit.toString(),
                "--prometheus", prom.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.UNREACHABLE);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("findings").get(0).get("id").asText()).isEqualTo("broker_unreachable");
        assertThat(doc.get("findings").get(0).get("severity").asText()).isEqualTo("critical");
        assertThat(doc.get("checks").findValuesAsText("status")).contains("skipped");
        assertThat(doc.get("findings").findValuesAsText("id")).contains("flower_refused");
        String xml = Files.readString(junit);
        String text = Files.readString(prom);
        assertThat(xml).contains("<failure").contains("broker_unreachable");
        assertThat(text).contains("celerymon_diagnose_failed{fail_on=\"critical\"} 1");
        for (String output : new String[] {r.out(), r.err(), xml, text}) {
            assertThat(output).doesNotContain("Sekret99").doesNotContain("Hidden123");
        }
        assertThat(r.out()).contains("http://admin:****@127.0.0.1:" + flower + "/");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void diagnoseBlockingIsTheSameCommand() {
        Run help = run("diagnose-blocking", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--fail-on").contains("--junit").contains("--prometheus").contains("--flower");
    }
}
