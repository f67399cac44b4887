package io.celerymon.broker.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key names and envelopes against what protocol.md and the MONITOR captures show kombu doing. */
class RedisWireTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void keysMatchKombuForDbPrefixAndExchange() {
        RedisKeys keys = new RedisKeys(0, "", "celery");
        assertThat(keys.pidboxChannel()).isEqualTo("/0.celery.pidbox");
        assertThat(keys.bindingSet(keys.replyExchange())).isEqualTo("_kombu.binding.reply.celery.pidbox");
        assertThat(keys.replyBindingMember("oid")).isEqualTo("oid\u0006\u0016\u0006\u0016oid.reply.celery.pidbox");
        assertThat(keys.listKeys(keys.replyQueue("oid"))).containsExactly("oid.reply.celery.pidbox",
                "oid.reply.celery.pidbox\u0006\u00163", "oid.reply.celery.pidbox\u0006\u00166",
                "oid.reply.celery.pidbox\u0006\u00169");

        RedisKeys prefixed = new RedisKeys(2, "pfx:", "ctl");
        assertThat(prefixed.pidboxChannel()).isEqualTo("pfx:/2.ctl.pidbox");
        assertThat(prefixed.bindingSet("reply.ctl.pidbox")).isEqualTo("pfx:_kombu.binding.reply.ctl.pidbox");
        // Binding members are never prefixed; list keys are.
        assertThat(prefixed.replyBindingMember("o")).isEqualTo("o\u0006\u0016\u0006\u0016o.reply.ctl.pidbox");
        assertThat(prefixed.listKeys("q").get(0)).isEqualTo("pfx:q");
    }

    @Test
    void eventPatternsCoverPatternAndPlainFanoutChannelsAndTheSentinelLiteral() {
        assertThat(new RedisKeys(1, "", "celery").eventPatterns(false))
                .containsExactly("/1.celeryev/*", "/1.celeryev");
        // The event exchange is celeryev whatever the control exchange; the key prefix applies.
        assertThat(new RedisKeys(0, "pfx:", "ctl").eventPatterns(true))
                .containsExactly("pfx:/0.celeryev/*", "pfx:/0.celeryev", "pfx:/{db}.celeryev/*", "pfx:/{db}.celeryev");
        // Glob characters in a key prefix match only themselves.
        assertThat(new RedisKeys(0, "a*[b]?\\:", "celery").eventPatterns(false).get(1))
                .isEqualTo("a\\*\\[b\\]\\?\\\\:/0.celeryev");
    }

    @Test
    void throughSentinelRequestsAlsoGoWhereKombuBefore54Listens() {
        RedisKeys keys = new RedisKeys(1, "", "celery");
        assertThat(keys.pidboxChannels(false)).containsExactly("/1.celery.pidbox");
        // kombu < 5.4's SentinelChannel never formats its fanout prefix: the literal "{db}" stays.
        assertThat(keys.pidboxChannels(true)).containsExactly("/1.celery.pidbox", "/{db}.celery.pidbox");
        assertThat(new RedisKeys(3, "pfx:", "ctl").pidboxChannels(true))
                .containsExactly("pfx:/3.ctl.pidbox", "pfx:/{db}.ctl.pidbox");
    }

    @Test
    void readsNodeNamesFromPidboxBindingMembers() {
        RedisKeys keys = new RedisKeys(1, "", "celery");
        assertThat(keys.nodeOfPidboxMember("\u0006\u0016\u0006\u0016w1@lab.celery.pidbox")).isEqualTo("w1@lab");
        assertThat(keys.nodeOfPidboxMember("\u0006\u0016\u0006\u0016something.else")).isNull();
    }

    @Test
    void requestEnvelopeIsCompleteSoWorkersDoNotCrash() throws Exception {
        String raw = new RedisEnvelope(mapper).request("{\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("clock", 1, "expires", 1.5), "celery.pidbox");
        JsonNode env = mapper.readTree(raw);
        assertThat(env.get("content-type").asText()).isEqualTo("application/json");
        assertThat(env.get("content-encoding").asText()).isEqualTo("utf-8");
        JsonNode props = env.get("properties");
        assertThat(props.get("delivery_tag").asText()).hasSize(36);
        assertThat(props.get("body_encoding").asText()).isEqualTo("base64");
        assertThat(props.get("delivery_info").get("exchange").asText()).isEqualTo("celery.pidbox");
        assertThat(props.get("delivery_info").get("routing_key").asText()).isEmpty();
        assertThat(props.get("priority").asInt()).isZero();
        assertThat(props.get("delivery_mode").asInt()).isEqualTo(2);
        assertThat(new String(Base64.getDecoder().decode(env.get("body").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{\"method\":\"ping\"}");
    }

    @Test
    void readsAReplyEnvelopeAsTheWorkerWroteIt() {
        // From captures/redis-inspect-ping: the prefork worker's LPUSHed reply.
        String raw = "{\"body\": \"eyJwcmVmb3JrQGxhYiI6IHsib2siOiAicG9uZyJ9fQ==\", \"content-encoding\": \"utf-8\","
                + " \"content-type\": \"application/json\", \"headers\": {\"ticket\": \"61fd\", \"clock\": 3},"
                + " \"properties\": {\"delivery_mode\": 1, \"delivery_info\": {\"exchange\": \"reply.celery.pidbox\","
                + " \"routing_key\": \"oid\"}, \"priority\": 0, \"body_encoding\": \"base64\", \"delivery_tag\": \"x\"}}";
        InboundMessage msg = new RedisEnvelope(mapper).reply(raw, 42);
        assertThat(new String(msg.body(), StandardCharsets.UTF_8)).isEqualTo("{\"prefork@lab\": {\"ok\": \"pong\"}}");
        assertThat(msg.headers()).containsEntry("ticket", "61fd");
        assertThat(msg.contentType()).isEqualTo("application/json");
        assertThat(msg.receivedNanos()).isEqualTo(42);
    }

    @Test
    void plainBodyWithoutBodyEncodingIsUsedAsIs() {
        InboundMessage msg = new RedisEnvelope(mapper).reply(
                "{\"body\": \"{\\\"w@h\\\": 1}\", \"content-type\": \"application/json\", \"headers\": {}}", 0);
        assertThat(new String(msg.body(), StandardCharsets.UTF_8)).isEqualTo("{\"w@h\": 1}");
    }

    @Test
    void anEventEnvelopeAsCeleryPublishesItIsUnwrappedFromItsBytes() {
        String body = "[{\"type\": \"task-started\", \"uuid\": \"u\"}]";
        String raw = "{\"body\": \"" + java.util.Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))
                + "\", \"content-encoding\": \"utf-8\", \"content-type\": \"application/json\","
                + " \"headers\": {\"hostname\": \"w@h\", \"n\": 3, \"nested\": {\"a\": [1]}, \"gone\": null},"
                + " \"properties\": {\"delivery_mode\": 1, \"delivery_info\": {\"exchange\": \"celeryev\","
                + " \"routing_key\": \"task.multi\"}, \"priority\": 0, \"body_encoding\": \"base64\","
                + " \"delivery_tag\": \"x\"}}";

        InboundMessage msg = new RedisEnvelope(mapper).reply(raw.getBytes(StandardCharsets.UTF_8), 7);

        assertThat(new String(msg.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(msg.headers()).containsEntry("hostname", "w@h").containsEntry("n", "3")
                .containsEntry("nested", "{\"a\":[1]}").doesNotContainKey("gone");
        assertThat(msg.contentType()).isEqualTo("application/json");
        assertThat(msg.contentEncoding()).isEqualTo("utf-8");
        assertThat(msg.receivedNanos()).isEqualTo(7);
    }

    @Test
    void aPlainBodyWithEscapesOrNonAsciiTextIsReadAsText() {
        InboundMessage msg = new RedisEnvelope(mapper).reply(
                "{\"body\": \"{\\\"caf\u00e9\\\": \\\"\\u00e9\\\"}\", \"headers\": {}}".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(new String(msg.body(), StandardCharsets.UTF_8)).isEqualTo("{\"caf\u00e9\": \"\u00e9\"}");

        InboundMessage plain = new RedisEnvelope(mapper).reply(
                "{\"body\": \"caf\u00e9\", \"headers\": {}}".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo("caf\u00e9");
    }

    @Test
    void whatIsNoEnvelopeIsHandedOnAsItsRawBytes() {
        for (String raw : new String[] {"garbage", "[1, 2]", "{\"body\": 5}", "{\"headers\": {}}",
                "{\"body\": \"eA==\", \"properties\": {\"body_encoding\": \"base64\"}", "\"text\""}) {
            InboundMessage msg = new RedisEnvelope(mapper).reply(raw.getBytes(StandardCharsets.UTF_8), 0);
            assertThat(new String(msg.body(), StandardCharsets.UTF_8)).as(raw).isEqualTo(raw);
            assertThat(msg.contentType()).isEqualTo("application/json");
        }
    }

    @Test
    void badBase64GivesAnEmptyBody() {
        InboundMessage msg = new RedisEnvelope(mapper).reply(("{\"body\": \"not base64!\","
                + " \"properties\": {\"body_encoding\": \"base64\"}}").getBytes(StandardCharsets.UTF_8), 0);
        assertThat(msg.body()).isEmpty();
    }
}
