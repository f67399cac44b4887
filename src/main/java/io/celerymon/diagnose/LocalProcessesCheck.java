package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.envcheck.FlowerRules;
import io.celerymon.envcheck.ProcessRules;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * env-check's process scan of this host, for the failures the broker cannot show: a Flower (or any
 * gevent-loaded listener) whose accept queue is never drained, Flower running with gevent loaded,
 * {@code GEVENT_NOPATCH}, workers without {@code -E}. It covers every Celery process on this host,
 * whichever broker it uses.
 */
final class LocalProcessesCheck implements Check {

    @Override
    public String name() {
        return "local_processes";
    }

    @Override
    public boolean needsBroker() {
        return false;
    }

    @Override
    public boolean startsBeforeConnect() {
        return true;
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) throws Exception {
        LocalProcesses local = context.localProcesses(deadline);
        List<ScannedProcess> processes = local.scan().processes();
        List<Finding> findings = new ArrayList<>(new ProcessRules().evaluate(local.scan()));
        findings.addAll(new FlowerRules().evaluate(local.scan(), local.flowerAnswers()));
        if (findings.stream().noneMatch(f -> f.severity().atLeast(Severity.WARN))) {
            findings.add(new Finding("local_processes_ok", Severity.OK, "host",
                    processes.isEmpty() ? "No Celery worker, beat or Flower process runs on this host."
                            : processes.size() + " local Celery process" + (processes.size() == 1 ? "" : "es")
                            + " scanned; none shows a blocked listener or a monkey-patching problem.",
                    Evidence.of("processes", processes.size()).and("unreadable", local.scan().unreadable()).map(),
                    ""));
        }
        return new CheckResult(findings, local);
    }
}
