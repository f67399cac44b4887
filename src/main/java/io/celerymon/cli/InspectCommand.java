package io.celerymon.cli;

import io.celerymon.inspect.InspectMethod;
import io.celerymon.output.call.CallRenderer;
import io.celerymon.output.call.MethodListRenderer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code celerymon inspect <method>}: one read-only inspect call, per-worker replies and latency. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Broadcast one read-only inspect call and gather the replies under one deadline.",
                "Returns as soon as every expected worker answered; lists those that did not."},
        footer = ExitCode.HELP_FOOTER)
public final class InspectCommand extends BroadcastCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD",
            description = "One of: ${COMPLETION-CANDIDATES}", completionCandidates = MethodNames.class)
    String method;

    @Parameters(index = "1..*", paramLabel = "ARG",
            description = "Arguments: task ids for query_task, attribute names for registered, N for memdump.")
    List<String> arguments = List.of();

    @Option(names = "--list", description = "List the inspect methods and exit (as JSON with -o json).")
    boolean list;

    @Override
    public Integer call() {
        if (list) {
            spec.commandLine().getOut().print(new MethodListRenderer().render(format()));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
        if (method == null) {
            throw new ParameterException(spec.commandLine(), "missing METHOD (see celerymon inspect --list)");
        }
        InspectMethod inspectMethod = InspectMethod.byName(method).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "unknown inspect method '" + method + "' (see celerymon inspect --list)"));
        Map<String, Object> kwargs;
        try {
            kwargs = inspectMethod.arguments(arguments == null ? List.of() : arguments);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return broadcast(inspectMethod.wireName(), kwargs, CallRenderer.of(format()));
    }

    /** Method names for help text and shell completion. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(InspectMethod.values()).map(InspectMethod::wireName).iterator();
        }
    }
}
