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

    private static final String NOT_HTTP_REMEDY = "Check what answers on that socket: a Flower serving TLS only "
            + "(--certfile) or another program gives no plain HTTP answer; a browser cannot use it either.";

    /** The findings of one round of questions, in the order asked; {@link FlowerHealth} is the rule. */
    public List<Finding> evaluate(ProcessScan scan, List<FlowerAnswer> answers) {
        List<Finding> findings = new ArrayList<>();
        for (FlowerAnswer answer : answers) {
            Optional<ScannedProcess> process = scan.processes().stream().filter(p -> p.pid() == answer.pid()).findFirst();
            boolean green = process.map(p -> p.greenLibraries().contains(GreenLibrary.GEVENT)).orElse(false);
            Map<String, Object> evidence = evidence(answer);
            String where = answer.namespace() == null ? "" : ", asked inside its network namespace " + answer.namespace();
            String subject = "pid " + answer.pid();
            switch (FlowerHealth.of(answer.outcome(), answer.status())) {
                case HEALTHY -> {
                }
                case UNLIKE_FLOWER -> findings.add(new Finding("flower_http_error", Severity.WARN, subject,
                        "Flower's socket " + answer.listen() + " answers, but not like Flower's /healthcheck: HTTP "
                                + answer.status() + where + ".", evidence,
                        "Check that this process is the Flower you mean and read its log for the error."));
                case NO_STATUS_LINE -> {
                    evidence.put("green_libraries", process.map(ProcessRules::labels).orElse(List.of()));
                    findings.add(new Finding("flower_not_answering", Severity.CRITICAL, subject,
                            noStatusLine(answer, where, green), evidence,
                            answer.outcome() != FlowerProbe.Outcome.NO_RESPONSE ? NOT_HTTP_REMEDY
                                    : green ? Remedies.FLOWER_FROM_LIGHT_MODULE : Remedies.STUCK_LISTENER));
                }
                case NOT_ASKED -> findings.add(new Finding("flower_not_checked", Severity.WARN, subject,
                        "Flower's socket " + answer.listen() + " could not be asked" + where + ": " + answer.error()
                                + ".", evidence, "Run as root to enter another network namespace; --no-connect turns "
                                + "the direct check off."));
            }
        }
        return findings;
    }

    private static String noStatusLine(FlowerAnswer answer, String where, boolean green) {
        String head = "Flower accepted a connection on " + answer.listen();
        return switch (answer.outcome()) {
            case CLOSED -> head + " and closed it without an HTTP status line to GET /healthcheck" + where
                    + " (does it serve TLS only?).";
            case RESPONDED -> head + " and answered GET /healthcheck with something that is not an HTTP status line"
                    + where + ".";
            default -> head + " and sent no HTTP status line to GET /healthcheck within " + answer.waitedMs() + " ms"
                    + (answer.waitedMs() < FlowerHealthchecks.WAIT.toMillis() * 9 / 10
                            ? " (the run's deadline cut the " + FlowerHealthchecks.WAIT.toMillis() + " ms wait short)"
                            : "")
                    + where + (green ? ": with gevent loaded, its hub is blocked (the late monkey-patch hang)"
                            : ": its event loop is blocked") + ".";
        };
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
