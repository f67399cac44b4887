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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The gathering rules, with the broker replaced at its seam by a scripted client: which replies
 * count, when gathering stops, and who is missing or stale.
 */
class MailboxTest {

    private final CeleryJson json = new CeleryJson();

    /** A broker stand-in that answers a publish with scripted replies built from the request. */
    private final class ScriptedBroker extends UnusedBrokerClient {
        final Deque<InboundMessage> queued = new ArrayDeque<>();
        final List<JsonNode> published = new ArrayList<>();
        Optional<Set<String>> registered = Optional.empty();
        Optional<Map<String, Boolean>> consumers = Optional.empty();
        OptionalLong receivers = OptionalLong.empty();
        Function<JsonNode, List<InboundMessage>> script = request -> List.of();
        boolean queueClosed;
        int polls;

        @Override
        public String endpoint() {
            return "redis://127.0.0.1:6379/1";
        }

        @Override
        public ReplyQueue openReplyQueue(String oid, Deadline deadline) {
            return new ReplyQueue() {
                @Override
                public String oid() {
                    return oid;
                }

                @Override
                public Optional<InboundMessage> poll(Deadline d) {
                    polls++;
                    return Optional.ofNullable(queued.poll());
                }

                @Override
                public void close() {
                    queueClosed = true;
                }
            };
        }

        @Override
        public OptionalLong publishControl(byte[] body, Map<String, Object> headers, Deadline deadline) {
            try {
                JsonNode request = json.read(body);
                published.add(request);
                queued.addAll(script.apply(request));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return receivers;
        }

        @Override
        public Optional<Set<String>> registeredPidboxes(Deadline deadline) {
            return registered;
        }

        @Override
        public Optional<Map<String, Boolean>> pidboxConsumers(Collection<String> names, Deadline deadline) {
            return consumers;
        }
    }

    private static InboundMessage reply(String ticket, String host, String value) {
        String body = "{\"" + host + "\": " + value + "}";
        Map<String, Object> headers = ticket == null ? Map.of() : Map.of("ticket", ticket);
        return new InboundMessage("application/json", "utf-8", headers, body.getBytes(StandardCharsets.UTF_8),
                System.nanoTime());
    }

    private static Function<JsonNode, List<InboundMessage>> pongsFrom(String... hosts) {
        return request -> java.util.Arrays.stream(hosts)
                .map(h -> reply(request.get("ticket").asText(), h, "{\"ok\": \"pong\"}")).toList();
    }

    private CallResult call(ScriptedBroker broker, CallSpec spec, Collection<String> known) {
        return new Mailbox(broker, json, "celery").call(spec, Deadline.in(spec.timeout()), known);
    }

    private static CallSpec ping(Target target, OptionalInt expect) {
        return new CallSpec("ping", Map.of(), target, Duration.ofSeconds(1), expect);
    }

    @Test
    void severalCallsShareOneReplyQueueAndAreToldApartByTicket() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.registered = Optional.of(Set.of("a@h", "b@h"));
        broker.receivers = OptionalLong.of(2);
        // a answers both methods, b answers only stats: b is missing from ping alone.
        broker.script = request -> {
            String t = request.get("ticket").asText();
            String method = request.get("method").asText();
            List<InboundMessage> replies = new ArrayList<>();
            replies.add(reply(t, "a@h", "{\"m\": \"" + method + "\"}"));
            if (method.equals("stats")) {
                replies.add(reply(t, "b@h", "{\"m\": \"stats\"}"));
            }
            return replies;
        };
        List<CallSpec> specs = List.of(
                new CallSpec("ping", Map.of(), Target.ALL, Duration.ofSeconds(1), OptionalInt.empty()),
                new CallSpec("stats", Map.of(), Target.ALL, Duration.ofSeconds(1), OptionalInt.empty()));
        List<CallResult> results = new Mailbox(broker, json, "celery").callAll(specs, Deadline.in(Duration.ofSeconds(1)),
                List.of());
        assertThat(broker.published).extracting(r -> r.get("method").asText()).containsExactly("ping", "stats");
        assertThat(broker.published.get(0).get("reply_to").get("routing_key").asText())
                .isEqualTo(broker.published.get(1).get("reply_to").get("routing_key").asText());
        assertThat(results.get(0).method()).isEqualTo("ping");
        assertThat(results.get(0).replies()).extracting(WorkerReply::hostname).containsExactly("a@h");
        assertThat(results.get(0).replies().get(0).reply().get("m").asText()).isEqualTo("ping");
        assertThat(results.get(0).missing()).containsExactly("b@h");
        assertThat(results.get(1).replies()).extracting(WorkerReply::hostname).containsExactly("a@h", "b@h");
        assertThat(results.get(1).missing()).isEmpty();
        assertThat(results.get(1).ignored().foreignTicket()).isZero();
    }

