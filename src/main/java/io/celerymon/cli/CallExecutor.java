package io.celerymon.cli;

import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.Deadline;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.CallSpec;
import io.celerymon.inspect.InspectSession;
import io.celerymon.inspect.KnownWorkersStore;
import io.celerymon.output.call.CallRenderer;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.secrets.KnownSecrets;
import java.io.PrintWriter;
import java.util.Map;

/** Resolves the broker, connects, makes one call and cleans up, for inspect and status. */
final class CallExecutor {

    private final Map<String, String> env;
    private final KnownSecrets secrets;

    CallExecutor(Map<String, String> env, KnownSecrets secrets) {
        this.env = env;
        this.secrets = secrets;
    }

    CallResult run(BrokerOptions brokerOptions, CallSpec spec) {
        long startupMs = CommandDeadline.startupMillis();
        Deadline deadline = CommandDeadline.of(spec.timeout(), startupMs);
        BrokerConfig config = brokerOptions.resolve(env, secrets, deadline);
        CeleryJson json = new CeleryJson();
        KnownWorkersStore known = KnownWorkersStore.forEnvironment(env, json.mapper());
        try (InspectSession session = InspectSession.open(config, json, known, deadline);
             ShutdownCleanup ignored = ShutdownCleanup.register(session)) {
            return session.call(spec, deadline);
        } catch (BrokerUnreachableException e) {
            if (!deadline.expired()) {
                throw e;
            }
            // The deadline counts from process start: say how much of it start-up took, so a
            // slow machine is not mistaken for a dead broker.
            throw new BrokerUnreachableException(e.getMessage() + " (the " + spec.timeout().toMillis()
                    + " ms deadline counts from process start, and start-up took " + startupMs + " ms; raise -t)", e);
        }
    }

    /** Makes the call, prints it with {@code renderer} and returns the exit code for it. */
    int runAndPrint(BrokerOptions brokerOptions, CallSpec spec, CallRenderer renderer, PrintWriter out) {
        CallResult result = run(brokerOptions, spec);
        out.print(renderer.render(result));
        out.flush();
        return exitCode(result);
    }

    /** The exit code a call's outcome maps to, by the shared contract. */
    static int exitCode(CallResult result) {
        if (result.replies().isEmpty()) {
            return ExitCode.NO_REPLY;
        }
        boolean shortOfCount = result.expected().count() > 0 && result.replies().size() < result.expected().count()
                && result.expected().source() == io.celerymon.inspect.ExpectedWorkers.Source.COUNT;
        boolean anyError = result.replies().stream().anyMatch(r -> !r.ok());
        return !result.missing().isEmpty() || shortOfCount || anyError ? ExitCode.PARTIAL : ExitCode.OK;
    }
}
