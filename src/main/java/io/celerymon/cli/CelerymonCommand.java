package io.celerymon.cli;

import io.celerymon.secrets.KnownSecrets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: global options and the subcommands. */
@Command(name = "celerymon", mixinStandardHelpOptions = true, versionProvider = Version.class,
        usageHelpAutoWidth = true,
        description = "Diagnose Celery clusters over Redis and RabbitMQ, without Python, under strict deadlines.",
        subcommands = {InspectCommand.class, StatusCommand.class, EventsCommand.class, DiagnoseCommand.class,
            EnvCheckCommand.class, CdsTrainingCommand.class,
            picocli.CommandLine.HelpCommand.class},
        footer = ExitCode.HELP_FOOTER)
public final class CelerymonCommand implements Runnable {

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On failure, print the full stack trace (passwords still masked).")
    boolean stacktrace;

    private final Map<String, String> env;
    private final KnownSecrets secrets;

    public CelerymonCommand(Map<String, String> env) {
        this(env, new KnownSecrets());
    }

    /** With the secrets the outbound masking pass of this run also hides. */
    public CelerymonCommand(Map<String, String> env, KnownSecrets secrets) {
        this.env = Map.copyOf(env);
        this.secrets = secrets;
    }

    CallExecutor executor() {
        return new CallExecutor(env, secrets);
    }

    Map<String, String> env() {
        return env;
    }

    KnownSecrets secrets() {
        return secrets;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "missing subcommand (inspect, status, events, diagnose, env-check)");
    }
}
