package io.celerymon.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Builds Celery events shaped like the lab captures, on a test timeline of seconds since a fixed anchor. */
final class TestEvents {

    /** An arbitrary nanoTime origin, far from zero, so nothing may assume nanoTime starts at 0. */
    static final long T0 = 987_654_321_000_000L;
    /** Wall clock at T0: the epoch of the lab capture redis-events-dump.txt. */
    static final long EPOCH0 = 1_795_705_240L;
    static final NanoEpoch EPOCH = NanoEpoch.anchor(Clock.fixed(Instant.ofEpochSecond(EPOCH0), ZoneOffset.UTC), T0);

    /** A heartbeat body from captures/redis-events.decoded.txt (gevent@lab). */
    static final String CAPTURED_HEARTBEAT = "{\"hostname\": \"gevent@lab\", \"utcoffset\": 0, \"pid\": 16237, "
            + "\"clock\": 1561, \"freq\": 2.0, \"active\": 0, \"processed\": 6, \"loadavg\": [0.25, 0.54, 0.39], "
            + "\"sw_ident\": \"py-celery\", \"sw_ver\": \"5.2.6\", \"sw_sys\": \"Linux\", "
            + "\"timestamp\": 1795705240.8546345, \"type\": \"worker-heartbeat\"}";
    /** The heartbeat a worker sends for the {@code heartbeat} control command (redis-events-dump.txt). */
    static final String CAPTURED_MANUAL_HEARTBEAT = "{\"hostname\": \"gevent@lab\", \"utcoffset\": 0, \"pid\": 16237, "
            + "\"clock\": 1568, \"freq\": 5, \"sw_ident\": \"py-celery\", \"sw_ver\": \"5.2.6\", \"sw_sys\": \"Linux\", "
            + "\"timestamp\": 1795705241.478199, \"type\": \"worker-heartbeat\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1e9);
    }

    /** Parses a captured body and re-times it: received at {@code seconds}, sent {@code skew} seconds earlier by the sender's clock. */
    static CeleryEvent captured(String body, String hostname, double seconds, double skew) {
        try {
            ObjectNode fields = (ObjectNode) JSON.readTree(body);
            double received = EPOCH.toEpoch(at(seconds));
            fields.put("hostname", hostname);
            fields.put("timestamp", received - skew);
            return new CeleryEvent(fields.get("type").asText(), hostname, received - skew, received, fields);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static CeleryEvent heartbeat(String hostname, double seconds) {
        return captured(CAPTURED_HEARTBEAT, hostname, seconds, 0.002);
    }

    static CeleryEvent heartbeat(String hostname, double seconds, double skew) {
        return captured(CAPTURED_HEARTBEAT, hostname, seconds, skew);
    }

    static CeleryEvent manualHeartbeat(String hostname, double seconds) {
        return captured(CAPTURED_MANUAL_HEARTBEAT, hostname, seconds, 0.001);
    }

    static CeleryEvent worker(String type, String hostname, double seconds) {
        CeleryEvent beat = heartbeat(hostname, seconds);
        beat.fields().put("type", type);
        return new CeleryEvent(type, hostname, beat.timestamp(), beat.localReceived(), beat.fields());
    }

    static CeleryEvent task(String type, String uuid, String hostname, double seconds) {
        double received = EPOCH.toEpoch(at(seconds));
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("hostname", hostname);
        fields.put("uuid", uuid);
        fields.put("timestamp", received - 0.001);
        fields.put("type", type);
        return new CeleryEvent(type, hostname, received - 0.001, received, fields);
    }
}
