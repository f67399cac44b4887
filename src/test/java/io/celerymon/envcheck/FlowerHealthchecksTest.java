package io.celerymon.envcheck;

import static io.celerymon.envcheck.Fixtures.process;
import static io.celerymon.envcheck.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.testsupport.SilentTcpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowerHealthchecksTest {
    private static final long PID = 4242;


    private static ScannedProcess flower(int port) {
        return process(PID, ProcessRole.FLOWER, "app.celery", null, false, Set.of(GreenLibrary.GEVENT), 1,
                List.of(new ListeningSocket("0.0.0.0:" + port, 99, List.of(0, 0))), Map.of());
    }

    @Test
    void aWildcardAddressIsAskedOnLoopback() {
        assertThat(FlowerHealthchecks.target("0.0.0.0:5555")).isEqualTo("127.0.0.1:5555");
        assertThat(FlowerHealthchecks.target("[::]:5555")).isEqualTo("[::1]:5555");
        assertThat(FlowerHealthchecks.target("10.1.2.3:5555")).isEqualTo("10.1.2.3:5555");
    }

    @Test
    void aFlowerThatAcceptsAndNeverAnswersIsCriticalWithTheTimeWaited() throws Exception {
        try (SilentTcpServer silent = SilentTcpServer.start()) {
            ProcessScan scan = scan(flower(silent.port()));

            List<FlowerAnswer> answers = new FlowerHealthchecks()
                    .ask(scan, Deadline.in(Duration.ofSeconds(5)));

            assertThat(answers).singleElement().satisfies(a -> {
                assertThat(a.silent()).isTrue();
                assertThat(a.namespace()).isNull();
                assertThat(a.target()).isEqualTo("127.0.0.1:" + silent.port());
            });
            List<Finding> findings = new FlowerRules().evaluate(scan, answers);
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("flower_not_answering");
                assertThat(f.severity().label()).isEqualTo("critical");
                assertThat(f.summary()).contains("GET /healthcheck", "gevent loaded");
                assertThat(f.evidence()).containsKey("waited_ms");
            });
        }
    }

    @Test
    void anyStatusLineMeansTheLoopRuns() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 404 Not Found\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // The test asserts on what the client saw.
                }
            });
            answering.start();
            ProcessScan scan = scan(flower(server.getLocalPort()));

            List<FlowerAnswer> answers = new FlowerHealthchecks()
                    .ask(scan, Deadline.in(Duration.ofSeconds(5)));

            assertThat(answers).singleElement().satisfies(a -> {
                assertThat(a.answered()).isTrue();
                assertThat(a.status()).isEqualTo(404);
            });
            // The process answers, but 404 is not what Flower's /healthcheck says: the one Flower rule's warn.
            assertThat(new FlowerRules().evaluate(scan, answers)).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("flower_http_error");
                assertThat(f.severity()).isEqualTo(io.celerymon.findings.Severity.WARN);
                assertThat(f.summary()).contains("answers, but not like Flower's /healthcheck: HTTP 404");
            });
            answering.join(5000);
        }
    }

    @Test
    void onlyFlowerProcessesAreAsked() {
        ScannedProcess worker = process(PID, ProcessRole.WORKER, "app.celery", "gevent", true,
                Set.of(GreenLibrary.GEVENT), 1, List.of(new ListeningSocket("0.0.0.0:1", 9, List.of(0))), Map.of());

        assertThat(new FlowerHealthchecks().ask(scan(worker), Deadline.in(Duration.ofSeconds(2)))).isEmpty();
    }

    @Test
    void noStatusLineIsCriticalEvenWhenTheDeadlineCutTheWaitShortButAFailedQuestionIsNotChecked() {
        ScannedProcess process = flower(5555);
        List<FlowerAnswer> answers = List.of(
                new FlowerAnswer(PID, "0.0.0.0:5555", "127.0.0.1:5555", null, FlowerProbe.Outcome.CLOSED, -1, 3, null),
                new FlowerAnswer(PID, "0.0.0.0:5556", "127.0.0.1:5556", null, FlowerProbe.Outcome.NO_RESPONSE, -1, 40,
                        null),
                new FlowerAnswer(PID, "0.0.0.0:5557", "127.0.0.1:5557", "net:[4026532281]",
                        FlowerProbe.Outcome.UNREACHABLE, -1, 5, "nsenter could not be run: denied"));

        List<Finding> findings = new FlowerRules().evaluate(scan(process), answers);

        assertThat(findings).extracting(Finding::id)
                .containsExactly("flower_not_answering", "flower_not_answering", "flower_not_checked");
        assertThat(findings.get(0).summary()).contains("closed it without an HTTP status line");
        assertThat(findings.get(1).summary()).contains("within 40 ms (the run's deadline cut the 1000 ms wait short)");
        assertThat(findings.get(2).severity()).isEqualTo(io.celerymon.findings.Severity.WARN);
    }

    @Test
    void theOneFlowerRule() {
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, 200)).isEqualTo(FlowerHealth.HEALTHY);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, 302)).isEqualTo(FlowerHealth.HEALTHY);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, 401)).isEqualTo(FlowerHealth.HEALTHY);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, 403)).isEqualTo(FlowerHealth.HEALTHY);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, 400)).isEqualTo(FlowerHealth.UNLIKE_FLOWER);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, 404)).isEqualTo(FlowerHealth.UNLIKE_FLOWER);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, 500)).isEqualTo(FlowerHealth.UNLIKE_FLOWER);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.RESPONDED, -1)).isEqualTo(FlowerHealth.NO_STATUS_LINE);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.NO_RESPONSE, -1)).isEqualTo(FlowerHealth.NO_STATUS_LINE);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.CLOSED, -1)).isEqualTo(FlowerHealth.NO_STATUS_LINE);
        assertThat(FlowerHealth.of(FlowerProbe.Outcome.REFUSED, -1)).isEqualTo(FlowerHealth.NOT_ASKED);
    }
}
