package io.celerymon.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerConfigResolver;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerSettings;
import io.celerymon.broker.Deadline;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.InspectSession;
import io.celerymon.inspect.KnownWorkersStore;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.output.OutputFormat;
import io.celerymon.output.call.CallRenderer;
import io.celerymon.output.call.StatusRenderer;
import io.celerymon.protocol.CeleryJson;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: the build runs it once under {@code -XX:ArchiveClassesAtExit} to record the classes a
 * real run loads (both broker clients, every renderer) into the class-data-sharing archive that
 * {@code bin/celerymon} uses. It talks only to a closed port on loopback and prints nothing.
 */
@Command(name = "cds-training", hidden = true)
public final class CdsTrainingCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CeleryJson json = new CeleryJson();
        // A cache of its own, removed after: the build must not leave a directory per run in /tmp.
        Path cacheDir = Files.createTempDirectory("celerymon-cds");
        Path cacheFile = cacheDir.resolve("k.json");
        try {
            KnownWorkersStore known = new KnownWorkersStore(cacheFile, json.mapper());
            for (String url : List.of("redis://127.0.0.1:" + closedPort + "/0",
                    "amqp://guest:guest@127.0.0.1:" + closedPort + "//")) {
                BrokerConfig config = BrokerConfigResolver.resolve(
                        new BrokerSettings(url, null, null, false, null, null, null, null, null), Map.of());
                try (InspectSession session = InspectSession.open(config, json, known,
                        Deadline.in(Duration.ofSeconds(2)))) {
                    session.endpoint();
                } catch (BrokerException expected) {
                    // A refused connection still loads the client's classes, which is all this is for.
                }
            }
        } finally {
            Files.deleteIfExists(cacheFile);
            Files.deleteIfExists(cacheDir);
        }
        WorkerReply reply = new WorkerReply("w@h", JsonNodeFactory.instance.objectNode().put("ok", "pong"), null, 1.0);
        CallResult result = new CallResult("ping", "redis://127.0.0.1:6379/0", 2.0, List.of(reply), List.of("x@h"),
                List.of(), new ExpectedWorkers(ExpectedWorkers.Source.BINDING_SET, List.of("w@h", "x@h"), 2),
                IgnoredReplies.NONE);
        for (OutputFormat format : OutputFormat.values()) {
            CallRenderer.of(format).render(result);
            new StatusRenderer(format).render(result);
        }
        return ExitCode.OK;
    }
}
