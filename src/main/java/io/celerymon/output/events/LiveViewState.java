package io.celerymon.output.events;

import io.celerymon.events.TaskFailure;
import java.util.List;

/**
 * What the operator has chosen on the live view, apart from the cluster itself: which recent failure
 * is selected (by task id, so the selection stays on it while newer failures push it down) and
 * whether its traceback is open, scrolled by how many lines. Immutable; every key gives a new state.
 *
 * @param selected the task id of the selected failure, or null when none is selected
 * @param traceback the failure whose traceback is shown, or null for the main screen; kept whole, so
 *     the traceback stays readable after the failure has left the recent list
 * @param scroll how many lines of the traceback are scrolled past
 */
public record LiveViewState(String selected, TaskFailure traceback, int scroll) {

    /** The main screen, nothing selected. */
    public static final LiveViewState INITIAL = new LiveViewState(null, null, 0);

    public LiveViewState {
        scroll = Math.max(0, scroll);
    }

    /** True while a traceback is shown instead of the main screen. */
    public boolean showingTraceback() {
        return traceback != null;
    }

    /** Where the selected failure is in {@code failures} (newest first), or -1. */
    public int selectedIndex(List<TaskFailure> failures) {
        if (selected == null) {
            return -1;
        }
        for (int i = 0; i < failures.size(); i++) {
            if (selected.equals(failures.get(i).uuid())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Moves the selection {@code delta} failures down the list (towards older ones), stopping at
     * either end; with nothing selected yet, any move selects the newest failure.
     */
    public LiveViewState move(List<TaskFailure> failures, int delta) {
        if (failures.isEmpty()) {
            return new LiveViewState(null, traceback, scroll);
        }
        int at = selectedIndex(failures);
        int next = at < 0 ? 0 : Math.max(0, Math.min(failures.size() - 1, at + delta));
        return new LiveViewState(failures.get(next).uuid(), traceback, scroll);
    }

    /** Opens the traceback of the selected failure, or of the newest one when none is selected. */
    public LiveViewState open(List<TaskFailure> failures) {
        if (failures.isEmpty()) {
            return this;
        }
        int at = Math.max(0, selectedIndex(failures));
        TaskFailure failure = failures.get(at);
        return new LiveViewState(failure.uuid(), failure, 0);
    }

    /** Back to the main screen, the selection kept. */
    public LiveViewState close() {
        return new LiveViewState(selected, null, 0);
    }

    /** Clears the selection. */
    public LiveViewState unselect() {
        return new LiveViewState(null, traceback, scroll);
    }

    /** Scrolls the traceback by {@code delta} lines, between the top and {@code max}. */
    public LiveViewState scrollBy(int delta, int max) {
        return new LiveViewState(selected, traceback, Math.max(0, Math.min(Math.max(0, max), scroll + delta)));
    }
}
