package io.celerymon.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.EventSubscription;
import io.celerymon.broker.InboundMessage;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.testsupport.UnusedBrokerClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private final EventDecoder decoder = new EventDecoder(new CeleryJson());
    private final FakeBroker broker = new FakeBroker();

    private static InboundMessage json(String body) {
        return new InboundMessage("application/json", "utf-8", Map.of(), body.getBytes(StandardCharsets.UTF_8),
                System.nanoTime());
    }

    @Test
    void deliversDecodedEventsInArrivalOrderWithLocalReceivedNow() {
        double before = System.currentTimeMillis() / 1000.0;
        try (EventStream stream = EventStream.open(broker, decoder, Deadline.in(Duration.ofSeconds(1)))) {
            broker.sink.accept(json("{\"type\": \"worker-heartbeat\", \"hostname\": \"a@h\"}"));
            broker.sink.accept(json("[{\"type\": \"task-received\", \"uuid\": \"t\"},"
                    + " {\"type\": \"task-started\", \"uuid\": \"t\"}]"));

            Deadline soon = Deadline.in(Duration.ofSeconds(1));
            assertThat(stream.next(soon)).get().extracting(CeleryEvent::type).isEqualTo("worker-heartbeat");
            assertThat(stream.next(soon)).get().extracting(CeleryEvent::type).isEqualTo("task-received");
            CeleryEvent third = stream.next(soon).orElseThrow();
            assertThat(third.type()).isEqualTo("task-started");
            assertThat(third.localReceived()).isBetween(before - 0.01, System.currentTimeMillis() / 1000.0 + 0.01);
        }
        assertThat(broker.closed).isTrue();
    }

    @Test
    void nextReturnsEmptyAtTheDeadline() {
        try (EventStream stream = EventStream.open(broker, decoder, Deadline.in(Duration.ofSeconds(1)))) {
            long start = System.nanoTime();
            assertThat(stream.next(Deadline.in(Duration.ofMillis(250)))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(240),
                    Duration.ofSeconds(2));
        }
    }

    @Test
    void undecodableMessagesAreCountedAndSkipped() {
        try (EventStream stream = EventStream.open(broker, decoder, Deadline.in(Duration.ofSeconds(1)))) {
            broker.sink.accept(json("garbage"));
            broker.sink.accept(new InboundMessage("application/x-python-serialize", "binary", Map.of(), new byte[] {1},
                    System.nanoTime()));
            broker.sink.accept(json("{\"type\": \"worker-online\"}"));

            assertThat(stream.next(Deadline.in(Duration.ofSeconds(1)))).get().extracting(CeleryEvent::type)
                    .isEqualTo("worker-online");
            assertThat(stream.undecodable()).isEqualTo(2);
            assertThat(stream.lastUndecodableReason()).contains("application/x-python-serialize");
        }
    }

    @Test
    void eventsBeyondTheCapacityAreDroppedAndCounted() {
        try (EventStream stream = EventStream.open(broker, decoder, 2, Deadline.in(Duration.ofSeconds(1)))) {
            broker.sink.accept(json("[{\"type\": \"a\"}, {\"type\": \"b\"}, {\"type\": \"c\"}]"));
            broker.sink.accept(json("{\"type\": \"d\"}"));

            assertThat(stream.dropped()).isEqualTo(2);
            Deadline soon = Deadline.in(Duration.ofMillis(200));
            assertThat(stream.next(soon)).get().extracting(CeleryEvent::type).isEqualTo("a");
            assertThat(stream.next(soon)).get().extracting(CeleryEvent::type).isEqualTo("b");
            assertThat(stream.next(soon)).isEmpty();
        }
    }

    @Test
    void theCapacityIsFreedAsTheReaderTakesEventsAndPendingCountsTheReadersBatch() {
        try (EventStream stream = EventStream.open(broker, decoder, 3, Deadline.in(Duration.ofSeconds(1)))) {
            broker.sink.accept(json("[{\"type\": \"a\"}, {\"type\": \"b\"}]"));
            Deadline soon = Deadline.in(Duration.ofMillis(200));
            assertThat(stream.next(soon)).get().extracting(CeleryEvent::type).isEqualTo("a");
            assertThat(stream.hasPending()).isTrue();

            // The first message left the queue with "a": room for three again.
            broker.sink.accept(json("[{\"type\": \"c\"}, {\"type\": \"d\"}, {\"type\": \"e\"}]"));
            broker.sink.accept(json("{\"type\": \"f\"}"));

            assertThat(stream.dropped()).isEqualTo(1);
            for (String type : List.of("b", "c", "d", "e")) {
                assertThat(stream.next(soon)).get().extracting(CeleryEvent::type).isEqualTo(type);
            }
            assertThat(stream.hasPending()).isFalse();
            assertThat(stream.next(soon)).isEmpty();
        }
    }

    @Test
    void aLostSubscriptionIsReportedAfterTheEventsReceivedBeforeIt() {
        try (EventStream stream = EventStream.open(broker, decoder, Deadline.in(Duration.ofSeconds(1)))) {
            broker.sink.accept(json("{\"type\": \"worker-offline\"}"));
            broker.failure = new BrokerUnreachableException("redis://127.0.0.1:6379/1: connection lost", null);

            assertThat(stream.next(Deadline.in(Duration.ofSeconds(1)))).isPresent();
            assertThatThrownBy(() -> stream.next(Deadline.in(Duration.ofSeconds(5))))
                    .isSameAs(broker.failure);
        }
    }

    /** Hands the test the sink the stream subscribed with. */
    private static final class FakeBroker extends UnusedBrokerClient {
        Consumer<InboundMessage> sink;
        volatile BrokerException failure;
        boolean closed;

        @Override
        public EventSubscription subscribeEvents(Consumer<InboundMessage> sink, Deadline deadline) {
            this.sink = sink;
            return new EventSubscription() {
                @Override
                public Optional<BrokerException> failure() {
                    return Optional.ofNullable(failure);
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }

        @Override
        public String endpoint() {
            return "redis://127.0.0.1:6379/1";
        }
    }
}
