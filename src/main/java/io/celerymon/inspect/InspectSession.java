package io.celerymon.inspect;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerClients;
import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.Deadline;
import io.celerymon.protocol.CeleryJson;
import java.util.List;
import java.util.Set;

/**
 * A connection to one broker for making control calls, with the known-workers cache kept up to
 * date. Closing it removes everything celerymon created on the broker.
 */
public final class InspectSession implements AutoCloseable {

    private final BrokerClient client;
    private final Mailbox mailbox;
    private final KnownWorkersStore knownWorkers;
    private final String cacheKey;

    private InspectSession(BrokerClient client, Mailbox mailbox, KnownWorkersStore knownWorkers, String cacheKey) {
        this.client = client;
        this.mailbox = mailbox;
        this.knownWorkers = knownWorkers;
        this.cacheKey = cacheKey;
    }

    public static InspectSession open(BrokerConfig config, CeleryJson json, KnownWorkersStore knownWorkers,
                                      Deadline deadline) {
        BrokerClient client = BrokerClients.connect(config, json.mapper(), deadline);
        String cacheKey = KnownWorkersStore.keyFor(config);
        return new InspectSession(client, new Mailbox(client, json, config.controlExchange()), knownWorkers, cacheKey);
    }

    public String endpoint() {
        return client.endpoint();
    }

    public CallResult call(CallSpec spec, Deadline deadline) {
        Set<String> known = knownWorkers.load(cacheKey);
        CallResult result = mailbox.call(spec, deadline, known);
        List<String> seen = result.replies().stream().map(WorkerReply::hostname).toList();
        knownWorkers.remember(cacheKey, seen);
        return result;
    }

    /** Several calls at once through one reply queue (see {@link Mailbox#callAll}); the cache learns every replier. */
    public List<CallResult> callAll(List<CallSpec> specs, Deadline deadline) {
        List<CallResult> results = mailbox.callAll(specs, deadline, knownWorkers.load(cacheKey));
        knownWorkers.remember(cacheKey, results.stream().flatMap(r -> r.replies().stream())
                .map(WorkerReply::hostname).distinct().toList());
        return results;
    }

    /** The node names remembered for this broker before this session's calls. */
    public java.util.Set<String> knownWorkers() {
        return knownWorkers.load(cacheKey);
    }

    /** The broker connection, for operations other than control calls; closed with the session. */
    public BrokerClient broker() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
