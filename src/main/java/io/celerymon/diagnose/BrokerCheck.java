package io.celerymon.diagnose;

import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import java.time.Duration;
import java.util.List;

/** The broker: reachable, credentials accepted, round-trip latency. */
final class BrokerCheck implements Check {

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
        if (context.brokerFailure().isPresent()) {
            BrokerException failure = context.brokerFailure().get();
            boolean auth = failure instanceof BrokerAuthException;
            Evidence evidence = Evidence.of("endpoint", context.endpoint())
                    .and("connect_ms", Evidence.ms(context.connectMs())).and("error", failure.getMessage());
            return CheckResult.of(List.of(auth
                    ? new Finding("broker_auth_failed", Severity.CRITICAL, "broker",
                            "The broker refused celerymon's credentials or their permissions.", evidence.map(),
                            "Check the user name, password and vhost/db permissions in the broker URL.")
                    : new Finding("broker_unreachable", Severity.CRITICAL, "broker",
                            "The broker could not be reached: " + failure.getMessage(), evidence.map(),
                            "Check that the broker runs and that host, port, TLS settings and firewall allow the connection.")));
        }
        Duration roundTrip = context.broker().roundTrip(deadline);
        double rttMs = roundTrip.toNanos() / 1e6;
        Evidence evidence = Evidence.of("endpoint", context.endpoint())
                .and("connect_ms", Evidence.ms(context.connectMs())).and("round_trip_ms", Evidence.ms(rttMs));
        if (roundTrip.compareTo(context.settings().slow()) > 0) {
            return CheckResult.of(List.of(new Finding("broker_slow", Severity.WARN, "broker",
                    "The broker answers, but a round trip took " + Math.round(rttMs) + " ms.", evidence.map(),
                    "Look at the broker's load, memory and network latency; every control call and task pays this.")));
        }
        return CheckResult.of(List.of(new Finding("broker_ok", Severity.OK, "broker",
                "Broker reachable, credentials accepted, round trip " + Evidence.ms(rttMs) + " ms.", evidence.map(), "")));
    }
}
