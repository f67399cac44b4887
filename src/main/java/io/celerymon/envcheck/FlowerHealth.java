package io.celerymon.envcheck;

/**
 * The one rule for what a Flower's answer means, for diagnose's {@code --flower} URLs and
 * env-check's direct question alike: any HTTP status line means the process answers; 2xx, 3xx,
 * 401 and 403 are a healthy Flower (its pages may ask for credentials); any other 4xx or 5xx
 * answers, but not like Flower's {@code /healthcheck}; no status line within the Flower timeout
 * (silence, a close, bytes that are not HTTP), whichever deadline ran out first, is a Flower that
 * does not work (critical). Not being able to ask at all is for each caller to judge.
 */
public enum FlowerHealth {
    /** A status line a running Flower gives. */
    HEALTHY,
    /** A status line, but an error Flower's /healthcheck does not give: something else may listen there. */
    UNLIKE_FLOWER,
    /** Connected, but no HTTP status line came in time. */
    NO_STATUS_LINE,
    /** Not asked at all: refused, unreachable, or the question could not be put. */
    NOT_ASKED;

    /** What {@code outcome} (and, when it responded, {@code status}; -1 for no status line) means. */
    public static FlowerHealth of(FlowerProbe.Outcome outcome, int status) {
        return switch (outcome) {
            case RESPONDED -> status < 100 || status > 599 ? NO_STATUS_LINE
                    : status < 400 || status == 401 || status == 403 ? HEALTHY : UNLIKE_FLOWER;
            case NO_RESPONSE, CLOSED -> NO_STATUS_LINE;
            case REFUSED, UNREACHABLE -> NOT_ASKED;
        };
    }
}
