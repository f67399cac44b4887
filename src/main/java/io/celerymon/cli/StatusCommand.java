package io.celerymon.cli;

import io.celerymon.output.call.StatusRenderer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code celerymon status}: ping every worker and summarise who is online and who is missing. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Ping the workers: which are online, which are registered but silent, which are stale.",
        footer = ExitCode.HELP_FOOTER)
public final class StatusCommand extends BroadcastCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return broadcast("ping", Map.of(), new StatusRenderer(format()));
    }
}
