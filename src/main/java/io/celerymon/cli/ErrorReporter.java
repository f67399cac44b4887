package io.celerymon.cli;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerConfigException;
import io.celerymon.broker.BrokerException;
import io.celerymon.secrets.KnownSecrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code from {@link ExitCode}. Stack
 * traces only with {@code --stacktrace}; every line passes through {@link KnownSecrets}.
 */
final class ErrorReporter {

    private final CelerymonCommand top;
    private final PrintWriter err;

    ErrorReporter(CelerymonCommand top, PrintWriter err) {
        this.top = top;
        this.err = err;
    }

    int onUsageError(ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandName();
        String help = command.equals("celerymon") ? "celerymon --help" : "celerymon " + command + " --help";
        line(oneLine(e.getMessage()) + " (see '" + help + "')");
        return ExitCode.USAGE;
    }

    int onFailure(Exception e, CommandLine commandLine, ParseResult parseResult) {
        if (e instanceof ParameterException usage) {
            return onUsageError(usage, new String[0]);
        }
        int code = exitCodeOf(e);
        if (ShutdownCleanup.inProgress()) {
            // The signal's exit code (130, 143) wins; the call failed only because the clean-up
            // closed the broker connection under it.
            return code;
        }
        String message = e instanceof java.nio.file.InvalidPathException invalid
                ? "not a path this system can name: " + invalid.getInput()
                : code != ExitCode.INTERNAL ? e.getMessage()
                : "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + (top.stacktrace ? "" : " (run with --stacktrace for details)");
        line(oneLine(message));
        if (top.stacktrace) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(top.secrets().apply(trace.toString()));
            err.flush();
        }
        return code;
    }

    /** Broker failures are already phrased for people; anything else is a bug in celerymon. */
    private static int exitCodeOf(Exception e) {
        // Only a path given on the command line or in the environment can be unencodable.
        if (e instanceof BrokerConfigException || e instanceof java.nio.file.InvalidPathException) {
            return ExitCode.USAGE;
        }
        if (e instanceof BrokerAuthException) {
            return ExitCode.AUTH;
        }
        if (e instanceof BrokerException) {
            return ExitCode.UNREACHABLE;
        }
        return ExitCode.INTERNAL;
    }

    private void line(String message) {
        err.println("celerymon: " + top.secrets().apply(message));
        err.flush();
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "failed";
        }
        return message.replace('\r', ' ').replace('\n', ' ').strip();
    }
}
