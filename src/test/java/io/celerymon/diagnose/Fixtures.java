package io.celerymon.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.BrokerClient;
import io.celerymon.envcheck.GreenLibrary;
import io.celerymon.envcheck.ListeningSocket;
import io.celerymon.envcheck.ProcessRole;
import io.celerymon.envcheck.ProcessScan;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.events.WorkerStatus;
import io.celerymon.events.WorkerView;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.WorkerFacts;
import io.celerymon.inspect.WorkerReply;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Builds inspect rounds, heartbeat windows and contexts as a cluster would produce them. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String GEVENT_STATS = "{\"pid\": 10, \"pool\": {\"max-concurrency\": 2}}";
    static final String PREFORK_STATS = "{\"pid\": 11, \"pool\": {\"max-concurrency\": 2, \"processes\": [12, 13], "
            + "\"writes\": {}}}";

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DiagnoseSettings settings() {
        return new DiagnoseSettings(Duration.ofSeconds(1), null, Duration.ofMillis(500), Duration.ofSeconds(1),
                List.of(), List.of(), false, false);
    }

    static DiagnoseSettings settings(List<URI> flowers) {
        return new DiagnoseSettings(Duration.ofSeconds(1), null, Duration.ofMillis(500), Duration.ofSeconds(1),
                flowers, List.of(), false, false);
    }

    /**
     * A Redis-like round: {@code expected} are the binding-set members, {@code live} how many
     * pidbox subscribers PUBLISH reached; each answering worker answers every method, with
     * {@code replies.get(worker)} as its stats reply and an empty list for everything else.
     */
    static InspectRound redisRound(List<String> expected, int live, Map<String, String> statsReplies,
                                   Map<String, String> activeQueues) {
        Map<String, CallResult> results = new LinkedHashMap<>();
        for (String method : InspectRound.METHODS) {
            List<WorkerReply> replies = new ArrayList<>();
            statsReplies.forEach((worker, stats) -> {
                String body = switch (method) {
                    case "stats" -> stats;
                    case "ping" -> "{\"ok\": \"pong\"}";
                    case "active_queues" -> activeQueues.getOrDefault(worker, "[]");
                    default -> "[]";
                };
                replies.add(new WorkerReply(worker, json(body), null, 3.0));
            });
            List<String> silent = expected.stream().filter(w -> !statsReplies.containsKey(w)).toList();
            int silentLive = live - replies.size();
            List<String> missing = silentLive == 0 ? List.of() : silent;
            List<String> stale = silentLive == 0 ? silent : List.of();
            results.put(method, new CallResult(method, "redis://127.0.0.1:6379/1", 1000, replies, missing, stale,
                    new ExpectedWorkers(ExpectedWorkers.Source.BINDING_SET, expected, live), IgnoredReplies.NONE));
        }
        return new InspectRound(results, Optional.empty());
    }

    static WorkerView online(String worker, double age) {
        return new WorkerView(worker, WorkerStatus.ONLINE, age, 2.0, 0, 5, List.of(), null, "5.2.6", Double.NaN,
                0.0);
    }

    static HeartbeatWindow window(WorkerView... seen) {
        return new HeartbeatWindow(5.0, 1_000_000.0, List.of(seen), seen.length);
    }

    static WorkerFacts facts(String worker, String pool, Double lastHeartbeat, List<String> queues, List<String> tasks) {
        return new WorkerFacts(worker, pool, OptionalDouble.of(2.0),
                lastHeartbeat == null ? OptionalDouble.empty() : OptionalDouble.of(lastHeartbeat), queues, tasks, 1.0);
    }

    static DiagnoseContext context(DiagnoseSettings settings, BrokerClient broker, InspectRound round,
                                   HeartbeatWindow window, Map<String, WorkerFacts> facts) {
        return context(settings, broker, round, window, facts, LocalProcesses.none());
    }

    static DiagnoseContext context(DiagnoseSettings settings, BrokerClient broker, InspectRound round,
                                   HeartbeatWindow window, Map<String, WorkerFacts> facts, LocalProcesses local) {
        return new DiagnoseContext(settings, "redis://127.0.0.1:6379/1", broker, null, 5.0, facts,
                CompletableFuture.completedFuture(round), CompletableFuture.completedFuture(window),
                CompletableFuture.completedFuture(local));
    }

    /** A process of the local scan: role, {@code -P}, {@code -n}, green libraries mapped, listening sockets. */
    static ScannedProcess process(long pid, ProcessRole role, String pool, String node, Set<GreenLibrary> green,
                                  List<ListeningSocket> listening) {
        return new ScannedProcess(pid, role, "proj", pool, node, false, "/usr/bin/python3.11", green, List.of(), 1,
                listening, Map.of());
    }

    /** A local scan of {@code processes} on host {@code h}. */
    static LocalProcesses local(ScannedProcess... processes) {
        return new LocalProcesses(new ProcessScan(List.of(processes), 0, true, 500), "h", List.of());
    }
}
