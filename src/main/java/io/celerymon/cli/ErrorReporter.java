package io.celerymon.cli;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerConfigException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerUnreachableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code from {@link ExitCode}. Stack
 * traces only with {@code --stacktrace}; every line passes through {@link SecretMask}.
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
        int code;
        String message;
        if (e instanceof ParameterException usage) {
            return onUsageError(usage, new String[0]);
        } else if (e instanceof BrokerConfigException) {
            code = ExitCode.USAGE;
            message = e.getMessage();
        } else if (e instanceof BrokerAuthException) {
            code = ExitCode.AUTH;
            message = e.getMessage();
        } else if (e instanceof BrokerUnreachableException) {
            code = ExitCode.UNREACHABLE;
            message = e.getMessage();
        } else if (e instanceof BrokerException) {
            code = ExitCode.UNREACHABLE;
            message = e.getMessage();
        } else {
            code = ExitCode.INTERNAL;
            message = "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + (top.stacktrace ? "" : " (run with --stacktrace for details)");
        }
        line(oneLine(message));
        if (top.stacktrace) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(top.secrets().apply(trace.toString()));
            err.flush();
        }
        return code;
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
