package io.celerymon.events;

import java.util.Map;

/**
 * Celery's task-event to state mapping (protocol.md 6.5) and the order that decides whether a
 * late event may move a task's state.
 */
final class TaskStates {

    static final String RETRY = "RETRY";

    private static final Map<String, String> BY_SUBTYPE = Map.of(
            "sent", "PENDING",
            "received", "RECEIVED",
            "started", "STARTED",
            "succeeded", "SUCCESS",
            "failed", "FAILURE",
            "retried", RETRY,
            "revoked", "REVOKED",
            "rejected", "REJECTED");

    // Lifecycle position. Unlike Celery's precedence list, REJECTED sits after RECEIVED: a worker can
    // only reject a message it received, so a late "received" must not hide the rejection.
    private static final Map<String, Integer> RANK = Map.of(
            "PENDING", 0,
            "RECEIVED", 1,
            "STARTED", 2,
            "REJECTED", 3,
            "REVOKED", 3,
            "FAILURE", 4,
            "SUCCESS", 4);
    // Celery ranks unknown (custom) states just below the final ones.
    private static final int CUSTOM_RANK = 3;
    private static final int FINAL_RANK = 4;

    private TaskStates() {
    }

    /** The state a {@code task-<subtype>} event means; custom subtypes become their upper-cased name. */
    static String stateOf(String subtype) {
        String state = BY_SUBTYPE.get(subtype);
        return state != null ? state : subtype.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Whether an event meaning {@code next} may replace {@code current}: only if it is not older in
     * the lifecycle. Anything may follow a RETRY, because a retried task is received again under
     * the same id; a RETRY may replace anything but a final SUCCESS or FAILURE (Celery lets it
     * replace those too, which a late retry event from another worker would get wrong).
     */
    static boolean advances(String current, String next) {
        if (current == null || current.equals(RETRY)) {
            return true;
        }
        if (next.equals(RETRY)) {
            return rank(current) < FINAL_RANK;
        }
        return rank(next) >= rank(current);
    }

    private static int rank(String state) {
        return RANK.getOrDefault(state, CUSTOM_RANK);
    }
}
