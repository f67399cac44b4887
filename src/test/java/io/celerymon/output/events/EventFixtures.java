package io.celerymon.output.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.events.CeleryEvent;
import io.celerymon.events.ClusterSnapshot;
import io.celerymon.events.TaskFailure;
import io.celerymon.events.WorkerStatus;
import io.celerymon.events.WorkerView;
import io.celerymon.testsupport.Captures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Events from the 5.2.6 capture (protocol.md 6.2) and snapshots built around them. */
final class EventFixtures {
    /** 2026-11-26T16:40:33.123Z: the local receive time the table tests print. */
    static final double RECEIVED = Instant.parse("2026-11-26T16:40:33.123Z").toEpochMilli() / 1000.0;

    static final String HEARTBEAT = "{\"hostname\": \"gevent@lab\", \"utcoffset\": 0, \"pid\": 16237, "
            + "\"clock\": 1561, \"freq\": 2.0, \"active\": 1, \"processed\": 6, \"loadavg\": [0.42, 0.54, 0.39], "
            + "\"sw_ident\": \"py-celery\", \"sw_ver\": \"5.2.6\", \"sw_sys\": \"Linux\", "
            + "\"timestamp\": 1795705240.8546345, \"type\": \"worker-heartbeat\"}";
    static final String RECEIVED_TASK = "{\"hostname\": \"solo@lab\", \"utcoffset\": 0, \"pid\": 16234, "
            + "\"clock\": 1586, \"uuid\": \"5d9ba33f-c9a6-45e5-b9bc-d1789e01e825\", \"name\": \"tasks.add\", "
            + "\"args\": \"[1, 2]\", \"kwargs\": \"{}\", \"root_id\": \"5d9ba33f-c9a6-45e5-b9bc-d1789e01e825\", "
            + "\"parent_id\": null, \"retries\": 0, \"eta\": null, \"expires\": null, "
            + "\"timestamp\": 1795705243.8464952, \"type\": \"task-received\"}";
    static final String SUCCEEDED_TASK = "{\"hostname\": \"solo@lab\", \"utcoffset\": 0, \"pid\": 16234, "
            + "\"clock\": 1588, \"uuid\": \"5d9ba33f-c9a6-45e5-b9bc-d1789e01e825\", \"result\": \"3\", "
            + "\"runtime\": 0.0031, \"timestamp\": 1795705243.846793, \"type\": \"task-succeeded\"}";
    static final String FAILED_TASK = "{\"hostname\": \"solo@lab\", \"utcoffset\": 0, \"pid\": 16234, "
            + "\"clock\": 1590, \"uuid\": \"79dc6cb1-6d8d-40fe-9202-dbabbce2a983\", "
            + "\"exception\": \"ZeroDivisionError('division by zero')\", "
            + "\"traceback\": \"Traceback (most recent call last):\\n  ...\", "
            + "\"timestamp\": 1795705244.2206974, \"type\": \"task-failed\"}";

    private EventFixtures() {
    }

    /** An event as the stream would build it from a received body. */
    static CeleryEvent event(String body) {
        ObjectNode fields = (ObjectNode) Captures.parse(body);
        return new CeleryEvent(fields.get("type").asText(), fields.path("hostname").asText(),
                fields.path("timestamp").asDouble(Double.NaN), RECEIVED, fields);
    }

    /** A synthetic event with its own fields. */
    static CeleryEvent synthetic(String type, String hostname, String fields) {
        return new CeleryEvent(type, hostname, Double.NaN, RECEIVED, (ObjectNode) Captures.parse(fields));
    }

    static WorkerView online(String hostname) {
        return new WorkerView(hostname, WorkerStatus.ONLINE, 0.4, 2.0, 0, 12, List.of(0.42, 0.5, 0.61),
                "prefork", "5.2.6", 2.1, 0.003);
    }

    static WorkerView stalled(String hostname) {
        return new WorkerView(hostname, WorkerStatus.STALLED, 9.4, 2.0, 1, 3, List.of(0.1, 0.2, 0.3),
                "gevent", "5.2.6", 9.4, -0.01);
    }

    static WorkerView unknown(String hostname) {
        return new WorkerView(hostname, WorkerStatus.OFFLINE, Double.NaN, Double.NaN, -1, -1, List.of(),
                null, null, 0.0, Double.NaN);
    }

    static TaskFailure failure(String exception) {
        return new TaskFailure("79dc6cb1-6d8d-40fe-9202-dbabbce2a983", "tasks.div", "solo@lab",
                1795705244.2206974, exception);
    }

    /** Two online workers, one stalled, one offline with nothing known; one failure. */
    static ClusterSnapshot snapshot() {
        return snapshot(List.of(online("prefork@lab"), stalled("gevent@lab"), online("solo@lab"),
                unknown("gone@lab")), List.of(failure("ZeroDivisionError('division by zero')")));
    }

    static ClusterSnapshot snapshot(List<WorkerView> workers, List<TaskFailure> failures) {
        return new ClusterSnapshot("redis://:****@127.0.0.1:6379/0", 1795705250.5, 83.2, 1234, workers,
                Map.of("received", 72L, "started", 72L, "succeeded", 66L, "failed", 6L),
                Map.of("received", 1.2, "started", 1.2, "succeeded", 1.1, "failed", 0.1),
                failures, 72);
    }
}
