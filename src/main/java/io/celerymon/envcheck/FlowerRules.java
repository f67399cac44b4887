package io.celerymon.envcheck;

import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the direct questions to Flower processes into findings; each finding's subject is {@code pid <N>}. */
public final class FlowerRules {

    /** The findings of one round of questions, in the order asked. */
    public List<Finding> evaluate(ProcessScan scan, List<FlowerAnswer> answers) {
        List<Finding> findings = new ArrayList<>();
        for (FlowerAnswer answer : answers) {
            Optional<ScannedProcess> process = scan.processes().stream().filter(p -> p.pid() == answer.pid()).findFirst();
            boolean green = process.map(p -> p.greenLibraries().contains(GreenLibrary.GEVENT)).orElse(false);
            Map<String, Object> evidence = evidence(answer);
            String where = answer.namespace() == null ? "" : ", asked inside its network namespace " + answer.namespace();
            if (answer.silent()) {
                evidence.put("green_libraries", process.map(ProcessRules::labels).orElse(List.of()));
                findings.add(new Finding("flower_not_answering", Severity.CRITICAL, "pid " + answer.pid(),
                        "Flower accepted a connection on " + answer.listen() + " and sent no HTTP status line to GET "
                                + "/healthcheck within " + answer.waitedMs() + " ms" + where
                                + (green ? ": with gevent loaded, its hub is blocked (the late monkey-patch hang)"
                                        : ": its event loop is blocked") + ".",
                        evidence, green ? Remedies.FLOWER_FROM_LIGHT_MODULE : Remedies.STUCK_LISTENER));
            } else if (!answer.answered()) {
                String why = switch (answer.outcome()) {
                    case CLOSED -> "it closed the connection without an HTTP answer (does it serve TLS only?)";
                    case NO_RESPONSE -> "no answer in the " + answer.waitedMs() + " ms the deadline left, less than "
                            + FlowerHealthchecks.WAIT.toMillis() + " ms";
                    default -> answer.error();
                };
                findings.add(new Finding("flower_not_checked", Severity.WARN, "pid " + answer.pid(),
                        "Flower's socket " + answer.listen() + " could not be asked" + where + ": " + why + ".",
                        evidence, "Run as root to enter another network namespace; --no-connect turns the "
                                + "direct check off."));
            }
        }
        return findings;
    }

    private static Map<String, Object> evidence(FlowerAnswer answer) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("listen", answer.listen());
        evidence.put("request", "GET /healthcheck to " + answer.target());
        if (answer.namespace() != null) {
            evidence.put("network_namespace", answer.namespace());
        }
        evidence.put("waited_ms", answer.waitedMs());
        evidence.put("outcome", answer.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (answer.error() != null) {
            evidence.put("error", answer.error());
        }
        return evidence;
    }
}
