package io.celerymon.envcheck;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.List;

/**
 * What env-check found: the scanned processes, what the Flower processes answered when asked
 * directly, the probe run (null when it was not run) and the findings, most severe first.
 */
public record EnvCheckReport(ProcessScan scan, List<FlowerAnswer> flowerAnswers, ProbeResult probe,
        List<Finding> findings) {

    public EnvCheckReport {
        flowerAnswers = List.copyOf(flowerAnswers);
        findings = List.copyOf(findings);
    }

    /** Whether any finding reaches {@code failOn}. */
    public boolean fails(Severity failOn) {
        return findings.stream().anyMatch(f -> f.fails(failOn));
    }
}
