package io.celerymon.envcheck;

import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * env-check as a service: scan /proc, run the Python probe, apply the rules. Usable without the
 * CLI (diagnose calls it too).
 */
public final class EnvCheck {
    private static final String DEFAULT_PYTHON = "python3";
    /** Killing the probe's processes and reading the last of its output, after its limit. */
    static final Duration KILL_RESERVE = Duration.ofMillis(150);

    private final ProcessScanner scanner;
    private final PythonProbe probe;
    private final FlowerHealthchecks healthchecks;

    public EnvCheck(ProcessScanner scanner, PythonProbe probe) {
        this(scanner, probe, new FlowerHealthchecks());
    }

    EnvCheck(ProcessScanner scanner, PythonProbe probe, FlowerHealthchecks healthchecks) {
        this.scanner = scanner;
        this.probe = probe;
        this.healthchecks = healthchecks;
    }

    /**
     * Runs one check.
     *
     * @throws NoSuchProcessException when a requested PID has no process
     */
    public EnvCheckReport run(EnvCheckRequest request) throws NoSuchProcessException {
        return run(request, Deadline.in(request.scanDeadline().plus(request.probeTimeout())));
    }

    /**
     * Runs one check within {@code whole}: the scan and the probe each keep their own limit, and
     * neither outlasts {@code whole} (the probe's ends {@link #KILL_RESERVE} before it, the time
     * its processes take to be killed).
     *
     * @throws NoSuchProcessException when a requested PID has no process
     */
    public EnvCheckReport run(EnvCheckRequest request, Deadline whole) throws NoSuchProcessException {
        Deadline scanDeadline = whole.capped(request.scanDeadline());
        ProcessScan scan = request.pids().isEmpty() ? scanner.scanCelery(scanDeadline)
                : scanner.scanPids(request.pids(), scanDeadline);
        // Within the scan's own bound: a hung Flower is told even before any browser connected.
        List<FlowerAnswer> answers = request.connect() ? healthchecks.ask(scan, scanDeadline) : List.of();
        ProbeResult probed = null;
        if (request.probe()) {
            Duration probeTimeout = probeTimeout(request, whole);
            Optional<ScannedProcess> target = contextTarget(request, scan);
            probed = target.isPresent() ? probeInContext(request, target.get(), probeTimeout)
                    : probe.run(new ProbeRequest(python(request, scan), request.app(), probeTimeout,
                            request.workingDirectory(), request.environment()));
        }
        List<Finding> findings = new ArrayList<>(new ProcessRules().evaluate(scan));
        findings.addAll(new FlowerRules().evaluate(scan, answers));
        if (probed != null) {
            findings.addAll(new ProbeRules().evaluate(probed));
            findings.addAll(new CrossRules().evaluate(scan, probed));
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new EnvCheckReport(scan, answers, probed, findings);
    }

    /** The probe's own limit, cut to what is left of the whole check less the time killing takes. */
    static Duration probeTimeout(EnvCheckRequest request, Deadline whole) {
        Duration left = whole.remaining().minus(KILL_RESERVE);
        Duration timeout = left.compareTo(request.probeTimeout()) < 0 ? left : request.probeTimeout();
        return timeout.isNegative() ? Duration.ZERO : timeout;
    }

    /**
     * {@code --pid N --app APP}, N a Python process (a worker, beat, Flower…), asks for the app as
     * that process runs it: the probe runs in its context. A process that runs no Python has no
     * interpreter to lend, and is only scanned.
     */
    private static Optional<ScannedProcess> contextTarget(EnvCheckRequest request, ProcessScan scan) {
        if (request.app() == null || request.pids().size() != 1 || scan.processes().size() != 1) {
            return Optional.empty();
        }
        ScannedProcess target = scan.processes().get(0);
        return runsPython(target) ? Optional.of(target) : Optional.empty();
    }

    private static boolean runsPython(ScannedProcess process) {
        String exe = process.interpreter();
        return exe != null && exe.substring(exe.lastIndexOf('/') + 1).startsWith("python");
    }

    /**
     * The probe with the process's interpreter (unless {@code --python} names one), environment,
     * working directory, namespaces and user. An interpreter another user can change is not run.
     */
    private ProbeResult probeInContext(EnvCheckRequest request, ScannedProcess target, Duration probeTimeout) {
        ProcessContext context = target.context();
        String python = request.python() != null ? request.python() : target.interpreter();
        boolean ownMount = !context.foreign().contains("mnt");
        Path workingDirectory = ownMount && context.cwd() != null ? Path.of(context.cwd()) : Path.of("/");
        Map<String, String> environment;
        try {
            environment = scanner.environmentOf(target.pid());
        } catch (IOException unreadable) {
            environment = null;
        }
        ProbeRequest asked = new ProbeRequest(python == null ? DEFAULT_PYTHON : python, request.app(),
                probeTimeout, workingDirectory, environment == null ? Map.of() : environment, context);
        // Inside another mount namespace even a --python path names that namespace's file: judged there too.
        boolean judged = request.python() == null || !ownMount;
        String refusal = python == null ? "the interpreter of pid " + target.pid() + " could not be read"
                : environment == null ? "the environment of pid " + target.pid() + " could not be read"
                : !scanner.sameProcess(target.pid(), context) ? "pid " + target.pid() + " is another process now"
                : judged && !TrustedExecutable.trustedInside(Path.of("/proc", Long.toString(target.pid()), "root"),
                        python, PythonProbe.runAs(context))
                        ? "the interpreter of pid " + target.pid() + " (" + python + ") can be changed by a user other "
                                + "than root, this one or the one it runs as, or is a link; it is not run"
                : null;
        return refusal == null ? probe.run(asked)
                : new ProbeResult(asked, ProbeResult.Status.FAILED, null, 0, refusal, "", null);
    }

    /**
     * The interpreter asked for, else the first scanned Celery process's that only root or this
     * user can change ({@link TrustedExecutable}), else python3.
     */
    static String python(EnvCheckRequest request, ProcessScan scan) {
        return python(request, scan, TrustedExecutable::trusted);
    }

    static String python(EnvCheckRequest request, ProcessScan scan, Predicate<String> trusted) {
        if (request.python() != null) {
            return request.python();
        }
        return scan.processes().stream()
                .filter(p -> p.role() != ProcessRole.OTHER || !request.pids().isEmpty())
                // A container's interpreter is not at that path here.
                .filter(p -> !p.context().foreign().contains("mnt"))
                .filter(EnvCheck::runsPython)
                .map(ScannedProcess::interpreter)
                .filter(trusted)
                .findFirst().orElse(DEFAULT_PYTHON);
    }
}
