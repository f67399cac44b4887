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
    private final boolean connected;
    private final double connectMs;
    private final double verifyMs;
    private final String notChecked;
    private final Map<String, WorkerFacts> facts;
    private final Future<InspectRound> inspect;
    private final Future<HeartbeatWindow> heartbeats;
    private final Future<LocalProcesses> local;

    DiagnoseContext(DiagnoseSettings settings, String endpoint, BrokerClient broker, BrokerException brokerFailure,
                    double connectMs, Map<String, WorkerFacts> facts, Future<InspectRound> inspect,
                    Future<HeartbeatWindow> heartbeats, Future<LocalProcesses> local) {
        this(settings, endpoint, broker, brokerFailure, broker != null, connectMs, Double.NaN, null, facts, inspect,
                heartbeats, local);
    }

    private DiagnoseContext(DiagnoseSettings settings, String endpoint, BrokerClient broker,
                            BrokerException brokerFailure, boolean connected, double connectMs, double verifyMs,
                            String notChecked, Map<String, WorkerFacts> facts, Future<InspectRound> inspect,
                            Future<HeartbeatWindow> heartbeats, Future<LocalProcesses> local) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.broker = broker;
        this.brokerFailure = brokerFailure;
        this.connected = connected;
        this.connectMs = connectMs;
        this.verifyMs = verifyMs;
        this.notChecked = notChecked;
        this.facts = Map.copyOf(facts);
        this.inspect = inspect;
        this.heartbeats = heartbeats;
        this.local = local;
    }

    /** A context for the checks that start before the broker is connected: they must not ask for it. */
    static DiagnoseContext beforeConnect(DiagnoseSettings settings, String endpoint, Future<LocalProcesses> local) {
        CompletableFuture<InspectRound> none = CompletableFuture.failedFuture(
                new IllegalStateException("not connected yet"));
        CompletableFuture<HeartbeatWindow> noEvents = CompletableFuture.failedFuture(
                new IllegalStateException("not connected yet"));
        return new DiagnoseContext(settings, endpoint, null, null, false, Double.NaN, Double.NaN, null, Map.of(), none,
                noEvents, local);
    }

    /** A context for a run whose broker could not be reached. */
    static DiagnoseContext withoutBroker(DiagnoseSettings settings, String endpoint, BrokerException failure,
                                         double connectMs, Future<LocalProcesses> local) {
        return failed(settings, endpoint, failure, false, connectMs, Double.NaN, local);
    }

    /** A context for a run whose broker accepted the connection but failed {@link BrokerClient#verifyUsable}. */
    static DiagnoseContext unusableBroker(DiagnoseSettings settings, String endpoint, BrokerException failure,
                                          double connectMs, double verifyMs, Future<LocalProcesses> local) {
        return failed(settings, endpoint, failure, true, connectMs, verifyMs, local);
    }

    /** A context for a run whose deadline left no time to connect: nothing that needs the broker is checked. */
    static DiagnoseContext notChecked(DiagnoseSettings settings, String endpoint, String why,
                                      Future<LocalProcesses> local) {
        IllegalStateException none = new IllegalStateException(why);
        return new DiagnoseContext(settings, endpoint, null, null, false, Double.NaN, Double.NaN, why, Map.of(),
                CompletableFuture.failedFuture(none), CompletableFuture.failedFuture(none), local);
    }

    private static DiagnoseContext failed(DiagnoseSettings settings, String endpoint, BrokerException failure,
                                          boolean connected, double connectMs, double verifyMs,
                                          Future<LocalProcesses> local) {
        CompletableFuture<InspectRound> none = CompletableFuture.failedFuture(failure);
        CompletableFuture<HeartbeatWindow> noEvents = CompletableFuture.failedFuture(failure);
        return new DiagnoseContext(settings, endpoint, null, failure, connected, connectMs, verifyMs, null, Map.of(),
                none, noEvents, local);
    }

    /** A copy that also knows how long {@link BrokerClient#verifyUsable} took. */
    DiagnoseContext withVerifyMs(double ms) {
        return new DiagnoseContext(settings, endpoint, broker, brokerFailure, connected, connectMs, ms, notChecked,
                facts, inspect, heartbeats, local);
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

    /** How long connecting (or failing to) took; NaN when no connection was tried. */
    public double connectMs() {
        return connectMs;
    }

    /** How long proving the broker usable took (or failing to); NaN when it was not tried. */
    public double verifyMs() {
        return verifyMs;
    }

    /** Whether the connection was made (the broker may still have failed to prove itself usable). */
    public boolean connected() {
        return connected;
    }

    /** Why the checks that need the broker were not run at all (the deadline left no time), if so. */
    public Optional<String> notChecked() {
        return Optional.ofNullable(notChecked);
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
