package io.celerymon.inspect;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.ReplyQueue;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.protocol.ControlRequest;
import io.celerymon.protocol.DecodedReply;
import io.celerymon.protocol.ReplyDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One broadcast, then replies gathered until every expected worker has answered or the deadline
 * passes. Unlike Celery's client, whose timeout is an idle gap after the last reply, the timeout
 * here is a hard deadline for the whole call.
 */
public final class Mailbox {

    /** How many already-queued late replies are counted after gathering stops. */
    private static final int MAX_LATE_DRAIN = 256;

    private final BrokerClient client;
    private final CeleryJson json;
    private final ReplyDecoder decoder;
    private final String replyExchange;
    private final AtomicLong clock = new AtomicLong();

    public Mailbox(BrokerClient client, CeleryJson json, String controlExchange) {
        this.client = client;
        this.json = json;
        this.decoder = new ReplyDecoder(json);
        this.replyExchange = "reply." + controlExchange + ".pidbox";
    }

    /**
     * Makes one call.
     *
     * @param deadline when gathering stops, whoever has not answered yet
     * @param knownWorkers node names seen on this broker before; used only where the broker
     *     cannot list pidboxes itself (AMQP)
     */
    public CallResult call(CallSpec spec, Deadline deadline, Collection<String> knownWorkers) {
        return callAll(List.of(spec), deadline, knownWorkers).get(0);
    }

