package io.celerymon.events;

import static io.celerymon.events.TestEvents.EPOCH;
import static io.celerymon.events.TestEvents.at;
import static io.celerymon.events.TestEvents.heartbeat;
import static io.celerymon.events.TestEvents.manualHeartbeat;
import static io.celerymon.events.TestEvents.task;
import static io.celerymon.events.TestEvents.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {

    private static final String GEVENT = "gevent@lab";
    private static final double TICK = 0.25;

    private final HeartbeatMonitor monitor = new HeartbeatMonitor(EPOCH);

    /** Plays heartbeats (arrival seconds → event) interleaved with ticks every 250 ms; returns all synthetic events. */
    private List<CeleryEvent> play(NavigableMap<Double, CeleryEvent> arrivals, double until) {
        List<CeleryEvent> out = new ArrayList<>();
        double next = 0;
        for (int i = 0; i * TICK <= until; i++) {
            double tick = i * TICK;
            for (var arrival : arrivals.subMap(next, true, tick, false).entrySet()) {
                out.addAll(monitor.onEvent(arrival.getValue(), at(arrival.getKey())));
            }
            next = tick;
            out.addAll(monitor.tick(at(tick)));
        }
        return out;
    }

    private static List<CeleryEvent> ofType(List<CeleryEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** The gevent@lab numbers of captures/heartbeat-gaps-redis.txt: 4 beats, first +1.95 s, last +15.32 s, max gap 9.36 s. */
    private static NavigableMap<Double, CeleryEvent> blockedGeventHeartbeats() {
        NavigableMap<Double, CeleryEvent> beats = new TreeMap<>();
        for (double t : new double[] {1.95, 3.95, 5.96, 15.32}) {
            beats.put(t, heartbeat(GEVENT, t));
        }
        return beats;
    }

    @Test
    void aNineSecondGapAgainstFreqTwoGivesOneStalledThenOneGapEvent() {
        List<CeleryEvent> out = play(blockedGeventHeartbeats(), 16.0);

        assertThat(out).extracting(CeleryEvent::type)
                .containsExactly(HeartbeatMonitor.HEARTBEAT_STALLED, HeartbeatMonitor.HEARTBEAT_GAP);
        CeleryEvent stalled = out.get(0);
        // Silent since +5.96 s; the first tick after +9.96 s (2 × freq) is +10.0 s.
        assertThat(stalled.localReceived()).isCloseTo(EPOCH.toEpoch(at(10.0)), within(1e-6));
        assertThat(stalled.fields().get("silent_seconds").asDouble()).isCloseTo(4.04, within(1e-6));
        assertThat(stalled.fields().get("freq").asDouble()).isEqualTo(2.0);
        assertThat(stalled.fields().get("last_heartbeat").asDouble())
                .isCloseTo(TestEvents.EPOCH0 + 5.96, within(1e-6));
        assertThat(stalled.fields().get("hostname").asText()).isEqualTo(GEVENT);

        CeleryEvent gap = out.get(1);
        assertThat(gap.fields().get("gap_seconds").asDouble()).isCloseTo(9.36, within(1e-6));
        assertThat(gap.fields().get("freq").asDouble()).isEqualTo(2.0);
        assertThat(gap.localReceived()).isCloseTo(EPOCH.toEpoch(at(15.32)), within(1e-6));

        WorkerView view = monitor.workers(at(16.0)).get(0);
        assertThat(view.status()).isEqualTo(WorkerStatus.ONLINE);
        assertThat(view.longestGapSeconds()).isCloseTo(9.36, within(1e-6));
        assertThat(view.lastHeartbeatAgeSeconds()).isCloseTo(0.68, within(1e-6));
    }

    @Test
    void syntheticEventsCarryTheWorkerTheirOwnTimestampAndTheirOwnFields() {
        List<CeleryEvent> out = play(blockedGeventHeartbeats(), 16.0);

        for (CeleryEvent e : out) {
            assertThat(e.synthetic()).isTrue();
            assertThat(e.hostname()).isEqualTo(GEVENT);
            // Epoch seconds, as a Celery event's timestamp: celerymon is the sender of these.
            assertThat(e.timestamp()).isEqualTo(e.localReceived());
            assertThat(e.fields().get("type").asText()).isEqualTo(e.type());
            assertThat(e.fields().get("hostname").asText()).isEqualTo(GEVENT);
        }
    }

    @Test
    void withoutTicksTheResumingHeartbeatReportsTheStallAndTheGapTogether() {
        monitor.onEvent(heartbeat(GEVENT, 5.96), at(5.96));

        List<CeleryEvent> out = monitor.onEvent(heartbeat(GEVENT, 15.32), at(15.32));

        assertThat(out).extracting(CeleryEvent::type)
                .containsExactly(HeartbeatMonitor.HEARTBEAT_STALLED, HeartbeatMonitor.HEARTBEAT_GAP);
        assertThat(out.get(0).fields().get("silent_seconds").asDouble()).isCloseTo(9.36, within(1e-6));
        assertThat(out.get(1).fields().get("gap_seconds").asDouble()).isCloseTo(9.36, within(1e-6));
    }

    @Test
    void aGapWithinTwiceFreqIsRecordedButNotReported() {
        NavigableMap<Double, CeleryEvent> beats = new TreeMap<>();
        beats.put(1.0, heartbeat(GEVENT, 1.0));
        beats.put(4.9, heartbeat(GEVENT, 4.9));

        assertThat(play(beats, 5.0)).isEmpty();
        assertThat(monitor.workers(at(5.0)).get(0).longestGapSeconds()).isCloseTo(3.9, within(1e-6));
    }

    @Test
    void theStalledEventIsEmittedOnceHoweverLongTheSilence() {
        monitor.onEvent(heartbeat(GEVENT, 0), at(0));

        List<CeleryEvent> out = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            out.addAll(monitor.tick(at(i * TICK)));
        }

        assertThat(out).hasSize(1);
        assertThat(monitor.workers(at(100)).get(0).status()).isEqualTo(WorkerStatus.STALLED);
    }

    @Test
    void theViewShowsAnOverdueWorkerStalledEvenBeforeATick() {
        monitor.onEvent(heartbeat(GEVENT, 0), at(0));

        assertThat(monitor.workers(at(3.9)).get(0).status()).isEqualTo(WorkerStatus.ONLINE);
        assertThat(monitor.workers(at(4.1)).get(0).status()).isEqualTo(WorkerStatus.STALLED);
        assertThat(monitor.tick(at(4.1))).hasSize(1);
    }

    @Test
    void workerOfflineIsOfflineAtOnceAndNeverStallsUntilItComesBack() {
        monitor.onEvent(heartbeat(GEVENT, 0), at(0));
        assertThat(monitor.onEvent(worker("worker-offline", GEVENT, 1.0), at(1.0))).isEmpty();

        assertThat(monitor.workers(at(1.0)).get(0).status()).isEqualTo(WorkerStatus.OFFLINE);
        assertThat(monitor.tick(at(60))).isEmpty();
        assertThat(monitor.workers(at(60)).get(0).status()).isEqualTo(WorkerStatus.OFFLINE);

        // Back after a restart: online, and the time it was away is not a gap.
        assertThat(monitor.onEvent(worker("worker-online", GEVENT, 70), at(70))).isEmpty();
        WorkerView back = monitor.workers(at(70)).get(0);
        assertThat(back.status()).isEqualTo(WorkerStatus.ONLINE);
        assertThat(back.longestGapSeconds()).isCloseTo(1.0, within(1e-6));

        // From then on it is watched again.
        assertThat(monitor.tick(at(74.5))).extracting(CeleryEvent::type)
                .containsExactly(HeartbeatMonitor.HEARTBEAT_STALLED);
    }

    @Test
    void taskEventsDoNotProveAWorkerAlive() {
        monitor.onEvent(heartbeat(GEVENT, 0), at(0));
        for (int i = 1; i <= 8; i++) {
            assertThat(monitor.onEvent(task("task-succeeded", "id-" + i, GEVENT, i * 0.5), at(i * 0.5))).isEmpty();
        }

        assertThat(monitor.tick(at(4.5))).extracting(CeleryEvent::type)
                .containsExactly(HeartbeatMonitor.HEARTBEAT_STALLED);
    }

    @Test
    void aTaskEventAloneDoesNotCreateAWorker() {
        monitor.onEvent(task("task-sent", "id-1", "gen123@client", 0), at(0));

        assertThat(monitor.workers(at(0))).isEmpty();
    }

    @Test
    void aManualHeartbeatProvesLifeButKeepsThePeriodicFreq() {
        monitor.onEvent(heartbeat(GEVENT, 0), at(0));
        monitor.onEvent(manualHeartbeat(GEVENT, 1.0), at(1.0));

        assertThat(monitor.workers(at(1.0)).get(0).freq()).isEqualTo(2.0);
        assertThat(monitor.tick(at(4.9))).isEmpty();
        assertThat(monitor.tick(at(5.1))).hasSize(1);
    }

    @Test
    void aManualHeartbeatFirstGivesAProvisionalFreqUntilAPeriodicOne() {
        monitor.onEvent(manualHeartbeat(GEVENT, 0), at(0));
        assertThat(monitor.workers(at(0)).get(0).freq()).isEqualTo(5.0);
        assertThat(monitor.tick(at(9.9))).isEmpty();

        monitor.onEvent(heartbeat(GEVENT, 9.95), at(9.95));
        assertThat(monitor.workers(at(9.95)).get(0).freq()).isEqualTo(2.0);
        assertThat(monitor.tick(at(14.0))).hasSize(1);
    }

    @Test
    void clockSkewIsReportedOncePerCrossing() {
        List<CeleryEvent> out = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < 5; i++, t += 2) {
            out.addAll(monitor.onEvent(heartbeat(GEVENT, t, 20.0), at(t)));
        }
        assertThat(out).hasSize(1);
        assertThat(out.get(0).type()).isEqualTo(HeartbeatMonitor.CLOCK_SKEW);
        assertThat(out.get(0).fields().get("skew_seconds").asDouble()).isCloseTo(20.0, within(1e-6));
        assertThat(monitor.workers(at(t)).get(0).clockSkewSeconds()).isCloseTo(20.0, within(1e-6));

        // Back within the threshold: quiet, and armed again.
        for (int i = 0; i < 3; i++, t += 2) {
            assertThat(monitor.onEvent(heartbeat(GEVENT, t, 0.5), at(t))).isEmpty();
        }
        List<CeleryEvent> again = new ArrayList<>();
        for (int i = 0; i < 3; i++, t += 2) {
            again.addAll(monitor.onEvent(heartbeat(GEVENT, t, -30.0), at(t)));
        }
        assertThat(again).hasSize(1);
        assertThat(again.get(0).fields().get("skew_seconds").asDouble()).isCloseTo(-30.0, within(1e-6));
    }

    @Test
    void syntheticDurationsAreRoundedToMilliseconds() {
        List<CeleryEvent> all = new ArrayList<>(monitor.onEvent(heartbeat(GEVENT, 0.0, 20.123456), at(0.0)));
        all.addAll(monitor.onEvent(heartbeat(GEVENT, 2.0, 20.123456), at(2.0)));
        all.addAll(monitor.onEvent(heartbeat(GEVENT, 4.0), at(4.0)));
        List<CeleryEvent> resumed = monitor.onEvent(heartbeat(GEVENT, 13.3604567), at(13.3604567));
        all.addAll(resumed);
        assertThat(all).extracting(CeleryEvent::type).contains(HeartbeatMonitor.CLOCK_SKEW,
                HeartbeatMonitor.HEARTBEAT_STALLED, HeartbeatMonitor.HEARTBEAT_GAP);
        for (CeleryEvent e : all) {
            for (String key : List.of("skew_seconds", "silent_seconds", "gap_seconds")) {
                if (e.fields().has(key)) {
                    double value = e.fields().get(key).asDouble();
                    assertThat(value).as(e.type() + " " + key).isEqualTo(Math.round(value * 1000.0) / 1000.0);
                }
            }
        }
        assertThat(all.get(0).fields().get("skew_seconds").asDouble()).isEqualTo(20.123);
        assertThat(resumed.get(resumed.size() - 1).fields().get("gap_seconds").asDouble()).isEqualTo(9.36);
    }

    @Test
    void theSkewThresholdIsAParameter() {
        HeartbeatMonitor strict = new HeartbeatMonitor(EPOCH, 1.0);

        assertThat(strict.onEvent(heartbeat(GEVENT, 0, 1.5), at(0))).extracting(CeleryEvent::type)
                .containsExactly(HeartbeatMonitor.CLOCK_SKEW);
        assertThat(monitor.onEvent(heartbeat(GEVENT, 0, 1.5), at(0))).isEmpty();
        assertThatThrownBy(() -> new HeartbeatMonitor(EPOCH, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void taskEventTimestampsAreNotTakenAsSkew() {
        monitor.onEvent(heartbeat(GEVENT, 0), at(0));
        CeleryEvent late = task("task-succeeded", "id-1", GEVENT, 1.0);
        CeleryEvent buffered = new CeleryEvent(late.type(), GEVENT, late.timestamp() - 60, late.localReceived(),
                late.fields());

        assertThat(monitor.onEvent(buffered, at(1.0))).isEmpty();
    }

    @Test
    void theViewCarriesTheLastHeartbeatFieldsAndThePool() {
        monitor.setPool(GEVENT, "gevent");
        monitor.onEvent(heartbeat("prefork@lab", 0), at(0));
        monitor.onEvent(heartbeat(GEVENT, 0.5), at(0.5));
        // A manual heartbeat has no active/processed/loadavg: the last known values stay.
        monitor.onEvent(manualHeartbeat(GEVENT, 1.0), at(1.0));

        List<WorkerView> views = monitor.workers(at(1.5));
        assertThat(views).extracting(WorkerView::hostname).containsExactly(GEVENT, "prefork@lab");
        WorkerView gevent = views.get(0);
        assertThat(gevent.active()).isZero();
        assertThat(gevent.processed()).isEqualTo(6);
        assertThat(gevent.loadavg()).containsExactly(0.25, 0.54, 0.39);
        assertThat(gevent.swVersion()).isEqualTo("5.2.6");
        assertThat(gevent.pool()).isEqualTo("gevent");
        assertThat(gevent.lastHeartbeatAgeSeconds()).isCloseTo(0.5, within(1e-6));
        assertThat(views.get(1).pool()).isNull();
        assertThat(monitor.worker("nobody@lab", at(1.5))).isEmpty();
    }

    @Test
    void aWorkerSeenOnceHasNoGapYet() {
        monitor.onEvent(heartbeat(GEVENT, 0), at(0));

        assertThat(monitor.worker(GEVENT, at(1)).orElseThrow().longestGapSeconds()).isNaN();
    }
}
