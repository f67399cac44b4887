package io.celerymon.events;

import static io.celerymon.events.TestEvents.at;
import static io.celerymon.events.TestEvents.heartbeat;
import static io.celerymon.events.TestEvents.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventFilterTest {

    private static final CeleryEvent GEVENT_BEAT = heartbeat("gevent@lab", 0);
    private static final CeleryEvent PREFORK_TASK = task("task-succeeded", "u", "prefork@lab", 0);

    private static CeleryEvent stalledEventAbout(String worker) {
        HeartbeatMonitor monitor = new HeartbeatMonitor(TestEvents.EPOCH);
        monitor.onEvent(heartbeat(worker, 0), at(0));
        return monitor.tick(at(5)).get(0);
    }

    @Test
    void nullGlobsAcceptEverything() {
        EventFilter all = new EventFilter(null, null);

        assertThat(all.accepts(GEVENT_BEAT)).isTrue();
        assertThat(all.accepts(PREFORK_TASK)).isTrue();
        assertThat(EventFilter.acceptAll().accepts(PREFORK_TASK)).isTrue();
    }

    @Test
    void typeGlobMatchesTheEventType() {
        EventFilter tasks = new EventFilter("task-*", null);

        assertThat(tasks.accepts(PREFORK_TASK)).isTrue();
        assertThat(tasks.accepts(GEVENT_BEAT)).isFalse();
    }

    @Test
    void workerGlobMatchesTheHostname() {
        EventFilter gevent = new EventFilter(null, "gevent*");

        assertThat(gevent.accepts(GEVENT_BEAT)).isTrue();
        assertThat(gevent.accepts(PREFORK_TASK)).isFalse();
    }

    @Test
    void bothGlobsMustMatch() {
        EventFilter filter = new EventFilter("worker-*", "prefork@*");

        assertThat(filter.accepts(GEVENT_BEAT)).isFalse();
        assertThat(filter.accepts(PREFORK_TASK)).isFalse();
        assertThat(filter.accepts(heartbeat("prefork@lab", 0))).isTrue();
    }

    @Test
    void syntheticEventsPassByTheirTypeAndTheWorkerTheyAreAbout() {
        CeleryEvent stalled = stalledEventAbout("gevent@lab");

        assertThat(new EventFilter("celerymon-*", "gevent@lab").accepts(stalled)).isTrue();
        assertThat(new EventFilter("worker-*", null).accepts(stalled)).isFalse();
        assertThat(new EventFilter(null, "prefork*").accepts(stalled)).isFalse();
    }

    @Test
    void anEventWithoutHostnameFailsAWorkerFilterOnly() {
        CeleryEvent anonymous = new CeleryEvent("task-sent", null, 1.0, 1.0,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());

        assertThat(new EventFilter(null, "*").accepts(anonymous)).isFalse();
        assertThat(new EventFilter("task-*", null).accepts(anonymous)).isTrue();
    }

    @Test
    void aMalformedGlobIsRejectedUpFront() {
        assertThatThrownBy(() -> new EventFilter(null, "w[9-0]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w[9-0]");
    }
}
