package io.celerymon.envcheck;

import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * env-check as a service: scan /proc, run the Python probe, apply the rules. Usable without the
 * CLI (diagnose calls it too).
 */
public final class EnvCheck {
    private static final String DEFAULT_PYTHON = "python3";

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
        Deadline scanDeadline = Deadline.in(request.scanDeadline());
        ProcessScan scan = request.pids().isEmpty() ? scanner.scanCelery(scanDeadline)
                : scanner.scanPids(request.pids(), scanDeadline);
        // Within the scan's own bound: a hung Flower is told even before any browser connected.
        List<FlowerAnswer> answers = request.connect() ? healthchecks.ask(scan, scanDeadline) : List.of();
        ProbeResult probed = null;
        if (request.probe()) {
            probed = probe.run(new ProbeRequest(python(request, scan), request.app(), request.probeTimeout(),
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
                .map(ScannedProcess::interpreter)
                .filter(exe -> exe != null && exe.substring(exe.lastIndexOf('/') + 1).startsWith("python"))
                .filter(trusted)
                .findFirst().orElse(DEFAULT_PYTHON);
    }
}
