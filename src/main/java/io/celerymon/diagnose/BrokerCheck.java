package io.celerymon.diagnose;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.time.Duration;
import java.util.List;

/**
 * The broker: reachable, credentials accepted, usable for what the other checks do (a real broker
 * answer, a write, and on AMQP the permissions to declare, publish and consume), round-trip latency.
 */
final class BrokerCheck implements Check {

    /** The broker refused the credentials or a permission (exit 5). */
    static final String AUTH_FAILED = "broker_auth_failed";
    /** No connection could be made (exit 4). */
    static final String UNREACHABLE = "broker_unreachable";
    /** Connected, but the broker cannot do what the checks need (exit 4). */
    static final String UNUSABLE = "broker_unusable";

    @Override
    public String name() {
        return "broker";
    }

    /** It reports the failure to connect itself. */
    @Override
    public boolean needsBroker() {
        return false;
    }

    @Override
    public CheckResult run(DiagnoseContext context, Deadline deadline) {
        Evidence timings = Evidence.of("endpoint", context.endpoint())
                .and("connect_ms", Evidence.ms(context.connectMs()))
                .and("verify_ms", Double.isNaN(context.verifyMs()) ? null : Evidence.ms(context.verifyMs()));
        if (context.brokerFailure().isPresent()) {
            BrokerException failure = context.brokerFailure().get();
            Evidence evidence = timings.and("error", failure.getMessage());
            if (failure instanceof BrokerAuthException) {
                return CheckResult.of(List.of(new Finding(AUTH_FAILED, Severity.CRITICAL, "broker",
                        "The broker refused celerymon's credentials or their permissions: " + failure.getMessage(),
                        evidence.map(), "Check the user name, password and vhost/db permissions in the broker URL "
                        + "(RabbitMQ: configure, write and read on the vhost).")));
            }
            if (context.connected()) {
                return CheckResult.of(List.of(new Finding(UNUSABLE, Severity.CRITICAL, "broker",
                        "The broker accepted the connection but cannot be used: " + failure.getMessage(),
                        evidence.map(), "Check that the URL points at the broker itself and that it accepts writes "
                        + "(Redis: memory and maxmemory, read-only replicas, disk errors).")));
            }
            return CheckResult.of(List.of(new Finding(UNREACHABLE, Severity.CRITICAL, "broker",
                    "The broker could not be reached: " + failure.getMessage(), evidence.map(),
                    "Check that the broker runs and that host, port, TLS settings and firewall allow the connection.")));
        }
        Duration roundTrip = context.broker().roundTrip(deadline);
        double rttMs = roundTrip.toNanos() / 1e6;
        Evidence evidence = timings.and("round_trip_ms", Evidence.ms(rttMs));
        if (roundTrip.compareTo(context.settings().slow()) > 0) {
            return CheckResult.of(List.of(new Finding("broker_slow", Severity.WARN, "broker",
                    "The broker answers, but a round trip took " + Math.round(rttMs) + " ms.", evidence.map(),
                    "Look at the broker's load, memory and network latency; every control call and task pays this.")));
        }
        return CheckResult.of(List.of(new Finding("broker_ok", Severity.OK, "broker",
                "Broker reachable, credentials accepted, usable for celerymon's calls; round trip "
                        + Evidence.ms(rttMs) + " ms.", evidence.map(), "")));
    }
}
