package io.celerymon.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Connects through a failover list the way both brokers document it: entries in order, each one
 * given a fair share of the time left (time left / entries left), the next one tried when an
 * entry refuses, fails or does not answer within its share.
 */
public final class Failover {

    private Failover() {
    }

    /** One connection attempt to one entry; it must end (return or throw) by {@code share}. */
    @FunctionalInterface
    public interface Attempt<T> {
        T connect(BrokerUrl url, Deadline share);
    }

    /**
     * The entry that answered and why each entry before it did not.
     *
     * @param client what the attempt returned
     * @param url the entry that answered
     * @param index its position in the list, from 0
     * @param earlier one failure per earlier entry, in list order (empty when the first answered)
     */
    public record Connected<T>(T client, BrokerUrl url, int index, List<BrokerException> earlier) {
        public Connected {
            earlier = List.copyOf(earlier);
        }

        /** One line for people: which entry answered, after which failures; empty for the first entry. */
        public String summary() {
            if (earlier.isEmpty()) {
                return "";
            }
            return "connected to " + url.masked() + " (entry " + (index + 1) + ") after: "
                    + earlier.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
        }
    }

    /**
     * Tries {@code urls} in order until one attempt returns.
     *
     * @throws BrokerException when every entry failed: one entry's failure as is, several joined in
     *     one line ({@code url1: why; url2: why}) and typed by the most telling of them (credentials
     *     refused, then a broker error, else unreachable)
     */
    public static <T> Connected<T> connect(List<BrokerUrl> urls, Deadline deadline, Attempt<T> attempt) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no broker URL");
        }
        List<BrokerException> failures = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            BrokerUrl url = urls.get(i);
            Deadline share = deadline.capped(deadline.remaining().dividedBy(urls.size() - i));
            try {
                return new Connected<>(attempt.connect(url, share), url, i, failures);
            } catch (BrokerException e) {
                failures.add(e);
            }
        }
        throw combined(failures);
    }

    /** One failure as is; several as one line, typed by the most telling of them. */
    static BrokerException combined(List<BrokerException> failures) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        String message = failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
        for (BrokerException failure : failures) {
            if (failure instanceof BrokerAuthException) {
                return new BrokerAuthException(message, failure);
            }
        }
        for (BrokerException failure : failures) {
            if (failure instanceof BrokerProtocolException) {
                return new BrokerProtocolException(message, failure);
            }
        }
        return new BrokerUnreachableException(message, failures.get(0));
    }
}
