package io.celerymon.events;

import java.util.List;

/**
 * What {@code --restore} did at exit.
 *
 * @param disabled workers that had task events switched on by this run (their {@code enable_events}
 *     reply, in time or late, said "task events enabled") and confirmed {@code disable_events}
 * @param unconfirmed workers sent {@code disable_events} that did not confirm it in time: the
 *     request waits for them (see README) but celerymon cannot tell whether it will be applied
 * @param unanswered workers that were expected (known to the broker or the cache, or heard during
 *     the stream) but never answered {@code enable_events}: they may switch task events on when
 *     they unblock, and celerymon, not knowing how they were before, leaves them as they are
 * @param failure why {@code disable_events} could not be sent at all, or null
 */
public record RestoreOutcome(List<String> disabled, List<String> unconfirmed, List<String> unanswered,
                             String failure) {

    public RestoreOutcome {
        disabled = List.copyOf(disabled);
        unconfirmed = List.copyOf(unconfirmed);
        unanswered = List.copyOf(unanswered);
    }

    /** Nothing was asked of any worker. */
    public static RestoreOutcome nothing() {
        return new RestoreOutcome(List.of(), List.of(), List.of(), null);
    }
}
