package io.celerymon.output.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.envcheck.EnvCheckReport;
import io.celerymon.envcheck.GreenLibrary;
import io.celerymon.envcheck.HubSample;
import io.celerymon.envcheck.HubState;
import io.celerymon.envcheck.ThreadBrief;
import io.celerymon.envcheck.WaitTarget;
import io.celerymon.envcheck.ListeningSocket;
import io.celerymon.envcheck.ProcessRole;
import io.celerymon.envcheck.ProcessScan;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvCheckRenderersTest {

    private static EnvCheckReport report() {
        HubState hub = new HubState(HubState.Kind.BLOCKED_IN_CALL, "gevent", 4242, "S", "pselect6",
                        "poll_schedule_timeout", 0.0, List.of(new WaitTarget(9, "tcp", "127.0.0.1:41234",
                                "127.0.0.1:6379", "socket:[7]")),
                        List.of(new HubSample("S", "pselect6", "poll_schedule_timeout", 92),
                                new HubSample("S", "pselect6", "poll_schedule_timeout", 92)), 503, null);
        ScannedProcess flower = new ScannedProcess(4242, ProcessRole.FLOWER, "app.celery", null, null, false,
                "/usr/bin/python3.11", Set.of(GreenLibrary.GEVENT, GreenLibrary.GREENLET), List.of("_greenlet.so"), 2,
                List.of(new ListeningSocket("0.0.0.0:5555", 77, List.of(3, 5))),
                Map.of("CELERY_BROKER_URL", "redis://:****@redis:6379/1"), hub,
                List.of(new ThreadBrief(4242, "S", "pselect6"), new ThreadBrief(4250, "S", null)), null);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("accept_queue", List.of(3, 5));
        evidence.put("broker", "redis://:plain-leak@redis:6379/1");
        Finding finding = new Finding("listener_not_accepting", Severity.CRITICAL, "pid 4242", "Flower is stuck.",
                evidence, "Start Flower from a light module.");
        return new EnvCheckReport(new ProcessScan(List.of(flower), 1, true, 501), List.of(), null, List.of(finding));
    }

    @Test
    void jsonHasTheDocumentedShapeAndNoSecret() throws Exception {
        String text = new EnvCheckJsonRenderer().render(report(), Severity.CRITICAL);
        JsonNode doc = new ObjectMapper().readTree(text);
        assertThat(doc.fieldNames()).toIterable().containsExactly("fail_on", "scan", "processes", "flower_checks", "probe", "findings");
        assertThat(doc.path("scan").path("sample_interval_ms").asLong()).isEqualTo(501);
        JsonNode p = doc.path("processes").get(0);
        assertThat(p.path("role").asText()).isEqualTo("flower");
        assertThat(p.path("green_libraries").toString()).isEqualTo("[\"gevent\",\"greenlet\"]");
        assertThat(p.path("listening").get(0).path("accept_queue").toString()).isEqualTo("[3,5]");
        assertThat(p.path("listening").get(0).path("never_drained").asBoolean()).isTrue();
        JsonNode hub = p.path("hub");
        assertThat(hub.path("kind").asText()).isEqualTo("blocked_in_call");
        assertThat(hub.path("tid").asLong()).isEqualTo(4242);
        assertThat(hub.path("syscall").asText()).isEqualTo("pselect6");
        assertThat(hub.path("wchan").asText()).isEqualTo("poll_schedule_timeout");
        assertThat(hub.path("cpu_share").asDouble()).isZero();
        assertThat(hub.path("waits_on").get(0).path("fd").asInt()).isEqualTo(9);
        assertThat(hub.path("waits_on").get(0).path("kind").asText()).isEqualTo("tcp");
        assertThat(hub.path("waits_on").get(0).path("peer").asText()).isEqualTo("127.0.0.1:6379");
        assertThat(hub.path("samples")).hasSize(2);
        assertThat(hub.path("interval_ms").asLong()).isEqualTo(503);
        assertThat(hub.path("error").isNull()).isTrue();
        JsonNode threads = p.path("thread_states");
        assertThat(threads).hasSize(2);
        assertThat(threads.get(0).path("tid").asLong()).isEqualTo(4242);
        assertThat(threads.get(0).path("state").asText()).isEqualTo("S");
        assertThat(threads.get(0).path("syscall").asText()).isEqualTo("pselect6");
        assertThat(threads.get(1).path("tid").asLong()).isEqualTo(4250);
        assertThat(threads.get(1).path("syscall").isNull()).as("an unreadable call is null").isTrue();
        assertThat(doc.path("probe").isNull()).isTrue();
        JsonNode f = doc.path("findings").get(0);
        assertThat(f.fieldNames()).toIterable().containsExactly("id", "severity", "subject", "summary", "evidence",
                "remedy");
        assertThat(f.path("severity").asText()).isEqualTo("critical");
        assertThat(text).doesNotContain("plain-leak");
    }

    @Test
    void tableShowsProcessesThenFindings() {
        String text = new EnvCheckTableRenderer().render(report());
        assertThat(text).contains("4242  flower  app.celery").contains("0.0.0.0:5555 (3→5)")
                .contains("blocked pselect6")
                .contains("CRITICAL  pid 4242  listener_not_accepting").contains("remedy: Start Flower")
                .doesNotContain("plain-leak");
    }

    @Test
    void anEmptyScanSaysSo() {
        String text = new EnvCheckTableRenderer().render(new EnvCheckReport(new ProcessScan(List.of(), 0, true, 0), List.of(),
                null, List.of()));
        assertThat(text).contains("No Celery worker, beat or Flower process found.").contains("No findings.");
    }
}
