package io.celerymon.cli;

import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.Deadline;
import io.celerymon.diagnose.DiagnoseReport;
import io.celerymon.diagnose.DiagnoseSettings;
import io.celerymon.diagnose.Diagnosis;
import io.celerymon.envcheck.ProcessScanner;
import io.celerymon.findings.Severity;
import io.celerymon.inspect.KnownWorkersStore;
import io.celerymon.inspect.WorkerFactsStore;
import io.celerymon.output.diagnose.DiagnoseJsonRenderer;
import io.celerymon.output.diagnose.DiagnoseJunitRenderer;
import io.celerymon.output.diagnose.DiagnosePrometheusRenderer;
import io.celerymon.output.diagnose.DiagnoseTableRenderer;
import io.celerymon.protocol.CeleryJson;
import io.celerymon.secrets.MaskingWriter;
import io.celerymon.secrets.SecretText;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code celerymon diagnose} (alias {@code diagnose-blocking}): every check at once, one verdict for people and CI. */
@Command(name = "diagnose", aliases = "diagnose-blocking", mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Diagnose the cluster: broker, workers, the inspect calls Flower makes (the blocking matrix),",
                "heartbeats, pools, queues, reply-queue leftovers and Flower itself, all at once under one deadline.",
                "Names the worker that blocks, the calls it does not answer, how long it has been silent and why."},
        footer = {"%nExit codes: 0 every requested check decided and no finding is at or above --fail-on;",
                "1 a finding at or above it, or a requested check that failed, timed out or was not checked",
                "(whatever --fail-on says); 2 usage error; 4 broker unreachable or unusable and 5 credentials or",
                "permissions refused (the report is still written, with a critical broker finding);",
                "73 a --junit or --prometheus file could not be written (the rest of the report is printed",
                "first; 73 wins over 1, 4 and 5); 70 internal error."})
public final class DiagnoseCommand implements Callable<Integer> {

    /** Kept back from --deadline for rendering, writing the files and closing the connection. */
    private static final Duration FINISH_RESERVE = Duration.ofMillis(200);
    /** A FIFO's reader or a device gets this long even when the deadline has already passed. */
    private static final Duration MIN_WRITE_TIME = Duration.ofMillis(100);

