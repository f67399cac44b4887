package io.celerymon.inspect;

/** Counts of messages on the reply queue that were not taken as answers to this call. */
public record IgnoredReplies(int duplicate, int foreignTicket, int malformed, int late) {

    public static final IgnoredReplies NONE = new IgnoredReplies(0, 0, 0, 0);

    public int total() {
        return duplicate + foreignTicket + malformed + late;
    }
}
