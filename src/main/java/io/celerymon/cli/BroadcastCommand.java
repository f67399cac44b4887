package io.celerymon.cli;

import io.celerymon.inspect.CallSpec;
import io.celerymon.output.OutputFormat;
import io.celerymon.output.call.CallRenderer;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every one-broadcast subcommand shares: the call, output and broker options, and the run. */
abstract class BroadcastCommand {

    @ParentCommand
    CelerymonCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    CallOptions call;

    @Mixin
    OutputOptions output;

    @Mixin
    BrokerOptions broker;

    /** Broadcasts {@code method}, prints the result and returns the exit code for it. */
    int broadcast(String method, Map<String, Object> arguments, CallRenderer renderer) {
        CallSpec callSpec = new CallSpec(method, arguments, call.target(spec), call.timeout(spec), call.expectCount(spec));
        return parent.executor().runAndPrint(broker, callSpec, renderer, spec.commandLine().getOut());
    }

    OutputFormat format() {
        return output.format();
    }
}
