package io.celerymon.cli;

import io.celerymon.envcheck.EnvCheck;
import io.celerymon.envcheck.EnvCheckReport;
import io.celerymon.envcheck.EnvCheckRequest;
import io.celerymon.envcheck.NoSuchProcessException;
import io.celerymon.envcheck.ProcessScanner;
import io.celerymon.envcheck.PythonProbe;
import io.celerymon.findings.Severity;
import io.celerymon.output.envcheck.EnvCheckJsonRenderer;
import io.celerymon.output.envcheck.EnvCheckTableRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code celerymon env-check}: is gevent monkey-patching active here, and does it hurt. */
@Command(name = "env-check", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Scan local Celery workers, beat and Flower processes (/proc, no Python needed) and probe a",
                "Python interpreter and app: is gevent/eventlet monkey-patching active, did it happen too late for",
                "kombu, and does it hang a Tornado/asyncio process such as Flower."},
        footer = ExitCode.HELP_FOOTER)
public final class EnvCheckCommand implements Callable<Integer> {
    /** The scan's own limit; it samples twice, half a second apart, well within it. */
    static final Duration SCAN_DEADLINE = Duration.ofSeconds(5);

    @ParentCommand
    CelerymonCommand parent;

    @Mixin
    FindingsOutputOptions findingsOutput;

    @Spec
    CommandSpec spec;

    @Option(names = "--pid", paramLabel = "N", split = ",",
            description = "Only these processes (any process, not only Celery's); repeatable. One Python process "
                    + "with --app: the probe runs in its context (its interpreter, directory, environment, "
                    + "namespaces and user).")
    List<Long> pids = new ArrayList<>();

    @Option(names = "--python", paramLabel = "PATH",
            description = "Interpreter for the probe (default: a scanned process's interpreter, else python3).")
    String python;

    @Option(names = "--app", paramLabel = "APP",
            description = "Load this app in the probe exactly as 'celery -A APP' does, with Celery's own resolution "
                    + "(module.attr, module:attr, a module's app or celery attribute, a package's celery submodule; "
                    + "from the current directory), and report which form matched, what it patched and when.")
    String app;

    @Option(names = "--no-probe", description = "Scan /proc only; do not run Python.")
    boolean noProbe;

    @Option(names = "--no-connect", description = "Do not ask Flower processes directly (GET /healthcheck on "
            + "each socket they listen on, inside their network namespace).")
    boolean noConnect;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "20",
            description = "Hard limit for the probe; the whole command ends by the scan's 5 s bound plus this, "
                    + "counted from process start; the probe and every process it started are killed when it "
                    + "passes (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public Integer call() {
        Severity failLevel = findingsOutput.failLevel();
        boolean asJson = findingsOutput.asJson();
        Duration timeout = CallOptions.timeout(timeoutSeconds, spec);
        if (noProbe && (app != null || python != null)) {
            throw new ParameterException(spec.commandLine(), "--no-probe excludes --app and --python");
        }
        if (python != null) {
            checkExecutable(python);
        }
        if (app != null && (app.isBlank() || app.startsWith("-"))) {
            throw new ParameterException(spec.commandLine(), "--app needs an app as celery -A takes it");
        }
        if (pids.stream().anyMatch(pid -> pid <= 0)) {
            throw new ParameterException(spec.commandLine(), "--pid must be a positive process id");
        }
        EnvCheckRequest request = new EnvCheckRequest(pids, python, app, !noProbe, !noConnect, timeout,
                SCAN_DEADLINE,
                Path.of("").toAbsolutePath(), parent.env());
        PythonProbe probe = new PythonProbe();
        EnvCheck check = new EnvCheck(ProcessScanner.ofThisHost(), probe);
        EnvCheckReport report;
        // Ctrl-C or SIGTERM must not leave a hanging import running without its time limit.
        try (ShutdownCleanup ignored = ShutdownCleanup.register(probe)) {
            // The deadline contract for env-check: the scan's bound plus -t for the probe, counted
            // from process start like every deadline; a quick scan leaves the probe all of -t.
            report = check.run(request, CommandDeadline.of(request.scanDeadline().plus(timeout)));
        } catch (NoSuchProcessException e) {
            throw new ParameterException(spec.commandLine(), "--pid: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(asJson ? new EnvCheckJsonRenderer().render(report, failLevel)
                : new EnvCheckTableRenderer().render(report));
        out.flush();
        return report.fails(failLevel) ? ExitCode.PARTIAL : ExitCode.OK;
    }

    /** A path must be an executable file; a bare name must be found on PATH. */
    private void checkExecutable(String interpreter) {
        if (PythonProbe.locate(interpreter, parent.env()).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--python " + interpreter + " is not an executable file");
        }
    }
}