    @Test
    void stopsWhenEveryDestinationAnswered() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.script = pongsFrom("a@h", "b@h");
        CallResult result = call(broker, ping(new Target(List.of("a@h", "b@h"), null, null), OptionalInt.empty()),
                List.of());
        assertThat(result.replies()).extracting(WorkerReply::hostname).containsExactly("a@h", "b@h");
        assertThat(result.missing()).isEmpty();
        assertThat(result.expected().source()).isEqualTo(ExpectedWorkers.Source.DESTINATION);
        assertThat(broker.published.get(0).get("destination").size()).isEqualTo(2);
        assertThat(broker.queueClosed).isTrue();
    }

    @Test
    void namesTheDestinationsThatStayedSilent() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.script = pongsFrom("a@h");
        CallResult result = call(broker, ping(new Target(List.of("a@h", "gevent@h"), null, null), OptionalInt.empty()),
                List.of());
        assertThat(result.missing()).containsExactly("gevent@h");
    }

    @Test
    void ignoresForeignTicketsAndCountsDuplicatesAndGarbage() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.script = request -> {
            String t = request.get("ticket").asText();
            return List.of(reply("someone-else", "x@h", "{\"ok\": \"pong\"}"), reply(t, "a@h", "{\"ok\": \"pong\"}"),
                    reply(t, "a@h", "{\"ok\": \"pong\"}"),
                    new InboundMessage("application/json", "utf-8", Map.of("ticket", t), "%%".getBytes(), 0),
                    reply(null, "b@h", "{\"ok\": \"pong\"}"));
        };
        CallResult result = call(broker, ping(Target.ALL, OptionalInt.of(2)), List.of());
        assertThat(result.replies()).extracting(WorkerReply::hostname).containsExactly("a@h", "b@h");
        assertThat(result.ignored()).isEqualTo(new IgnoredReplies(1, 1, 1, 0));
    }

    @Test
    void repliesLeftInTheQueueAfterStoppingAreCountedLate() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.script = pongsFrom("a@h", "b@h", "c@h");
        CallResult result = call(broker, ping(Target.ALL, OptionalInt.of(1)), List.of());
        assertThat(result.replies()).hasSize(1);
        assertThat(result.ignored().late()).isEqualTo(2);
    }

    @Test
    void errorRepliesAreKeptAsCeleryPrintsThemAndFlagged() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.script = request -> List.of(reply(request.get("ticket").asText(), "a@h", "{\"error\": \"KeyError('x')\"}"));
        CallResult result = call(broker, ping(Target.ALL, OptionalInt.of(1)), List.of());
        WorkerReply only = result.replies().get(0);
        assertThat(only.ok()).isFalse();
        assertThat(only.error()).isEqualTo("KeyError('x')");
        assertThat(only.reply().get("error").asText()).isEqualTo("KeyError('x')");
    }

    @Test
    void redisBindingSetStopsAtTheLiveSubscriberCountAndReportsStaleMembers() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.registered = Optional.of(Set.of("a@h", "b@h", "dead@h"));
        broker.receivers = OptionalLong.of(2);
        broker.script = pongsFrom("a@h", "b@h");
        CallResult result = call(broker, ping(Target.ALL, OptionalInt.empty()), List.of());
        assertThat(result.missing()).isEmpty();
        assertThat(result.stale()).containsExactly("dead@h");
        assertThat(result.expected().source()).isEqualTo(ExpectedWorkers.Source.BINDING_SET);
    }

    @Test
    void redisLiveButSilentWorkerIsMissingNotStale() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.registered = Optional.of(Set.of("a@h", "gevent@h"));
        broker.receivers = OptionalLong.of(2);
        broker.script = pongsFrom("a@h");
        CallResult result = call(broker, ping(Target.ALL, OptionalInt.empty()), List.of());
        assertThat(result.missing()).containsExactly("gevent@h");
        assertThat(result.stale()).isEmpty();
    }

    @Test
    void patternNarrowsTheExpectedBindingMembers() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.registered = Optional.of(Set.of("gevent-1@h", "prefork-1@h"));
        broker.receivers = OptionalLong.of(2);
        broker.script = pongsFrom("gevent-1@h");
        CallResult result = call(broker, ping(new Target(List.of(), "gevent-*", "glob"), OptionalInt.empty()),
                List.of());
        assertThat(result.expected().names()).containsExactly("gevent-1@h");
        assertThat(result.missing()).isEmpty();
        assertThat(broker.published.get(0).get("matcher").asText()).isEqualTo("glob");
    }

    @Test
    void amqpUsesKnownWorkersWithALiveConsumer() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.consumers = Optional.of(Map.of("a@h", true, "gone@h", false));
        broker.script = pongsFrom("a@h");
        CallResult result = call(broker, ping(Target.ALL, OptionalInt.empty()), List.of("a@h", "gone@h"));
        assertThat(result.expected().source()).isEqualTo(ExpectedWorkers.Source.KNOWN_WORKERS);
        assertThat(result.expected().names()).containsExactly("a@h");
        assertThat(result.missing()).isEmpty();
    }

    @Test
    void withNothingKnownItGathersUntilTheQueueRunsDry() {
        ScriptedBroker broker = new ScriptedBroker();
        broker.script = pongsFrom("a@h", "b@h");
        CallResult result = call(broker, ping(Target.ALL, OptionalInt.empty()), List.of());
        assertThat(result.expected().source()).isEqualTo(ExpectedWorkers.Source.NONE);
        assertThat(result.replies()).hasSize(2);
        // Stopped only because poll() said "nothing before the deadline".
        assertThat(broker.polls).isGreaterThanOrEqualTo(3);
    }
}
