package io.celerymon.diagnose;

import io.celerymon.broker.Deadline;
import io.celerymon.envcheck.FlowerHealth;
import io.celerymon.envcheck.FlowerProbe;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.secrets.SecretText;
import java.net.URI;
import java.util.List;

/**
 * One Flower URL: refused, accepted but no response (the seed symptom: a Flower whose event loop
 * hangs on a broker call), slow, or ok. Credentials in the URL are sent as basic auth and never shown.
 */
final class FlowerCheck implements Check {

    private final URI url;
    private final String shown;

    FlowerCheck(URI url) {
        this.url = url;
        this.shown = SecretText.maskUrl(url);
    }

    @Override
    public String name() {
        return "flower " + shown;
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
    public CheckResult run(DiagnoseContext context, Deadline deadline) {
        double timeoutMs = context.settings().flowerTimeout().toNanos() / 1e6;
        Deadline own = deadline.capped(context.settings().flowerTimeout());
        long asked = System.nanoTime();
        FlowerProbe.Result result = FlowerProbe.probe(url, own);
        double waitedMs = (System.nanoTime() - asked) / 1e6;
        Evidence evidence = Evidence.of("url", shown)
                .and("connect_ms", Double.isNaN(result.connectMs()) ? null : Evidence.ms(result.connectMs()))
                .and("first_byte_ms", Double.isNaN(result.firstByteMs()) ? null : Evidence.ms(result.firstByteMs()))
                .and("http_status", result.status() > 0 ? result.status() : null)
                .and("timeout_ms", timeoutMs).and("error", result.error());
        // Silence is critical whichever deadline ended the wait: the Flower timeout or the run's.
        String within = waitedMs < timeoutMs * 0.9
                ? Evidence.seconds(waitedMs / 1000) + " s (the run's deadline cut the " + Evidence.seconds(timeoutMs / 1000)
                        + " s Flower timeout short)"
                : Evidence.seconds(timeoutMs / 1000) + " s";
        Finding finding = switch (result.outcome()) {
            case REFUSED -> new Finding("flower_refused", Severity.CRITICAL, shown,
                    "Flower at " + shown + " refuses connections.", evidence.map(),
                    "Flower is not running or listens on another address or port; start it or fix the URL.");
            case UNREACHABLE -> new Finding("flower_unreachable", Severity.CRITICAL, shown,
                    "Flower at " + shown + " could not be reached: " + result.error() + ".", evidence.map(),
                    "Check the host name, port, TLS and any firewall between here and Flower.");
            case NO_RESPONSE -> new Finding("flower_no_response", Severity.CRITICAL, shown,
                    "Flower at " + shown + " accepts connections but sent no response within " + within + ".",
                    evidence.and("response", "no response within " + within).and("waited_ms", Evidence.ms(waitedMs))
                            .map(),
                    "Flower's event loop is stuck (typically waiting on the broker or on inspect calls to a blocked "
                            + "worker); see the blocking findings, then restart Flower.");
            case CLOSED -> new Finding("flower_no_response", Severity.CRITICAL, shown,
                    "Flower at " + shown + " accepted the connection and closed it without a response.",
                    evidence.and("response", "closed without a response").map(),
                    "Something other than Flower listens there, or a proxy in front of it fails; check the URL and the proxy.");
            case RESPONDED -> responded(result, evidence, context);
        };
        return CheckResult.of(List.of(finding));
    }

    /** {@link FlowerHealth} decides; a healthy answer slower than --slow is still reported slow. */
    private Finding responded(FlowerProbe.Result result, Evidence evidence, DiagnoseContext context) {
        int status = result.status();
        FlowerHealth health = FlowerHealth.of(result.outcome(), status);
        if (health == FlowerHealth.NO_STATUS_LINE) {
            return new Finding("flower_no_response", Severity.CRITICAL, shown,
                    "Flower at " + shown + " answered something that is not an HTTP status line.",
                    evidence.and("response", "not HTTP").map(),
                    "Something other than Flower listens there (or it speaks TLS: use https://); check the URL.");
        }
        if (health == FlowerHealth.UNLIKE_FLOWER) {
            return new Finding("flower_http_error", Severity.WARN, shown,
                    "Flower at " + shown + " answers, but not like Flower's /healthcheck: HTTP " + status + ".",
                    evidence.map(), status >= 500 ? "Read Flower's log for the error."
                            : "Check the URL's path and port: Flower's pages and /healthcheck do not answer " + status + ".");
        }
        double slowMs = context.settings().slow().toNanos() / 1e6;
        if (result.firstByteMs() > slowMs) {
            return new Finding("flower_slow", Severity.WARN, shown,
                    "Flower at " + shown + " answered, but only after " + Math.round(result.firstByteMs()) + " ms.",
                    evidence.map(), "Flower waits on inspect calls; see the blocking findings for slow workers.");
        }
        String credentials = status == 401 || status == 403 ? (url.getRawUserInfo() != null
                ? " (it refused the credentials given, but its event loop runs)"
                : " (it asks for credentials, but its event loop runs)") : "";
        return new Finding("flower_ok", Severity.OK, shown,
                "Flower at " + shown + " answered HTTP " + status + " in " + Evidence.ms(result.firstByteMs()) + " ms"
                        + credentials + ".", evidence.map(), "");
    }
}
