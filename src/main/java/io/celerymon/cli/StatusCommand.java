package io.celerymon.cli;

import io.celerymon.inspect.CallSpec;
import io.celerymon.output.StatusRenderer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code celerymon status}: ping every worker and summarise who is online and who is missing. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Ping the workers: which are online, which are registered but silent, which are stale.",
        footer = ExitCode.HELP_FOOTER)
public final class StatusCommand implements Callable<Integer> {

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

    @Override
    public Integer call() {
        CallSpec callSpec = new CallSpec("ping", Map.of(), call.target(spec), call.timeout(spec),
                call.expectCount(spec));
        return parent.executor().runAndPrint(broker, callSpec, new StatusRenderer(output.format()),
                spec.commandLine().getOut());
    }
}
