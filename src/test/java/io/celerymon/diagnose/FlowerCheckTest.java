package io.celerymon.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.testsupport.SilentTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Flower probed over a real loopback socket: refused, silent, answering, asking for credentials. */
class FlowerCheckTest {

    private static Finding probe(String url) {
        FlowerCheck check = new FlowerCheck(URI.create(url));
        DiagnoseContext context = Fixtures.context(Fixtures.settings(), null, null, null, Map.of());
        List<Finding> findings = check.run(context, Deadline.in(Duration.ofSeconds(5))).findings();
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersIsTheSeedSymptom() {
        try (SilentTcpServer silent = SilentTcpServer.start()) {
            Finding finding = probe("http://127.0.0.1:" + silent.port() + "/");
            assertThat(finding.id()).isEqualTo("flower_no_response");
            assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(finding.evidence()).containsKey("connect_ms").doesNotContainKey("first_byte_ms")
                    .containsEntry("response", "no response within 1.0 s");
            assertThat(silent.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void anUnknownHostIsUnreachableWithinTheDeadline() {
        Finding finding = probe("http://no-such-host.invalid:5555/");
        assertThat(finding.id()).isEqualTo("flower_unreachable");
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + port + "/").id()).isEqualTo("flower_refused");
    }

    @Test
    void anAnsweringFlowerIsOkAndGetsTheCredentialsAsBasicAuthWhileTheyStayMasked() throws Exception {
        AtomicReference<String> auth = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://admin:s3cr%40t@127.0.0.1:" + server.getAddress().getPort() + "/healthcheck";
            Finding finding = probe(url);
            assertThat(finding.id()).isEqualTo("flower_ok");
            assertThat(finding.evidence()).containsEntry("http_status", 200).containsKey("first_byte_ms");
            assertThat(auth.get()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                    .encodeToString("admin:s3cr@t".getBytes(StandardCharsets.UTF_8)));
            assertThat(finding.subject()).isEqualTo("http://admin:****@127.0.0.1:" + server.getAddress().getPort()
                    + "/healthcheck");
            assertThat(finding.toString()).doesNotContain("s3cr");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFlowerAskingForCredentialsIsHealthy() throws Exception {
        for (int status : new int[] {401, 403}) {
            Finding finding = answering(status);
            assertThat(finding.id()).isEqualTo("flower_ok");
            assertThat(finding.severity()).isEqualTo(Severity.OK);
            assertThat(finding.summary()).contains("HTTP " + status, "asks for credentials");
        }
    }

    @Test
    void anErrorFlowerDoesNotGiveIsAWarning() throws Exception {
        for (int status : new int[] {400, 404, 500, 503}) {
            Finding finding = answering(status);
            assertThat(finding.id()).isEqualTo("flower_http_error");
            assertThat(finding.severity()).isEqualTo(Severity.WARN);
            assertThat(finding.summary()).contains("answers, but not like Flower's /healthcheck: HTTP " + status);
        }
    }

    private Finding answering(int status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            return probe("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        } finally {
            server.stop(0);
        }
    }
}