    @ParentCommand
    CelerymonCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    FindingsOutputOptions findingsOutput;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "1.0",
            description = "Timeout of each inspect call (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "10.0",
            description = "Deadline for the whole run, counted from process start (default: ${DEFAULT-VALUE}).")
    double deadlineSeconds;

    @Option(names = "--heartbeat-window", paramLabel = "SECONDS",
            description = "How long to listen for heartbeats (default: 2 x the largest known heartbeat interval + 1 s, "
                    + "5 s when none is known).")
    Double windowSeconds;

    @Option(names = "--slow", paramLabel = "SECONDS", defaultValue = "0.5",
            description = "Replies and Flower responses slower than this are reported slow (default: ${DEFAULT-VALUE}).")
    double slowSeconds;

    @Option(names = "--flower", paramLabel = "URL",
            description = "A Flower URL to probe (repeatable); http://user:password@host:5555/ for basic auth.")
    List<String> flowerUrls = new ArrayList<>();

    @Option(names = "--flower-timeout", paramLabel = "SECONDS", defaultValue = "3.0",
            description = "How long a Flower URL gets to answer (default: ${DEFAULT-VALUE}).")
    double flowerTimeoutSeconds;

    @Option(names = "--queue", paramLabel = "NAME",
            description = "Also check this queue's backlog (repeatable); the workers' own queues are always checked.")
    List<String> queues = new ArrayList<>();

    @Option(names = "--cleanup", description = "Remove provably orphaned reply queues of control calls (Redis); needs --yes.")
    boolean cleanup;

    @Option(names = "--yes", description = "Confirm --cleanup.")
    boolean yes;

    @Option(names = "--no-local-scan",
            description = "Do not scan this host's /proc for Celery workers, beat and Flower (env-check's process scan).")
    boolean noLocalScan;

    @Mixin
    ReportFileOptions reports;

    @Override
    public Integer call() {
        Severity failLevel = findingsOutput.failLevel();
        boolean asJson = findingsOutput.asJson();
        reports.check(asJson);
        DiagnoseSettings settings = settings();
        Duration deadlineDuration = seconds("--deadline", deadlineSeconds);
        Deadline whole = CommandDeadline.of(deadlineDuration);
        BrokerConfig config = broker.resolve(parent.env(), parent.secrets(), whole);
        Deadline work = new Deadline(whole.atNanos() - FINISH_RESERVE.toNanos());
        CeleryJson celeryJson = new CeleryJson();
        Diagnosis diagnosis = new Diagnosis(celeryJson, KnownWorkersStore.forEnvironment(parent.env(), celeryJson.mapper()),
                WorkerFactsStore.forEnvironment(parent.env(), celeryJson.mapper()), ProcessScanner.ofThisHost());
        DiagnoseReport report;
        try (ShutdownCleanup ignored = ShutdownCleanup.register(diagnosis)) {
            report = diagnosis.run(config, settings, failLevel, work);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // A report on stdout is what a pipe reads there; the table is for the person watching.
        PrintWriter view = reports.toStdout() ? err : out;
        view.print(parent.secrets().apply(asJson ? new DiagnoseJsonRenderer().render(report)
                : new DiagnoseTableRenderer().render(report)));
        view.flush();
        Duration writeLimit = whole.remaining().compareTo(MIN_WRITE_TIME) < 0 ? MIN_WRITE_TIME : whole.remaining();
        boolean written = reports.write(() -> new DiagnoseJunitRenderer().render(report),
                () -> new DiagnosePrometheusRenderer().render(report), text -> MaskingWriter.mask(text, parent.secrets()), out, err, writeLimit);
        return written ? exitCode(report) : ExitCode.REPORT_FILE;
    }

    /**
     * 5 when the broker refused credentials or permissions, 4 when it could not be reached or used,
     * 1 when a requested check could not decide or a finding reached the fail level, else 0.
     */
    static int exitCode(DiagnoseReport report) {
        return switch (report.verdict()) {
            case BROKER_REFUSED -> ExitCode.AUTH;
            case BROKER_UNUSABLE -> ExitCode.UNREACHABLE;
            case NOT_DECIDED, FINDINGS -> ExitCode.PARTIAL;
            case PASSED -> ExitCode.OK;
        };
    }

    private DiagnoseSettings settings() {
        Duration timeout = seconds("--timeout", timeoutSeconds);
        Duration deadline = seconds("--deadline", deadlineSeconds);
        if (timeout.compareTo(deadline) >= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be shorter than --deadline");
        }
        Duration window = windowSeconds == null ? null : seconds("--heartbeat-window", windowSeconds);
        if (window != null && window.compareTo(deadline) >= 0) {
            throw new ParameterException(spec.commandLine(), "--heartbeat-window must be shorter than --deadline");
        }
        if (cleanup && !yes) {
            throw new ParameterException(spec.commandLine(),
                    "--cleanup removes keys from the broker; add --yes to confirm");
        }
        if (queues.stream().anyMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), "--queue has an empty name");
        }
        queues.forEach(queue -> OptionLimits.name(spec, "--queue", queue, OptionLimits.QUEUE_BYTES));
        List<URI> flowers = new ArrayList<>();
        for (String url : flowerUrls) {
            flowers.add(flowerUrl(url));
        }
        return new DiagnoseSettings(timeout, window, seconds("--slow", slowSeconds),
                seconds("--flower-timeout", flowerTimeoutSeconds), flowers, queues, cleanup, !noLocalScan);
    }

    private URI flowerUrl(String text) {
        OptionLimits.text(spec, "--flower", text, OptionLimits.URL_CHARS);
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--flower: not a URL: " + SecretText.maskUserInfo(text));
        }
        parent.secrets().addFromUrl(url);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ParameterException(spec.commandLine(),
                    "--flower needs an http:// or https:// URL with a host, not " + SecretText.maskUserInfo(text));
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw new ParameterException(spec.commandLine(), "--flower " + SecretText.maskUserInfo(text)
                    + ": port " + url.getPort() + " is out of range (1 to 65535)");
        }
        return url;
    }

    private Duration seconds(String option, double value) {
        return CallOptions.seconds(option, value, spec);
    }
}
