package io.celerymon.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.ReplyQueue;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.testsupport.UnusedBrokerClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A broadcast that keeps listening, with the broker replaced at its seam: replies that come long
 * after the timeout are still taken, closing removes the reply queue, and a call closed before it
 * published publishes nothing.
 */
class StandingCallTest {

    private final CeleryJson json = new CeleryJson();

    /** A broker whose reply queue is fed by the test, from any thread, whenever it likes. */
    private final class LiveBroker extends UnusedBrokerClient {
        final BlockingQueue<InboundMessage> inbox = new LinkedBlockingQueue<>();
        final List<JsonNode> published = new CopyOnWriteArrayList<>();
        final CountDownLatch queueClosed = new CountDownLatch(1);
        CountDownLatch listing = new CountDownLatch(0);

        @Override
        public ReplyQueue openReplyQueue(String oid, Deadline deadline) {
            return new ReplyQueue() {
                @Override
                public String oid() {
                    return oid;
                }

                @Override
                public Optional<InboundMessage> poll(Deadline d) {
                    try {
                        return Optional.ofNullable(inbox.poll(d.remaining().toNanos(), TimeUnit.NANOSECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    }
                }

                @Override
                public void close() {
                    queueClosed.countDown();
                }
            };
        }

        @Override
        public OptionalLong publishControl(byte[] body, Map<String, Object> headers, Deadline deadline) {
            try {
                published.add(json.read(body));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return OptionalLong.of(2);
        }

        @Override
        public Optional<Set<String>> registeredPidboxes(Deadline deadline) {
            try {
                listing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(Set.of("a@h", "gevent@h"));
        }

        @Override
        public Optional<Map<String, Boolean>> pidboxConsumers(Collection<String> names, Deadline deadline) {
            return Optional.empty();
        }

        String ticketOf(String method) {
            return published.stream().filter(r -> r.get("method").asText().equals(method)).findFirst()
                    .orElseThrow().get("ticket").asText();
        }

        void reply(String method, String host, String value) {
            String body = "{\"" + host + "\": " + value + "}";
            inbox.add(new InboundMessage("application/json", "utf-8", Map.of("ticket", ticketOf(method)),
                    body.getBytes(StandardCharsets.UTF_8), System.nanoTime()));
        }
    }

    private static CallSpec spec(String method) {
        return new CallSpec(method, Map.of(), Target.ALL, Duration.ofMillis(100), OptionalInt.empty());
    }

    /** Waits for a condition the gathering thread brings about; fails after 10 s. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - until).as("waiting for " + what).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void aReplyLongAfterTheTimeoutIsStillTakenAndClosingRemovesTheQueue() throws Exception {
        LiveBroker broker = new LiveBroker();
        List<String> heard = new CopyOnWriteArrayList<>();
        StandingCall call = new Mailbox(broker, json, "celery").start(List.of(spec("enable_events"), spec("stats")),
                List.of(), Duration.ofMillis(100), (method, reply) -> heard.add(method + " " + reply.hostname()));
        await("both requests", call::published);
        assertThat(broker.published).extracting(r -> r.get("method").asText()).containsExactly("enable_events", "stats");

        broker.reply("enable_events", "a@h", "{\"ok\": \"task events enabled\"}");
        broker.reply("stats", "a@h", "{\"pool\": {\"max-concurrency\": 2}}");
        await("a's replies", () -> heard.size() == 2);
        assertThat(call.results().get(0).missing()).containsExactly("gevent@h");

        // Far past the 100 ms timeout: the blocked worker unblocked and answered.
        Thread.sleep(300);
        broker.reply("enable_events", "gevent@h", "{\"ok\": \"task events enabled\"}");
        await("the late reply", () -> heard.size() == 3);

        List<CallResult> results = call.results();
        assertThat(results.get(0).method()).isEqualTo("enable_events");
        assertThat(results.get(0).replies()).extracting(WorkerReply::hostname).containsExactly("a@h", "gevent@h");
        assertThat(results.get(0).missing()).isEmpty();
        assertThat(results.get(1).replies()).extracting(WorkerReply::hostname).containsExactly("a@h");
        assertThat(heard).containsExactly("enable_events a@h", "stats a@h", "enable_events gevent@h");

        call.close();
        assertThat(broker.queueClosed.await(0, TimeUnit.SECONDS)).as("queue removed when close() returns").isTrue();
        assertThat(call.failure()).isEmpty();
    }

    @Test
    void closedBeforeItPublishedItPublishesNothing() throws Exception {
        LiveBroker broker = new LiveBroker();
        broker.listing = new CountDownLatch(1);
        StandingCall call = new Mailbox(broker, json, "celery").start(List.of(spec("enable_events")), List.of(),
                Duration.ofMillis(100), (method, reply) -> { });
        // Still working out who to expect when the stream ends.
        Thread closer = new Thread(call::close);
        closer.start();
        await("close() to take effect", () -> closer.getState() == Thread.State.TIMED_WAITING
                || !closer.isAlive());
        broker.listing.countDown();
        closer.join();

        assertThat(broker.queueClosed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(broker.published).isEmpty();
        assertThat(call.published()).isFalse();
        assertThat(call.results().get(0).replies()).isEmpty();
    }
}
