package io.celerymon.testsupport;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.EventSubscription;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.QueueDepth;
import io.celerymon.broker.ReplyLeftover;
import io.celerymon.broker.ReplyQueue;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A broker stand-in for unit tests of one seam: every operation fails loudly unless the test's
 * subclass scripts it, so a test cannot pass by touching a part of the broker it did not mean to.
 */
public abstract class UnusedBrokerClient implements BrokerClient {

    private static UnsupportedOperationException unused(String operation) {
        return new UnsupportedOperationException(operation + " is not used by this test");
    }

    @Override
    public String endpoint() {
        return "redis://stand-in/0";
    }

    @Override
    public ReplyQueue openReplyQueue(String oid, Deadline deadline) {
        throw unused("openReplyQueue");
    }

    @Override
    public OptionalLong publishControl(byte[] jsonBody, Map<String, Object> headers, Deadline deadline) {
        throw unused("publishControl");
    }

    @Override
    public Optional<Set<String>> registeredPidboxes(Deadline deadline) {
        throw unused("registeredPidboxes");
    }

    @Override
    public Optional<Map<String, Boolean>> pidboxConsumers(Collection<String> nodeNames, Deadline deadline) {
        throw unused("pidboxConsumers");
    }

    @Override
    public EventSubscription subscribeEvents(Consumer<InboundMessage> sink, Deadline deadline) {
        throw unused("subscribeEvents");
    }

    @Override
    public void verifyUsable(Deadline deadline) {
        throw unused("verifyUsable");
    }

    @Override
    public Duration roundTrip(Deadline deadline) {
        throw unused("roundTrip");
    }

    @Override
    public Map<String, QueueDepth> queueDepths(Collection<String> queues, Deadline deadline) {
        throw unused("queueDepths");
    }

    @Override
    public Optional<List<ReplyLeftover>> replyLeftovers(Deadline deadline) {
        throw unused("replyLeftovers");
    }

    @Override
    public int removeReplyLeftovers(Collection<ReplyLeftover> leftovers, Deadline deadline) {
        throw unused("removeReplyLeftovers");
    }

    @Override
    public void close() {
    }
}