    /**
     * Makes several calls at once: every request is published, each with a ticket of its own,
     * before any reply is read, and the replies, which all come back to one reply queue, are told
     * apart by their ticket. So n methods cost one deadline, not n. Who is expected is worked out
     * once, from the first call's target; all calls should address the same workers.
     *
     * @return one result per spec, in the order given
     */
    public List<CallResult> callAll(List<CallSpec> specs, Deadline deadline, Collection<String> knownWorkers) {
        if (specs.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        Expectation expectation = expect(specs.get(0), knownWorkers, deadline);
        String oid = UUID.randomUUID().toString();
        List<Pending> calls = specs.stream().map(spec -> new Pending(spec, UUID.randomUUID().toString())).toList();
        Map<String, Pending> byTicket = new LinkedHashMap<>();
        calls.forEach(call -> byTicket.put(call.gathering.ticket, call));
        try (ReplyQueue queue = client.openReplyQueue(oid, deadline)) {
            for (Pending call : calls) {
                publish(call, oid, expectation, deadline);
            }
            // Every call is asked (no short-circuit): done() stamps when each one finished.
            while (calls.stream().map(Pending::done).toList().contains(false)) {
                Optional<InboundMessage> next = queue.poll(deadline);
                if (next.isEmpty()) {
                    break;
                }
                DecodedReply reply = decoder.decode(next.get());
                Pending call = owner(reply, byTicket, calls);
                call.gathering.accept(reply, next.get().receivedNanos() - call.publishedNanos);
            }
            long end = System.nanoTime();
            drainLate(queue, byTicket, calls);
            return calls.stream().map(c -> c.expectation.result(c.spec.method(), client.endpoint(),
                    ((c.doneNanos != 0 ? c.doneNanos : end) - start) / 1e6, c.gathering)).toList();
        }
    }

    /**
     * Broadcasts every spec now, as {@link #callAll} does, and keeps gathering their replies on a
     * thread of its own until the returned call is closed: a worker that answers long after the
     * timeout (a blocked gevent hub that unblocked) is still heard. The caller does not wait.
     *
     * @param timeout bounds working out who is expected and publishing; replies are taken until closed
     * @param onReply told of every reply taken, on the gathering thread; must not block
     */
    public StandingCall start(List<CallSpec> specs, Collection<String> knownWorkers, Duration timeout,
                              BiConsumer<String, WorkerReply> onReply) {
        return StandingCall.start(this, client, specs, knownWorkers, timeout, onReply);
    }

    /** Publishes one call's request on the pidbox exchange and fixes what its gathering expects. */
    void publish(Pending call, String oid, Expectation expectation, Deadline deadline) {
        CallSpec spec = call.spec;
        ControlRequest request = new ControlRequest(spec.method(), spec.arguments(),
                spec.target().destination(), spec.target().pattern(), spec.target().matcher(),
                call.gathering.ticket, replyExchange, oid);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("clock", clock.incrementAndGet());
        headers.put("expires", System.currentTimeMillis() / 1000.0 + spec.timeout().toMillis() / 1000.0);
        call.publishedNanos = System.nanoTime();
        OptionalLong receivers = client.publishControl(json.write(request.toWire()), headers, deadline);
        call.expectation = expectation.withReceivers(receivers, spec.target());
    }

    DecodedReply decode(InboundMessage message) {
        return decoder.decode(message);
    }

    /** The call a reply belongs to; one without a ticket, or with a foreign one, is left to the first call to count. */
    static Pending owner(DecodedReply reply, Map<String, Pending> byTicket, List<Pending> calls) {
        Pending owner = reply.ticket() == null ? null : byTicket.get(reply.ticket());
        return owner != null ? owner : calls.get(0);
    }

    private static void drainLate(ReplyQueue queue, Map<String, Pending> byTicket, List<Pending> calls) {
        Deadline now = new Deadline(System.nanoTime());
        for (int i = 0; i < MAX_LATE_DRAIN; i++) {
            Optional<InboundMessage> late = queue.poll(now);
            if (late.isEmpty()) {
                return;
            }
            String ticket = late.get().headers().get("ticket") instanceof String t ? t : null;
            Pending call = ticket == null ? null : byTicket.get(ticket);
            (call != null ? call : calls.get(0)).gathering.late++;
        }
    }

    /** One of the calls in flight: its spec, its gathering, when it was published and satisfied. */
    static final class Pending {
        final CallSpec spec;
        final Gathering gathering;
        Expectation expectation;
        long publishedNanos;
        long doneNanos;

        Pending(CallSpec spec, String ticket) {
            this.spec = spec;
            this.gathering = new Gathering(ticket);
        }

        boolean done() {
            if (doneNanos == 0 && expectation.satisfiedBy(gathering.repliedHosts())) {
                doneNanos = System.nanoTime();
            }
            return doneNanos != 0;
        }
    }

    Expectation expect(CallSpec spec, Collection<String> knownWorkers, Deadline deadline) {
        Target target = spec.target();
        if (target.hasDestination()) {
            return Expectation.ofNames(ExpectedWorkers.Source.DESTINATION, target.destination());
        }
        if (spec.expectCount().isPresent()) {
            return Expectation.ofCount(spec.expectCount().getAsInt());
        }
        Optional<Set<String>> registered = client.registeredPidboxes(deadline);
        if (registered.isPresent()) {
            List<String> candidates = registered.get().stream()
                    .filter(node -> NodeNameMatcher.matches(target, node)).sorted().toList();
            return Expectation.ofBindingSet(candidates);
        }
        List<String> known = knownWorkers.stream().filter(node -> NodeNameMatcher.matches(target, node))
                .sorted().toList();
        if (!known.isEmpty()) {
            Optional<Map<String, Boolean>> live = client.pidboxConsumers(known, deadline);
            if (live.isPresent()) {
                List<String> alive = known.stream().filter(n -> live.get().getOrDefault(n, false)).toList();
                if (!alive.isEmpty()) {
                    return Expectation.ofNames(ExpectedWorkers.Source.KNOWN_WORKERS, alive);
                }
            }
        }
        return Expectation.none();
    }

    /** Replies collected so far for one ticket. */
    static final class Gathering {
        final String ticket;
        private final Map<String, WorkerReply> replies = new LinkedHashMap<>();
        private int duplicate;
        private int foreign;
        private int malformed;
        int late;
        private int unnamed;

        Gathering(String ticket) {
            this.ticket = ticket;
        }

        Set<String> repliedHosts() {
            return replies.keySet();
        }

        List<WorkerReply> replies() {
            return new ArrayList<>(replies.values());
        }

        IgnoredReplies ignored() {
            return new IgnoredReplies(duplicate, foreign, malformed, late);
        }

        void accept(DecodedReply reply, long latencyNanos) {
            // A reply without a ticket header counts as ours: kombu before 2.5 sent none.
            if (reply.ticket() != null && !reply.ticket().equals(ticket)) {
                foreign++;
                return;
            }
            double latencyMs = latencyNanos / 1e6;
            if (reply instanceof DecodedReply.Answer a) {
                add(new WorkerReply(a.hostname(), a.value(), errorOf(a), latencyMs));
            } else if (reply instanceof DecodedReply.Refused r) {
                String host = r.hostname() != null ? r.hostname() : "<unnamed-" + (++unnamed) + ">";
                add(new WorkerReply(host, null, r.reason(), latencyMs));
            } else {
                malformed++;
            }
        }

        private void add(WorkerReply reply) {
            if (replies.containsKey(reply.hostname())) {
                duplicate++;
            } else {
                replies.put(reply.hostname(), reply);
            }
        }

        private static String errorOf(DecodedReply.Answer answer) {
            var value = answer.value();
            if (value != null && value.isObject() && value.size() == 1 && value.has("error")) {
                var error = value.get("error");
                return error.isTextual() ? error.asText() : error.toString();
            }
            return null;
        }
    }

    /** What is expected of one call, and the rules for stopping and for naming the silent. */
    record Expectation(ExpectedWorkers.Source source, List<String> names, int count, long receivers) {

        static Expectation ofNames(ExpectedWorkers.Source source, List<String> names) {
            return new Expectation(source, List.copyOf(new LinkedHashSet<>(names)), names.size(), -1);
        }

        static Expectation ofCount(int count) {
            return new Expectation(ExpectedWorkers.Source.COUNT, List.of(), count, -1);
        }

        static Expectation ofBindingSet(List<String> candidates) {
            return new Expectation(ExpectedWorkers.Source.BINDING_SET, candidates, candidates.size(), -1);
        }

        static Expectation none() {
            return new Expectation(ExpectedWorkers.Source.NONE, List.of(), -1, -1);
        }

        /**
         * On Redis, PUBLISH answers how many pidbox subscribers got the request: with no pattern
         * that is exactly how many live workers can answer, so stale binding members (workers
         * killed without clean-up) need not be waited for.
         */
        Expectation withReceivers(OptionalLong receivers, Target target) {
            if (source != ExpectedWorkers.Source.BINDING_SET || receivers.isEmpty() || target.hasPattern()) {
                return this;
            }
            return new Expectation(source, names, (int) receivers.getAsLong(), receivers.getAsLong());
        }

        boolean satisfiedBy(Set<String> replied) {
            return switch (source) {
                case DESTINATION, KNOWN_WORKERS -> replied.containsAll(names);
                case COUNT -> replied.size() >= count;
                case BINDING_SET -> receivers >= 0 ? replied.size() >= receivers : replied.containsAll(names);
                case NONE -> false;
            };
        }

        CallResult result(String method, String broker, double elapsedMs, Gathering gathering) {
            Set<String> replied = gathering.repliedHosts();
            List<String> silent = names.stream().filter(n -> !replied.contains(n)).toList();
            List<String> missing = silent;
            List<String> stale = List.of();
            if (source == ExpectedWorkers.Source.BINDING_SET && receivers >= 0) {
                long silentLive = Math.max(0, receivers - replied.size());
                if (silentLive == 0) {
                    missing = List.of();
                    stale = silent;
                }
            }
            ExpectedWorkers expected = new ExpectedWorkers(source, names, count);
            return new CallResult(method, broker, elapsedMs, gathering.replies(), missing, stale, expected,
                    gathering.ignored());
        }
    }
}
