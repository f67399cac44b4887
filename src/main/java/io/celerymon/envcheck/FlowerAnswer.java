package io.celerymon.envcheck;

/**
 * What a Flower process said when asked directly: {@code GET /healthcheck} on one of its
 * listening sockets, from inside its network namespace.
 *
 * @param pid the Flower process
 * @param listen the listening address as /proc shows it ({@code 0.0.0.0:5555})
 * @param target where the request went ({@code 127.0.0.1:5555} for a wildcard address)
 * @param namespace {@code null} when the process shares this network namespace, else its
 *     namespace ({@code net:[4026532281]}), entered with {@code nsenter --net}
 * @param outcome how far the request got
 * @param status the HTTP status code, or -1
 * @param waitedMs how long the request took, or was waited for
 * @param error why it could not be asked (nsenter refused, no connection), else null
 */
public record FlowerAnswer(long pid, String listen, String target, String namespace, FlowerProbe.Outcome outcome,
        int status, long waitedMs, String error) {

    /** Whether an HTTP status line came back: the process's event loop runs. */
    public boolean answered() {
        return outcome == FlowerProbe.Outcome.RESPONDED;
    }

    /**
     * Whether it accepted the connection and sent nothing while it was waited for, the full wait or
     * what the deadline left of it ({@link FlowerHealth}: either way it did not answer in time).
     */
    public boolean silent() {
        return outcome == FlowerProbe.Outcome.NO_RESPONSE;
    }
}
