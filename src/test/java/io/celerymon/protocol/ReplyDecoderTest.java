package io.celerymon.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.broker.InboundMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReplyDecoderTest {

    private final ReplyDecoder decoder = new ReplyDecoder(new CeleryJson());

    private static InboundMessage json(String body, Map<String, Object> headers) {
        return new InboundMessage("application/json", "utf-8", headers, body.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void decodesAJsonReplyWithItsTicket() {
        DecodedReply reply = decoder.decode(json("{\"w1@lab\": {\"ok\": \"pong\"}}", Map.of("ticket", "t1", "clock", 3)));
        assertThat(reply).isInstanceOf(DecodedReply.Answer.class);
        DecodedReply.Answer answer = (DecodedReply.Answer) reply;
        assertThat(answer.ticket()).isEqualTo("t1");
        assertThat(answer.hostname()).isEqualTo("w1@lab");
        assertThat(answer.value().get("ok").asText()).isEqualTo("pong");
    }

    @Test
    void acceptsPythonNonNumericNumbers() {
        DecodedReply.Answer answer = (DecodedReply.Answer) decoder.decode(
                json("{\"w@h\": {\"a\": NaN, \"b\": Infinity, \"c\": -Infinity}}", Map.of()));
        assertThat(answer.value().get("a").asDouble()).isNaN();
        assertThat(answer.value().get("b").asDouble()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(answer.value().get("c").asDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(answer.ticket()).isNull();
    }

    @Test
    void unwrapsKombuTypeMarkers() {
        String body = "{\"w@h\": [{\"eta\": {\"__type__\": \"datetime\", \"__value__\": \"2026-11-26T10:00:00+00:00\"},"
                + " \"id\": {\"__type__\": \"uuid\", \"__value__\": {\"hex\": \"0123456789abcdef0123456789abcdef\"}},"
                + " \"n\": {\"__type__\": \"decimal\", \"__value__\": \"1.50\"},"
                + " \"odd\": {\"__type__\": \"frobnicated\", \"__value__\": 7}}]}";
        DecodedReply.Answer answer = (DecodedReply.Answer) decoder.decode(json(body, Map.of()));
        var item = answer.value().get(0);
        assertThat(item.get("eta").asText()).isEqualTo("2026-11-26T10:00:00+00:00");
        assertThat(item.get("id").asText()).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
        assertThat(item.get("n").asText()).isEqualTo("1.50");
        assertThat(item.get("odd").get("__type__").asText()).isEqualTo("frobnicated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping-pickle-p2.bin", "ping-pickle-p4.bin", "ping-pickle-p5.bin"})
    void refusesPickleButNamesTheWorker(String file) throws IOException {
        byte[] body = resource(file);
        DecodedReply reply = decoder.decode(new InboundMessage("application/x-python-serialize", "binary",
                Map.of("ticket", "t"), body, 0));
        assertThat(reply).isInstanceOf(DecodedReply.Refused.class);
        DecodedReply.Refused refused = (DecodedReply.Refused) reply;
        assertThat(refused.hostname()).isEqualTo("pickle@lab");
        assertThat(refused.reason()).contains("pickle").contains("not decoded");
    }

    @Test
    void refusesYamlButNamesTheWorker() throws IOException {
        DecodedReply.Refused refused = (DecodedReply.Refused) decoder.decode(new InboundMessage("application/x-yaml",
                "utf-8", Map.of(), resource("ping.yaml"), 0));
        assertThat(refused.hostname()).isEqualTo("pickle@lab");
    }

    @Test
    void refusesMsgpackAndReadsAFixstrKey() {
        byte[] body = {(byte) 0x81, (byte) 0xa4, 'w', '@', 'h', 'x', (byte) 0x80};
        DecodedReply.Refused refused = (DecodedReply.Refused) decoder.decode(new InboundMessage("application/x-msgpack",
                "binary", Map.of(), body, 0));
        assertThat(refused.hostname()).isEqualTo("w@hx");
    }

    @Test
    void refusesCompressedReplies() {
        DecodedReply reply = decoder.decode(json("{\"w@h\": 1}", Map.of("compression", "application/x-gzip")));
        assertThat(reply).isInstanceOf(DecodedReply.Refused.class);
    }

    @Test
    void garbageIsMalformedNotAnError() {
        assertThat(decoder.decode(json("not json", Map.of()))).isInstanceOf(DecodedReply.Malformed.class);
        assertThat(decoder.decode(json("[1,2]", Map.of()))).isInstanceOf(DecodedReply.Malformed.class);
        assertThat(decoder.decode(json("{\"a\":1,\"b\":2}", Map.of()))).isInstanceOf(DecodedReply.Malformed.class);
    }

    @Test
    void pickleWithUnknownLeadingOpcodeNamesNobody() {
        assertThat(ReplyKeySniffer.firstKey("application/x-python-serialize", new byte[] {(byte) 0x80, 5, 'c', 'o', 's'}))
                .isNull();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ReplyDecoderTest.class.getResourceAsStream("/replies/" + name)) {
            return in.readAllBytes();
        }
    }
}
