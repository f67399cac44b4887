package io.celerymon.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.broker.InboundMessage;
import io.celerymon.protocol.CeleryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventDecoderTest {

    private static final double RECEIVED = 1795705241.5;

    private final EventDecoder decoder = new EventDecoder(new CeleryJson());

    private static InboundMessage json(String body) {
        return message("application/json", Map.of(), body);
    }

    private static InboundMessage message(String contentType, Map<String, Object> headers, String body) {
        return new InboundMessage(contentType, "utf-8", headers, body.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void aCapturedHeartbeatIsOneEventWithEveryFieldAndLocalReceivedAdded() throws Exception {
        InboundMessage heartbeat = EventCaptures.unwrap(EventCaptures.raw("/0.celeryev/worker.heartbeat"));

        List<CeleryEvent> events = decoder.decode(heartbeat, RECEIVED);

        assertThat(events).hasSize(1);
        CeleryEvent event = events.get(0);
        assertThat(event.type()).isEqualTo("worker-heartbeat");
        assertThat(event.hostname()).isEqualTo("gevent@lab");
        assertThat(event.timestamp()).isEqualTo(1795705240.8546345);
        assertThat(event.localReceived()).isEqualTo(RECEIVED);
        assertThat(event.isWorkerEvent()).isTrue();
        assertThat(event.fields().path("freq").asDouble()).isEqualTo(2.0);
        assertThat(event.fields().path("processed").asInt()).isEqualTo(6);
        assertThat(event.fields().path("loadavg").toString()).isEqualTo("[0.25,0.54,0.39]");
        assertThat(event.fields().path("sw_ver").asText()).isEqualTo("5.2.6");
        assertThat(event.fields().path("local_received").asDouble()).isEqualTo(RECEIVED);
        assertThat(event.fields().path("type").asText()).isEqualTo("worker-heartbeat");
    }

    @Test
    void aCapturedTaskMultiListIsOneEventPerElementInOrder() throws Exception {
        InboundMessage batch = EventCaptures.unwrap(EventCaptures.raws("/0.celeryev/task.multi").get(0));

        List<CeleryEvent> events = decoder.decode(batch, RECEIVED);

        assertThat(events).extracting(CeleryEvent::type)
                .containsExactly("task-received", "task-started", "task-succeeded");
        assertThat(events).extracting(CeleryEvent::hostname).containsOnly("solo@lab");
        assertThat(events).extracting(e -> e.fields().path("uuid").asText())
                .containsOnly("5d9ba33f-c9a6-45e5-b9bc-d1789e01e825");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.isTaskEvent()).isTrue();
            assertThat(e.fields().path("local_received").asDouble()).isEqualTo(RECEIVED);
        });
        assertThat(events.get(2).fields().path("result").asText()).isEqualTo("3");
    }

    @Test
    void everyCapturedEventMessageDecodes() throws Exception {
        int total = 0;
        for (String raw : EventCaptures.raws("/0.celeryev/task.multi")) {
            total += decoder.decode(EventCaptures.unwrap(raw), RECEIVED).size();
        }
        assertThat(total).isEqualTo(5);
    }

    /** kombu 5.2's flush() can publish an empty task.multi batch (protocol.md 6.4). */
    @Test
    void anEmptyTaskMultiListIsNoEvents() throws Exception {
        String captured = EventCaptures.raws("/0.celeryev/task.multi").get(0);
        String empty = captured.replaceFirst("\"body\": \"[^\"]*\"", "\"body\": \"W10=\"");
        InboundMessage message = EventCaptures.unwrap(empty);
        assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("[]");

        assertThat(decoder.decode(message, RECEIVED)).isEmpty();
    }

    @Test
    void missingHostnameIsEmptyAndMissingTimestampIsNaN() throws Exception {
        CeleryEvent event = decoder.decode(json("{\"type\": \"task-started\", \"uuid\": \"u1\"}"), RECEIVED).get(0);

        assertThat(event.hostname()).isEmpty();
        assertThat(event.timestamp()).isNaN();
        assertThat(event.fields().path("uuid").asText()).isEqualTo("u1");
    }

    @Test
    void pythonNanAndKombuTypeWrappersAreRead() throws Exception {
        CeleryEvent event = decoder.decode(json("{\"type\": \"custom\", \"hostname\": \"w@h\", \"timestamp\": NaN,"
                + " \"eta\": {\"__type__\": \"datetime\", \"__value__\": \"2026-01-01T00:00:00\"}}"), RECEIVED).get(0);

        assertThat(event.timestamp()).isNaN();
        assertThat(event.fields().path("eta").asText()).isEqualTo("2026-01-01T00:00:00");
    }

    @Test
    void nullContentTypeIsReadAsJsonAsForReplies() throws Exception {
        assertThat(decoder.decode(message(null, Map.of(), "{\"type\": \"worker-online\"}"), RECEIVED)).hasSize(1);
    }

    @Test
    void otherSerializersAreRefusedWithoutParsing() {
        assertThatThrownBy(() -> decoder.decode(message("application/x-python-serialize", Map.of(), "\u0080\u0004."),
                RECEIVED)).isInstanceOf(DecodeException.class).hasMessageContaining("application/x-python-serialize");
    }

    @Test
    void compressedBodiesAreRefused() {
        assertThatThrownBy(() -> decoder.decode(message("application/json", Map.of("compression", "application/x-gzip"),
                "{}"), RECEIVED)).isInstanceOf(DecodeException.class).hasMessageContaining("compressed");
    }

    @Test
    void malformedMessagesAreRefused() {
        for (String body : new String[] {"not json", "42", "\"text\"", "{\"hostname\": \"w@h\"}", "{\"type\": 7}",
                "[{\"type\": \"task-started\"}, 3]", "[{\"type\": \"task-started\"}, {\"uuid\": \"x\"}]"}) {
            assertThatThrownBy(() -> decoder.decode(json(body), RECEIVED)).as(body)
                    .isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        InboundMessage huge = new InboundMessage("application/json", "utf-8", Map.of(),
                new byte[EventDecoder.MAX_BODY_BYTES + 1], 0);
        assertThatThrownBy(() -> decoder.decode(huge, RECEIVED)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("too large");
    }
}
