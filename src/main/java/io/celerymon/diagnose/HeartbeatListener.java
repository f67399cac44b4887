package io.celerymon.diagnose;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.Deadline;
import io.celerymon.events.CeleryEvent;
import io.celerymon.events.EventDecoder;
import io.celerymon.events.EventStream;
import io.celerymon.events.HeartbeatMonitor;
import io.celerymon.events.NanoEpoch;
import io.celerymon.protocol.CeleryJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Listens to the event stream for one window and hands back what the heartbeat monitor saw. */
final class HeartbeatListener {

    private final BrokerClient client;
    private final CeleryJson json;

    HeartbeatListener(BrokerClient client, CeleryJson json) {
        this.client = client;
        this.json = json;
    }

    /** Subscribes, listens for {@code window} (cut at {@code deadline}), and unsubscribes. */
    HeartbeatWindow listen(Duration window, Deadline deadline) {
        long start = System.nanoTime();
        NanoEpoch epoch = NanoEpoch.anchor(Clock.systemUTC(), start);
        HeartbeatMonitor monitor = new HeartbeatMonitor(epoch);
        Deadline until = deadline.capped(window);
        long events = 0;
        try (EventStream stream = EventStream.open(client, new EventDecoder(json), 10_000, until)) {
            while (!until.expired()) {
                Optional<CeleryEvent> next = stream.next(until);
                if (next.isPresent()) {
                    events++;
                    monitor.onEvent(next.get(), System.nanoTime());
                }
            }
        }
        long end = System.nanoTime();
        return new HeartbeatWindow(NanoEpoch.seconds(start, end), epoch.toEpoch(end), monitor.workers(end), events);
    }
}
