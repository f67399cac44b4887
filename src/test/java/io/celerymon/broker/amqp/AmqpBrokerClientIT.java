package io.celerymon.broker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.ReplyQueue;
import io.celerymon.broker.TlsOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real RabbitMQ on 127.0.0.1:5672, in a vhost of its own, and a real Celery 5.2 worker. */
class AmqpBrokerClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEX = UUID.randomUUID().toString().substring(0, 8);
    private static final String VHOST = "cmamqp-" + HEX;
    private static final String LOCKED_VHOST = "cmamqp-noperm-" + HEX;

    @BeforeAll
    static void createVhosts() {
        Rabbitmqctl.run("add_vhost", VHOST);
        Rabbitmqctl.run("set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*");
        Rabbitmqctl.run("add_vhost", LOCKED_VHOST);
    }

    @AfterAll
    static void deleteVhosts() {
        Rabbitmqctl.run("delete_vhost", VHOST);
        Rabbitmqctl.run("delete_vhost", LOCKED_VHOST);
    }

    private static BrokerConfig config(BrokerUrl... urls) {
        return new BrokerConfig(List.of(urls), null, null, TlsOptions.DEFAULT, "", "celery", "test");
    }

    private static BrokerUrl url(String password, int port, String vhost) {
        return new BrokerUrl("amqp", "127.0.0.1", port, "guest", password, vhost);
    }

    private static AmqpBrokerClient connect() {
        return AmqpBrokerClient.connect(config(url("guest", 5672, VHOST)), Deadline.in(Duration.ofSeconds(5)));
    }

    private static byte[] pingRequest(String ticket, String oid, List<String> destination) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", "ping");
        body.put("arguments", Map.of());
        body.put("destination", destination);
        body.put("pattern", null);
        body.put("matcher", null);
        body.put("ticket", ticket);
        body.put("reply_to", Map.of("exchange", "reply.celery.pidbox", "routing_key", oid));
        return JSON.writeValueAsBytes(body);
    }

    private static Map<String, Object> requestHeaders() {
        return Map.of("clock", 1, "expires", System.currentTimeMillis() / 1000.0 + 10);
    }

    /** Waits for a reply carrying {@code ticket}, skipping others. */
    private static Optional<InboundMessage> replyFor(ReplyQueue replies, String ticket, Deadline deadline) {
        while (!deadline.expired()) {
            Optional<InboundMessage> message = replies.poll(deadline);
            if (message.isPresent() && ticket.equals(message.get().headers().get("ticket"))) {
                return message;
            }
        }
        return Optional.empty();
    }

    private static boolean waitFor(Duration limit, BooleanSupplier condition) throws InterruptedException {
        Deadline deadline = Deadline.in(limit);
        while (!deadline.expired()) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return condition.getAsBoolean();
    }

    @Test
    void roundTripWithAStandInWorkerAndTheReplyQueueIsGoneAfterClose() throws Exception {
        String node = "standin-" + HEX + "@test";
        try (StandInWorker worker = new StandInWorker(VHOST, node); AmqpBrokerClient client = connect()) {
            assertThat(client.endpoint()).isEqualTo("amqp://guest:****@127.0.0.1:5672/" + VHOST);
            String oid = UUID.randomUUID().toString();
            String ticket = UUID.randomUUID().toString();
            ReplyQueue replies = client.openReplyQueue(oid, Deadline.in(Duration.ofSeconds(5)));
            String queue = oid + ".reply.celery.pidbox";
            assertThat(Rabbitmqctl.queueNames(VHOST)).contains(queue);

            long published = System.nanoTime();
            assertThat(client.publishControl(pingRequest(ticket, oid, null), requestHeaders(),
                    Deadline.in(Duration.ofSeconds(5)))).isEmpty();
            InboundMessage reply = replyFor(replies, ticket, Deadline.in(Duration.ofSeconds(5))).orElseThrow();

            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(reply.contentEncoding()).isEqualTo("utf-8");
            assertThat(reply.headers()).containsEntry("ticket", ticket).containsEntry("clock", 7);
            assertThat(JSON.readTree(reply.body())).isEqualTo(JSON.readTree("{\"" + node + "\": {\"ok\": \"pong\"}}"));
            assertThat(reply.receivedNanos()).isGreaterThan(published);

            AMQP.BasicProperties request = worker.requests.poll(1, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            assertThat(request.getContentType()).isEqualTo("application/json");
            assertThat(request.getContentEncoding()).isEqualTo("utf-8");
            assertThat(request.getDeliveryMode()).isEqualTo(2);
            assertThat(request.getPriority()).isZero();
            assertThat(request.getHeaders()).containsEntry("clock", 1).containsKey("expires");

            replies.close();
            replies.close();
            assertThat(Rabbitmqctl.queueNames(VHOST)).doesNotContain(queue);
        }
    }

    @Test
    void pingsARealCeleryWorkerWithoutClashingDeclarations() throws Exception {
        String node = "cmamqp-" + HEX + "@test";
        File log = new File(System.getProperty("java.io.tmpdir"), "celerymon-amqp-it-" + HEX + ".log");
        Process worker = new ProcessBuilder("/usr/bin/python3", "-m", "celery",
                "-b", "amqp://guest:guest@127.0.0.1:5672/" + VHOST, "worker", "-P", "solo", "-n", node,
                "--without-mingle", "--without-gossip")
                .redirectErrorStream(true).redirectOutput(log).start();
        try (AmqpBrokerClient client = connect()) {
            boolean ready = waitFor(Duration.ofSeconds(60), () -> !worker.isAlive()
                    || client.pidboxConsumers(List.of(node), Deadline.in(Duration.ofSeconds(2))).orElseThrow().get(node));
            assertThat(worker.isAlive()).as("worker running, log in %s", log).isTrue();
            assertThat(ready).as("worker pidbox consumed, log in %s", log).isTrue();

            Map<String, Boolean> consumers = client.pidboxConsumers(List.of(node, "nosuch-" + HEX + "@test", node),
                    Deadline.in(Duration.ofSeconds(5))).orElseThrow();
            assertThat(consumers).containsExactly(Map.entry(node, true), Map.entry("nosuch-" + HEX + "@test", false));

            String oid = UUID.randomUUID().toString();
            String ticket = UUID.randomUUID().toString();
            try (ReplyQueue replies = client.openReplyQueue(oid, Deadline.in(Duration.ofSeconds(5)))) {
                client.publishControl(pingRequest(ticket, oid, List.of(node)), requestHeaders(),
                        Deadline.in(Duration.ofSeconds(5)));
                InboundMessage reply = replyFor(replies, ticket, Deadline.in(Duration.ofSeconds(10))).orElseThrow();
                JsonNode body = JSON.readTree(reply.body());
                assertThat(body).isEqualTo(JSON.readTree("{\"" + node + "\": {\"ok\": \"pong\"}}"));
                assertThat(reply.contentType()).isEqualTo("application/json");
            }
        } finally {
            stop(worker);
        }
    }

    private static void stop(Process worker) throws InterruptedException {
        List<ProcessHandle> children = new ArrayList<>(worker.descendants().toList());
        worker.destroy();
        if (!worker.waitFor(15, TimeUnit.SECONDS)) {
            worker.destroyForcibly();
            worker.waitFor(5, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void anExclusivePidboxQueueOfAnotherConnectionCountsAsConsumed() throws Exception {
        String node = "exclusive-" + HEX + "@test";
        try (StandInWorker worker = new StandInWorker(VHOST, node, true); AmqpBrokerClient client = connect()) {
            assertThat(client.pidboxConsumers(List.of(worker.node), Deadline.in(Duration.ofSeconds(5))).orElseThrow())
                    .containsExactly(Map.entry(node, true));
        }
    }

    @Test
    void wrongPasswordIsAnAuthFailureWithoutThePassword() {
        String password = "wrong-" + HEX;
        assertThatThrownBy(() -> AmqpBrokerClient.connect(config(url(password, 5672, VHOST)),
                Deadline.in(Duration.ofSeconds(5))))
                .isInstanceOf(BrokerAuthException.class)
                .hasMessageNotContaining(password)
                .hasMessage("amqp://guest:****@127.0.0.1:5672/" + VHOST + ": authentication refused for user 'guest'");
    }

    @Test
    void closedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> AmqpBrokerClient.connect(config(url("guest", closedPort, VHOST)),
                Deadline.in(Duration.ofSeconds(5))))
                .isInstanceOf(BrokerUnreachableException.class)
                .hasMessage("amqp://guest:****@127.0.0.1:" + closedPort + "/" + VHOST + ": connection refused");
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheDeadline() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = silent.accept();
                        synchronized (accepted) {
                            accepted.add(socket);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            Duration limit = Duration.ofMillis(1500);
            long start = System.nanoTime();
            BrokerException failure = null;
            try {
                AmqpBrokerClient.connect(config(url("guest", silent.getLocalPort(), VHOST)), Deadline.in(limit)).close();
            } catch (BrokerException e) {
                failure = e;
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(failure).isInstanceOf(BrokerUnreachableException.class);
            assertThat(failure.getMessage()).contains("timed out");
            assertThat(tookMillis).isLessThanOrEqualTo(limit.toMillis() + 300);
            synchronized (accepted) {
                assertThat(accepted).as("the TCP connection was accepted").isNotEmpty();
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void failoverSkipsADeadUrlAndUsesTheNextOne() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (AmqpBrokerClient client = AmqpBrokerClient.connect(
                config(url("guest", port, VHOST), url("guest", 5672, VHOST)), Deadline.in(Duration.ofSeconds(5)))) {
            assertThat(client.endpoint()).isEqualTo("amqp://guest:****@127.0.0.1:5672/" + VHOST);
        }
    }

    @Test
    void vhostWithoutPermissionsIsAnAuthFailure() {
        assertThatThrownBy(() -> AmqpBrokerClient.connect(config(url("guest", 5672, LOCKED_VHOST)),
                Deadline.in(Duration.ofSeconds(5))))
                .isInstanceOf(BrokerAuthException.class)
                .hasMessageStartingWith("amqp://guest:****@127.0.0.1:5672/" + LOCKED_VHOST + ": access refused: ")
                .hasMessageContaining("NOT_ALLOWED")
                .hasMessageNotContaining("guest:guest");
    }

    @Test
    void replyQueueIsExclusiveAutoDeleteWithCeleryArguments() throws Exception {
        try (AmqpBrokerClient client = connect()) {
            String oid = UUID.randomUUID().toString();
            try (ReplyQueue replies = client.openReplyQueue(oid, Deadline.in(Duration.ofSeconds(5)))) {
                assertThat(replies.oid()).isEqualTo(oid);
                String listing = Rabbitmqctl.run("list_queues", "-p", VHOST, "--no-table-headers",
                        "name", "durable", "auto_delete", "exclusive", "arguments");
                assertThat(listing.lines().filter(line -> line.startsWith(oid + ".reply.celery.pidbox")))
                        .singleElement().asString()
                        .contains("false\ttrue\ttrue")
                        .contains("{\"x-expires\",10000}").contains("{\"x-message-ttl\",300000}");
                assertThat(Rabbitmqctl.run("list_bindings", "-p", VHOST, "--no-table-headers",
                        "source_name", "destination_name", "routing_key"))
                        .contains("reply.celery.pidbox\t" + oid + ".reply.celery.pidbox\t" + oid);
            }
        }
    }

}
