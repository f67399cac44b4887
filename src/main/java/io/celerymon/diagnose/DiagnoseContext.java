package io.celerymon.diagnose;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.inspect.WorkerFacts;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every check of one run shares: the settings, the broker connection (or why there is
 * none), the facts remembered from earlier runs, and the two observations started before any
 * check runs — the inspect round, the heartbeat window and the local process scan — which run at
 * the same time, so a run lasts about the longer of them, not their sum.
 */
public final class DiagnoseContext {

    private final DiagnoseSettings settings;
    private final String endpoint;
    private final BrokerClient broker;
    private final BrokerException brokerFailure;
    private final double connectMs;
    private final Map<String, WorkerFacts> facts;
    private final Future<InspectRound> inspect;
    private final Future<HeartbeatWindow> heartbeats;
    private final Future<LocalProcesses> local;

    DiagnoseContext(DiagnoseSettings settings, String endpoint, BrokerClient broker, BrokerException brokerFailure,
                    double connectMs, Map<String, WorkerFacts> facts, Future<InspectRound> inspect,
                    Future<HeartbeatWindow> heartbeats, Future<LocalProcesses> local) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.broker = broker;
        this.brokerFailure = brokerFailure;
        this.connectMs = connectMs;
        this.facts = Map.copyOf(facts);
        this.inspect = inspect;
        this.heartbeats = heartbeats;
        this.local = local;
    }

    /** A context for a run whose broker could not be reached. */
    static DiagnoseContext withoutBroker(DiagnoseSettings settings, String endpoint, BrokerException failure,
                                         double connectMs, Future<LocalProcesses> local) {
        CompletableFuture<InspectRound> none = CompletableFuture.failedFuture(failure);
        CompletableFuture<HeartbeatWindow> noEvents = CompletableFuture.failedFuture(failure);
        return new DiagnoseContext(settings, endpoint, null, failure, connectMs, Map.of(), none, noEvents, local);
    }

    public DiagnoseSettings settings() {
        return settings;
    }

    /** The broker endpoint, password masked. */
    public String endpoint() {
        return endpoint;
    }

    /** The connected broker; only checks that {@link Check#needsBroker() need it} are run when there is none. */
    public BrokerClient broker() {
        if (broker == null) {
            throw new IllegalStateException("no broker connection", brokerFailure);
        }
        return broker;
    }

    /** Why the broker could not be reached, if it could not. */
    public Optional<BrokerException> brokerFailure() {
        return Optional.ofNullable(brokerFailure);
    }

    /** How long connecting (or failing to) took. */
    public double connectMs() {
        return connectMs;
    }

    /** What earlier runs learnt about each worker, by hostname. */
    public Map<String, WorkerFacts> facts() {
        return facts;
    }

    /** The inspect round, waiting for it until {@code deadline}. */
    public InspectRound inspect(Deadline deadline) throws Exception {
        return await(inspect, deadline);
    }

    /** The heartbeat window, waiting for it until {@code deadline}. */
    public HeartbeatWindow heartbeats(Deadline deadline) throws Exception {
        return await(heartbeats, deadline);
    }

    /** The local process scan, waiting for it until {@code deadline}. */
    public LocalProcesses localProcesses(Deadline deadline) throws Exception {
        return await(local, deadline);
    }

    private static <T> T await(Future<T> future, Deadline deadline) throws Exception {
        try {
            return future.get(Math.max(1, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("the observation it needs did not finish in time");
        }
    }
}
