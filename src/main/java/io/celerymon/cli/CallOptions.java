package io.celerymon.cli;

import io.celerymon.inspect.NodeNameMatcher;
import io.celerymon.inspect.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options of a broadcast call: deadline, who is addressed, who is expected. */
public final class CallOptions {

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "1.0",
            description = "Deadline for the whole command, start-up and connect included (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    // Split here rather than by picocli, whose quote handling warns on stderr about a '"' in a name.
    @Option(names = {"-d", "--destination"}, paramLabel = "NODE",
            description = "Only these workers (comma-separated or repeated); the call returns as soon as all answered.")
    List<String> destination;

    @Option(names = "--pattern", paramLabel = "PATTERN", description = "Only workers whose node name matches.")
    String pattern;

    @Option(names = "--matcher", paramLabel = "glob|pcre", defaultValue = "glob",
            description = "How --pattern matches: glob (fnmatch) or pcre (Python re.match). Default: ${DEFAULT-VALUE}.")
    String matcher;

    @Option(names = "--expect", paramLabel = "N",
            description = "Stop as soon as N workers answered (instead of the broker's list of workers).")
    Integer expect;

    Duration timeout(CommandSpec spec) {
        return timeout(timeoutSeconds, spec);
    }

    /** {@code -t/--timeout} as a duration; every command takes it in seconds, more than 0, at most an hour. */
    static Duration timeout(double seconds, CommandSpec spec) {
        return seconds("--timeout", seconds, spec);
    }

    /** Any duration option in seconds: more than 0, at most an hour; otherwise a usage error naming it. */
    static Duration seconds(String option, double seconds, CommandSpec spec) {
        if (!(seconds > 0) || seconds > 3600) {
            throw new ParameterException(spec.commandLine(), option + " must be greater than 0 and at most 3600 seconds");
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** Who is addressed; an empty node name or pattern, or a pattern the matcher cannot take, is a usage error. */
    Target target(CommandSpec spec) {
        if (!matcher.equals("glob") && !matcher.equals("pcre")) {
            throw new ParameterException(spec.commandLine(), "--matcher must be glob or pcre, not '" + matcher + "'");
        }
        Target target = new Target(destinations(spec), pattern, pattern == null ? null : matcher);
        if (pattern != null) {
            OptionLimits.text(spec, "--pattern", pattern, OptionLimits.PATTERN_CHARS);
            try {
                NodeNameMatcher.validate(target);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--pattern: " + e.getMessage());
            }
        }
        return target;
    }

    private List<String> destinations(CommandSpec spec) {
        if (destination == null) {
            return null;
        }
        List<String> nodes = new ArrayList<>();
        for (String value : destination) {
            for (String node : value.split(",", -1)) {
                if (node.isBlank()) {
                    throw new ParameterException(spec.commandLine(), "--destination has an empty node name"
                            + " (in '" + value + "'); leave -d out to address every worker");
                }
                nodes.add(OptionLimits.name(spec, "--destination", node.strip(), OptionLimits.NAME_BYTES));
            }
        }
        if (nodes.size() > OptionLimits.MAX_DESTINATIONS) {
            throw new ParameterException(spec.commandLine(), "--destination names " + nodes.size()
                    + " workers; at most " + OptionLimits.MAX_DESTINATIONS + " are taken");
        }
        return nodes;
    }

    OptionalInt expectCount(CommandSpec spec) {
        if (expect == null) {
            return OptionalInt.empty();
        }
        if (expect < 1) {
            throw new ParameterException(spec.commandLine(), "--expect must be at least 1");
        }
        return OptionalInt.of(expect);
    }
}
