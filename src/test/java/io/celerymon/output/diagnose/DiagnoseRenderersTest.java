package io.celerymon.output.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.diagnose.BlockingMatrix;
import io.celerymon.diagnose.CheckOutcome;
import io.celerymon.diagnose.DiagnoseReport;
import io.celerymon.diagnose.HeartbeatRow;
import io.celerymon.diagnose.QueueRow;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** One report, four renderings: table, JSON, JUnit XML, Prometheus textfile. */
class DiagnoseRenderersTest {

    private static DiagnoseReport report() {
        Map<String, Map<String, BlockingMatrix.Cell>> rows = new LinkedHashMap<>();
        rows.put("g@h", Map.of("ping", new BlockingMatrix.Cell(BlockingMatrix.Status.TIMEOUT, Double.NaN, null)));
        rows.put("p@h", Map.of("ping", new BlockingMatrix.Cell(BlockingMatrix.Status.OK, 2.5, null)));
        BlockingMatrix matrix = new BlockingMatrix(List.of("ping"), 1000, 500, rows);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("pool", "gevent");
        evidence.put("timed_out_methods", List.of("ping"));
        evidence.put("heartbeat_gap_seconds", 12.5);
        Finding blocked = new Finding("worker_blocked", Severity.CRITICAL, "g@h", "g@h: hub blocked \u0007", evidence,
                "Restart it.");
        Finding ok = new Finding("broker_ok", Severity.OK, "broker", "Broker reachable.", Map.of("round_trip_ms", 1.2), "");
        Finding slow = new Finding("queue_backlog", Severity.WARN, "q\"1", "Queue q\"1 holds 3.", Map.of("messages", 3L), "Add workers.");
        return new DiagnoseReport("redis://127.0.0.1:6379/1", 1_795_700_000.25, 5310, Severity.CRITICAL, List.of(
                new CheckOutcome("broker", CheckOutcome.Status.COMPLETED, List.of(ok), null, 3),
                new CheckOutcome("blocking", CheckOutcome.Status.COMPLETED, List.of(), matrix, 1002),
                new CheckOutcome("pool", CheckOutcome.Status.COMPLETED, List.of(blocked), Map.of(), 5001),
                new CheckOutcome("heartbeats", CheckOutcome.Status.COMPLETED, List.of(),
                        List.of(new HeartbeatRow("g@h", "silent", 5.0, true, 2.0)), 5001),
                new CheckOutcome("queues", CheckOutcome.Status.COMPLETED, List.of(slow),
                        List.of(new QueueRow("q\"1", 3, -1, List.of("p@h"), List.of())), 1003)));
    }

    @Test
    void theTableEndsWithTheSummaryLineAndShowsTheMatrix() {
        String table = new DiagnoseTableRenderer().render(report());
        String[] lines = table.strip().split("\n");
        assertThat(lines[0]).startsWith("SEVERITY").contains("CHECK").contains("SUBJECT").contains("FINDING");
        assertThat(lines[1]).startsWith("CRITICAL").contains("g@h");
        assertThat(lines[lines.length - 1])
                .isEqualTo("5 checks run: 3 ok, 1 warn, 1 critical; 5.31 s; FAILED (fail level critical)");
        assertThat(table).contains("TIMEOUT").contains("2.5 ms").contains("What to do:").doesNotContain("\u0007");
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(new DiagnoseJsonRenderer().render(report()));
        assertThat(doc.get("failed").asBoolean()).isTrue();
        assertThat(doc.get("summary").get("critical").asInt()).isEqualTo(1);
        assertThat(doc.get("summary").get("findings").get("warn").asInt()).isEqualTo(1);
        JsonNode blocked = doc.get("findings").get(1);
        assertThat(blocked.get("check").asText()).isEqualTo("pool");
        assertThat(blocked.get("id").asText()).isEqualTo("worker_blocked");
        assertThat(blocked.get("severity").asText()).isEqualTo("critical");
        assertThat(blocked.get("subject").asText()).isEqualTo("g@h");
        assertThat(blocked.get("evidence").get("timed_out_methods").get(0).asText()).isEqualTo("ping");
        assertThat(blocked.get("remedy").asText()).isEqualTo("Restart it.");
        assertThat(doc.get("matrix").get("workers").get("g@h").get("ping").get("status").asText()).isEqualTo("timeout");
        assertThat(doc.get("matrix").get("workers").get("g@h").get("ping").get("latency_ms").isNull()).isTrue();
        assertThat(doc.get("heartbeats").get(0).get("silence_is_lower_bound").asBoolean()).isTrue();
        assertThat(doc.get("queues").get(0).get("broker_consumers").isNull()).isTrue();
        assertThat(doc.get("started").asText()).isEqualTo("2026-11-26T13:33:20.250Z");
    }

