package io.celerymon.diagnose;

import io.celerymon.findings.Finding;
import java.util.List;

/**
 * What one check concluded, plus optional structured data for the renderers (the blocking
 * matrix, queue depths, heartbeat ages), or null.
 */
public record CheckResult(List<Finding> findings, Object data) {

    public CheckResult {
        findings = List.copyOf(findings);
    }

    public static CheckResult of(List<Finding> findings) {
        return new CheckResult(findings, null);
    }
}
