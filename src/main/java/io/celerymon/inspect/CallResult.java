package io.celerymon.inspect;

import java.util.List;

/**
 * The outcome of one broadcast control call.
 *
 * @param method the control method, e.g. {@code stats}
 * @param broker the broker endpoint, password masked
 * @param elapsedMs wall time of the whole call, connect excluded
 * @param replies replies in order of arrival, one per worker
 * @param missing expected workers that did not reply before the deadline
 * @param stale registered pidboxes with no live subscriber (a worker that died without cleaning
 *     up); reported, never an error
 * @param expected who was expected and why
 * @param ignored messages that were not taken as replies
 */
public record CallResult(String method, String broker, double elapsedMs, List<WorkerReply> replies,
                         List<String> missing, List<String> stale, ExpectedWorkers expected,
                         IgnoredReplies ignored) {

    public CallResult {
        replies = List.copyOf(replies);
        missing = List.copyOf(missing);
        stale = List.copyOf(stale);
    }

    /** Workers whose reply arrived and was not an error. */
    public long okCount() {
        return replies.stream().filter(WorkerReply::ok).count();
    }
}
