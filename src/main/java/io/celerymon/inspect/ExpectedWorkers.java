package io.celerymon.inspect;

import java.util.List;

/**
 * Who was expected to answer a call, and how celerymon knew: it decides when gathering stops
 * early and who counts as missing.
 *
 * @param source where the expectation came from
 * @param names expected node names; empty when only a count is known
 * @param count how many replies were expected; -1 when nothing was known (wait the full timeout)
 */
public record ExpectedWorkers(Source source, List<String> names, int count) {

    /** Where an expectation comes from. */
    public enum Source {
        /** {@code -d/--destination}. */
        DESTINATION,
        /** Redis: members of the pidbox binding set, cut to the live subscriber count. */
        BINDING_SET,
        /** AMQP: workers seen before whose pidbox queue has a consumer now. */
        KNOWN_WORKERS,
        /** {@code --expect N}. */
        COUNT,
        /** Nothing known: gather for the whole timeout. */
        NONE;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ExpectedWorkers {
        names = List.copyOf(names);
    }

    public static ExpectedWorkers none() {
        return new ExpectedWorkers(Source.NONE, List.of(), -1);
    }
}
