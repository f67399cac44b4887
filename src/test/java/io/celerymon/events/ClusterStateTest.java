package io.celerymon.events;

import static io.celerymon.events.TestEvents.EPOCH;
import static io.celerymon.events.TestEvents.at;
import static io.celerymon.events.TestEvents.heartbeat;
import static io.celerymon.events.TestEvents.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ClusterStateTest {

    private static final String PREFORK = "prefork@lab";
    private static final String UUID = "79dc6cb1-6d8d-40fe-9202-dbabbce2a983";

    private final ClusterState state = new ClusterState("redis://127.0.0.1:6379/0", EPOCH);

    private static CeleryEvent received(String uuid, String name, double t) {
        CeleryEvent e = task("task-received", uuid, PREFORK, t);
        e.fields().put("name", name).put("args", "[3, 4]").put("kwargs", "{}").put("retries", 0);
        return e;
    }

    private static CeleryEvent failed(String uuid, String exception, double t) {
        CeleryEvent e = task("task-failed", uuid, PREFORK, t);
        e.fields().put("exception", exception).put("traceback", "Traceback ...");
        return e;
    }

    private String stateOf(String uuid) {
        return state.task(uuid).orElseThrow().state();
    }

    @Test
    void aTaskFollowsTheCeleryStateMapping() {
        state.onEvent(task("task-sent", UUID, "gen42@client", 0.0), at(0.0));
        assertThat(stateOf(UUID)).isEqualTo("PENDING");
        state.onEvent(received(UUID, "tasks.add", 0.1), at(0.1));
        assertThat(stateOf(UUID)).isEqualTo("RECEIVED");
        state.onEvent(task("task-started", UUID, PREFORK, 0.2), at(0.2));
        assertThat(stateOf(UUID)).isEqualTo("STARTED");
        state.onEvent(task("task-succeeded", UUID, PREFORK, 0.3), at(0.3));

        TaskView task = state.task(UUID).orElseThrow();
        assertThat(task.state()).isEqualTo("SUCCESS");
        assertThat(task.name()).isEqualTo("tasks.add");
        assertThat(task.hostname()).isEqualTo(PREFORK);
        assertThat(task.retries()).isZero();
        assertThat(task.timestamp()).isCloseTo(EPOCH.toEpoch(at(0.3)) - 0.001, within(1e-6));
    }

    @Test
    void lateEventsMergeFieldsButNeverMoveTheStateBack() {
        state.onEvent(task("task-succeeded", UUID, PREFORK, 0.3), at(0.3));
        state.onEvent(task("task-started", UUID, PREFORK, 0.31), at(0.31));
        state.onEvent(received(UUID, "tasks.add", 0.32), at(0.32));

        TaskView task = state.task(UUID).orElseThrow();
        assertThat(task.state()).isEqualTo("SUCCESS");
        assertThat(task.name()).isEqualTo("tasks.add");
        assertThat(task.retries()).isZero();
        assertThat(task.timestamp()).isCloseTo(EPOCH.toEpoch(at(0.3)) - 0.001, within(1e-6));
        // Counts are of events, so the late ones count too.
        assertThat(state.snapshot(at(1)).taskCounts())
                .containsOnly(entry("succeeded", 1L), entry("started", 1L), entry("received", 1L));
    }

    @Test
    void aRetriedTaskIsReceivedAgainButALateRetryDoesNotUndoItsEnd() {
        state.onEvent(received(UUID, "tasks.add", 0), at(0));
        state.onEvent(task("task-started", UUID, PREFORK, 0.1), at(0.1));
        state.onEvent(task("task-retried", UUID, PREFORK, 0.2), at(0.2));
        assertThat(stateOf(UUID)).isEqualTo("RETRY");
        state.onEvent(received(UUID, "tasks.add", 1.2), at(1.2));
        assertThat(stateOf(UUID)).isEqualTo("RECEIVED");

        state.onEvent(task("task-failed", UUID, PREFORK, 1.3), at(1.3));
        state.onEvent(task("task-retried", UUID, PREFORK, 1.4), at(1.4));
        assertThat(stateOf(UUID)).isEqualTo("FAILURE");
    }

    @Test
    void rejectedAndRevokedOutrankALateReceived() {
        state.onEvent(received("a", "tasks.add", 0), at(0));
        state.onEvent(task("task-rejected", "a", PREFORK, 0.1), at(0.1));
        state.onEvent(received("a", "tasks.add", 0.2), at(0.2));
        state.onEvent(task("task-revoked", "b", PREFORK, 0.3), at(0.3));
        state.onEvent(task("task-started", "b", PREFORK, 0.4), at(0.4));

        assertThat(stateOf("a")).isEqualTo("REJECTED");
        assertThat(stateOf("b")).isEqualTo("REVOKED");
    }

    @Test
    void aCustomTaskEventBecomesItsOwnState() {
        state.onEvent(received(UUID, "tasks.add", 0), at(0));
        state.onEvent(task("task-cancelled", UUID, PREFORK, 0.1), at(0.1));

        assertThat(stateOf(UUID)).isEqualTo("CANCELLED");
        assertThat(state.snapshot(at(1)).taskCounts()).containsEntry("cancelled", 1L);
    }

    @Test
    void theTaskTableNeverExceedsItsBoundOverAMillionTasks() {
        int bound = ClusterState.DEFAULT_MAX_TASKS;
        int maxSeen = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (i % 1000 == 0) {
                // Kept in use, so LRU (not FIFO) must keep it.
                state.onEvent(task("task-started", "keep", PREFORK, i * 1e-4), at(i * 1e-4));
            }
            state.onEvent(task("task-received", "task-" + i, PREFORK, i * 1e-4), at(i * 1e-4));
            maxSeen = Math.max(maxSeen, state.tasksTracked());
        }

        assertThat(maxSeen).isEqualTo(bound);
        assertThat(state.tasksTracked()).isEqualTo(bound);
        assertThat(state.task("task-0")).isEmpty();
        assertThat(state.task("task-999999")).isPresent();
        assertThat(state.task("keep")).isPresent();
        ClusterSnapshot snapshot = state.snapshot(at(100));
        assertThat(snapshot.tasksTracked()).isEqualTo(bound);
        assertThat(snapshot.taskCounts()).containsEntry("received", 1_000_000L).containsEntry("started", 1000L);
    }

    @Test
    void theBoundIsAParameter() {
        ClusterState small = new ClusterState("b", EPOCH, new HeartbeatMonitor(EPOCH), 3, 2);
        for (int i = 0; i < 10; i++) {
            small.onEvent(task("task-received", "t" + i, PREFORK, i), at(i));
        }

        assertThat(small.tasksTracked()).isEqualTo(3);
        assertThat(small.task("t6")).isEmpty();
        assertThat(small.task("t7")).isPresent();
    }

    @Test
    void recentFailuresAreBoundedNewestFirstWithTheException() {
        for (int i = 0; i < 25; i++) {
            state.onEvent(received("f" + i, "tasks.boom", i), at(i));
            state.onEvent(failed("f" + i, "ValueError('boom " + i + "')", i + 0.5), at(i + 0.5));
        }

        var failures = state.snapshot(at(30)).recentFailures();
        assertThat(failures).hasSize(ClusterState.DEFAULT_MAX_FAILURES);
        TaskFailure newest = failures.get(0);
        assertThat(newest.uuid()).isEqualTo("f24");
        assertThat(newest.name()).isEqualTo("tasks.boom");
        assertThat(newest.hostname()).isEqualTo(PREFORK);
        assertThat(newest.exception()).isEqualTo("ValueError('boom 24')");
        assertThat(newest.traceback()).isEqualTo("Traceback ...");
        assertThat(newest.timestamp()).isCloseTo(EPOCH.toEpoch(at(24.5)) - 0.001, within(1e-6));
        assertThat(failures.get(19).uuid()).isEqualTo("f5");
    }

    @Test
    void aLongTracebackKeepsItsEndFromALineStart() {
        StringBuilder frames = new StringBuilder("Traceback (most recent call last):\n");
        for (int i = 0; frames.length() < 3 * TaskFailure.MAX_TRACEBACK_CHARS; i++) {
            frames.append("  File \"/app/tasks.py\", line ").append(i).append(", in recurse\n");
        }
        frames.append("RecursionError: maximum recursion depth exceeded");
        CeleryEvent event = task("task-failed", "deep", PREFORK, 1);
        event.fields().put("exception", "ExceptionWithTraceback()").put("traceback", frames.toString());

        state.onEvent(event, at(1));

        String kept = state.snapshot(at(2)).recentFailures().get(0).traceback();
        assertThat(kept.length()).isLessThanOrEqualTo(TaskFailure.MAX_TRACEBACK_CHARS + TaskFailure.CUT_MARK.length());
        assertThat(kept).startsWith(TaskFailure.CUT_MARK + "  File ")
                .endsWith("RecursionError: maximum recursion depth exceeded");
    }

    @Test
    void aFailureWithoutATracebackFieldHasNone() {
        state.onEvent(task("task-failed", "bare", PREFORK, 1), at(1));

        assertThat(state.snapshot(at(2)).recentFailures().get(0).traceback()).isNull();
    }

    @Test
    void aFailureOfAnUnknownTaskHasNoName() {
        state.onEvent(failed("x", "NotRegistered('tasks.nope')", 0), at(0));

        TaskFailure failure = state.snapshot(at(1)).recentFailures().get(0);
        assertThat(failure.name()).isNull();
        assertThat(failure.exception()).isEqualTo("NotRegistered('tasks.nope')");
    }

    @Test
    void ratesArePerSecondOverTheTimeObservedWhileYoungerThanAMinute() {
        for (int i = 0; i < 120; i++) {
            double t = i / 60.0;
            state.onEvent(task("task-succeeded", "s" + i, PREFORK, t), at(t));
        }
        state.onEvent(task("task-failed", "x", PREFORK, 1.5), at(1.5));

        ClusterSnapshot snapshot = state.snapshot(at(2.0));
        assertThat(snapshot.taskRates().get("succeeded")).isCloseTo(60.0, within(1e-9));
        assertThat(snapshot.taskRates().get("failed")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void ratesCoverTheLastMinuteOnly() {
        // 10 events per second for two minutes, then silence.
        for (int i = 0; i < 1200; i++) {
            double t = i / 10.0;
            state.onEvent(task("task-started", "s" + i, PREFORK, t), at(t));
        }

        assertThat(state.snapshot(at(120.0)).taskRates().get("started")).isCloseTo(10.0, within(0.2));
        assertThat(state.snapshot(at(150.0)).taskRates().get("started")).isCloseTo(5.0, within(0.2));
        assertThat(state.snapshot(at(181.0)).taskRates()).containsEntry("started", 0.0);
        assertThat(state.snapshot(at(181.0)).taskCounts()).containsEntry("started", 1200L);
    }

    @Test
    void customSubtypesAreCountedUnderABoundedSetOfKeys() {
        for (int i = 0; i < 100; i++) {
            state.onEvent(task("task-custom" + i, "c" + i, PREFORK, i * 0.01), at(i * 0.01));
        }

        ClusterSnapshot snapshot = state.snapshot(at(2));
        assertThat(snapshot.taskCounts()).hasSize(ClusterState.MAX_KINDS + 1)
                .containsEntry(ClusterState.OTHER_KIND, 100L - ClusterState.MAX_KINDS);
        assertThat(snapshot.taskRates()).hasSize(ClusterState.MAX_KINDS + 1);
    }

    @Test
    void theSnapshotShowsWorkersEventsAndTime() {
        state.setPool(PREFORK, "prefork");
        state.onEvent(heartbeat(PREFORK, 0.5), at(0.5));
        state.onEvent(heartbeat("solo@lab", 0.6), at(0.6));
        state.onEvent(task("task-started", UUID, PREFORK, 0.7), at(0.7));

        ClusterSnapshot snapshot = state.snapshot(at(3.0));
        assertThat(snapshot.broker()).isEqualTo("redis://127.0.0.1:6379/0");
        assertThat(snapshot.takenAt()).isCloseTo(TestEvents.EPOCH0 + 3.0, within(1e-6));
        assertThat(snapshot.elapsedSeconds()).isCloseTo(3.0, within(1e-9));
        assertThat(snapshot.events()).isEqualTo(3);
        assertThat(snapshot.workers()).extracting(WorkerView::hostname).containsExactly(PREFORK, "solo@lab");
        assertThat(snapshot.workers().get(0).pool()).isEqualTo("prefork");
        assertThat(snapshot.tasksTracked()).isEqualTo(1);
    }

    @Test
    void heartbeatSilenceSurfacesThroughTheStateAndSyntheticEventsAreNotCounted() {
        state.onEvent(heartbeat(PREFORK, 0), at(0));

        var stalled = state.tick(at(4.5));
        assertThat(stalled).extracting(CeleryEvent::type).containsExactly(HeartbeatMonitor.HEARTBEAT_STALLED);
        var gap = state.onEvent(heartbeat(PREFORK, 6), at(6));
        assertThat(gap).extracting(CeleryEvent::type).containsExactly(HeartbeatMonitor.HEARTBEAT_GAP);

        // A caller may feed the synthetic events back (e.g. to record them); they are not received events.
        state.onEvent(stalled.get(0), at(6));
        assertThat(state.snapshot(at(6)).events()).isEqualTo(2);
    }

    @Test
    void aTaskEventWithoutUuidIsCountedButNotTracked() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("type", "task-started");
        state.onEvent(new CeleryEvent("task-started", PREFORK, 1.0, 1.0, fields), at(0));

        assertThat(state.tasksTracked()).isZero();
        assertThat(state.snapshot(at(1)).taskCounts()).containsEntry("started", 1L);
    }
}