    @Test
    void junitHasATestCasePerCheckAndFailsTheOnesAtTheFailLevel() throws Exception {
        String xml = new DiagnoseJunitRenderer().render(report());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(5);
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        Element failed = (Element) failures.item(0).getParentNode();
        assertThat(failed.getAttribute("name")).isEqualTo("pool");
        assertThat(((Element) failures.item(0)).getAttribute("type")).isEqualTo("critical");
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void prometheusHasHelpAndTypeForEveryMetricAndEscapesLabels() {
        String text = new DiagnosePrometheusRenderer().render(report());
        List<String> samples = text.lines().filter(l -> !l.startsWith("#")).toList();
        for (String sample : samples) {
            String name = sample.split("[{ ]")[0];
            assertThat(name).startsWith("celerymon_");
            assertThat(text).contains("# HELP " + name + " ").contains("# TYPE " + name + " gauge");
        }
        assertThat(text).contains("celerymon_diagnose_failed{fail_on=\"critical\"} 1")
                .contains("celerymon_inspect_timeout{worker=\"g@h\",method=\"ping\"} 1")
                .contains("celerymon_inspect_latency_seconds{worker=\"p@h\",method=\"ping\"} 0.002500")
                .contains("celerymon_queue_messages{queue=\"q\\\"1\"} 3")
                .contains("celerymon_diagnose_check_severity{check=\"pool\"} 3");
    }

    /** A broker that is fine, a check that timed out, one skipped, one turned off. */
    private static DiagnoseReport undecided() {
        Finding ok = new Finding("broker_ok", Severity.OK, "broker", "Broker reachable.", Map.of(), "");
        Finding late = new Finding("check_timed_out", Severity.CRITICAL, "heartbeats", "The heartbeats check did not "
                + "finish before the deadline; its result is unknown.", Map.of("ran_ms", 900L), "Raise --deadline.");
        return new DiagnoseReport("redis://127.0.0.1:6379/1", 1_795_700_000.25, 1000, Severity.CRITICAL, List.of(
                new CheckOutcome("broker", CheckOutcome.Status.COMPLETED, List.of(ok), null, 3),
                new CheckOutcome("heartbeats", CheckOutcome.Status.TIMED_OUT, List.of(late), null, 900,
                        "timed out after 900 ms", CheckOutcome.BrokerFault.NONE),
                new CheckOutcome("pool", CheckOutcome.Status.NOT_CHECKED, List.of(), null, 0,
                        "not checked: the deadline had passed before it could start", CheckOutcome.BrokerFault.NONE),
                CheckOutcome.notRequested("local_processes", "--no-local-scan")));
    }

    @Test
    void everyRenderingSaysWhichChecksCouldNotDecideAndWhy() throws Exception {
        DiagnoseReport report = undecided();

        String table = new DiagnoseTableRenderer().render(report);
        assertThat(table).contains("Could not decide (the run fails whatever --fail-on says):\n"
                + "  heartbeats: timed out after 900 ms\n"
                + "  pool: not checked: the deadline had passed before it could start\n");
        assertThat(table).contains("Not requested: local_processes (--no-local-scan)");
        assertThat(table.strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("2 checks run: 1 ok, 0 warn, "
                + "0 critical, 2 not decided; 1 not requested; 1.00 s; FAILED (fail level critical; 2 could not decide)");

        JsonNode doc = new ObjectMapper().readTree(new DiagnoseJsonRenderer().render(report));
        assertThat(doc.get("failed").asBoolean()).isTrue();
        assertThat(doc.get("verdict").asText()).isEqualTo("not_decided");
        assertThat(doc.get("summary").get("not_decided").asInt()).isEqualTo(2);
        assertThat(doc.get("summary").get("not_requested").asInt()).isEqualTo(1);
        JsonNode checks = doc.get("checks");
        assertThat(checks.get(1).get("status").asText()).isEqualTo("timed_out");
        assertThat(checks.get(1).get("decided").asBoolean()).isFalse();
        assertThat(checks.get(1).get("reason").asText()).isEqualTo("timed out after 900 ms");
        assertThat(checks.get(2).get("severity").isNull()).isTrue();
        assertThat(checks.get(3).get("status").asText()).isEqualTo("not_requested");
        assertThat(checks.get(0).get("reason").isNull()).isTrue();

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                new DiagnoseJunitRenderer().render(report).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        NodeList failures = xml.getElementsByTagName("failure");
        assertThat(((Element) failures.item(1)).getAttribute("message"))
                .isEqualTo("could not decide: not checked: the deadline had passed before it could start");
        assertThat(((Element) xml.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("not requested: --no-local-scan");

        String prom = new DiagnosePrometheusRenderer().render(report);
        assertThat(prom).contains("celerymon_diagnose_failed{fail_on=\"critical\"} 1")
                .contains("celerymon_diagnose_checks_not_decided 2")
                .contains("celerymon_diagnose_check_decided{check=\"heartbeats\"} 0")
                .contains("celerymon_diagnose_check_severity{check=\"pool\"} -1")
                .contains("celerymon_diagnose_check_decided{check=\"broker\"} 1")
                .doesNotContain("check=\"local_processes\"");
    }
}
