package io.celerymon.output.call;

import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.WorkerReply;
import io.celerymon.output.Millis;
import io.celerymon.output.TerminalText;
import io.celerymon.output.TextTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a call result for people: one row per worker under
 * {@code WORKER  STATUS  LATENCY  REPLY}, then one footer line.
 *
 * <p>Rows: replies in arrival order (status {@code ok} with the {@link ReplyDigest}, or
 * {@code error} with the error text), then missing workers ({@code no reply}), then stale
 * pidboxes ({@code stale}). For {@code stats} the digest leads with the pool kind. Footer, e.g.
 * {@code 4 of 5 expected workers replied in 1003 ms; missing: gevent@x}, or
 * {@code 5 workers replied in 12 ms}, or, when nothing was expected,
 * {@code 5 workers replied in 1002 ms (no expected set: waited the full timeout)}; error
 * replies, ignored messages and stale pidboxes are added when there are any. Every value from a
 * worker is passed through {@link TerminalText#clean}.
 */
public final class TableRenderer implements CallRenderer {
    /** Error texts can be whole tracebacks; the table shows their start, JSON shows them whole. */
    static final int ERROR_WIDTH = 100;

    @Override
    public String render(CallResult result) {
        CallResult safe = ReplyRedaction.redact(result);
        TextTable table = new TextTable(List.of("WORKER", "STATUS", "LATENCY", "REPLY"),
                false, false, true, false);
        for (WorkerReply reply : safe.replies()) {
            String digest = reply.ok()
                    ? ReplyDigest.of(safe.method(), reply.reply())
                    : TerminalText.cut(TerminalText.clean(reply.error()), ERROR_WIDTH);
            table.add(TerminalText.clean(reply.hostname()), reply.ok() ? "ok" : "error",
                    Millis.tenths(reply.latencyMs()), digest);
        }
        for (String host : safe.missing()) {
            table.add(TerminalText.clean(host), "no reply", "-", "-");
        }
        for (String host : safe.stale()) {
            table.add(TerminalText.clean(host), "stale", "-", "pidbox without a live worker");
        }
        StringBuilder out = new StringBuilder();
        if (!table.isEmpty()) {
            out.append(table.render());
        }
        return out.append(footer(safe)).append('\n').toString();
    }

    static String footer(CallResult result) {
        ExpectedWorkers expected = result.expected() == null ? ExpectedWorkers.none() : result.expected();
        int replied = result.replies().size();
        String elapsed = Millis.whole(result.elapsedMs()) + " ms";
        int expectedCount = expected.count() >= 0 ? expected.count() : expected.names().size();
        StringBuilder footer = new StringBuilder();
        boolean shortOfExpected = expected.source() != ExpectedWorkers.Source.NONE
                && (!result.missing().isEmpty() || replied < expectedCount);
        if (shortOfExpected) {
            // Count only expected workers, so that an unexpected one cannot make up for a missing one.
            long fromExpected = expected.names().isEmpty() ? replied : result.replies().stream()
                    .filter(r -> expected.names().contains(r.hostname())).count();
            footer.append(fromExpected).append(" of ").append(expectedCount)
                    .append(" expected workers replied in ").append(elapsed);
        } else {
            footer.append(replied).append(replied == 1 ? " worker replied in " : " workers replied in ")
                    .append(elapsed);
            if (expected.source() == ExpectedWorkers.Source.NONE) {
                footer.append(" (no expected set: waited the full timeout)");
            }
        }
        if (!result.missing().isEmpty()) {
            footer.append("; missing: ").append(cleanList(result.missing()));
        }
        long errors = replied - result.okCount();
        if (errors > 0) {
            footer.append("; ").append(errors).append(errors == 1 ? " error" : " errors");
        }
        if (!result.stale().isEmpty()) {
            footer.append("; stale pidboxes: ").append(cleanList(result.stale()));
        }
        IgnoredReplies ignored = result.ignored() == null ? IgnoredReplies.NONE : result.ignored();
        if (ignored.total() > 0) {
            footer.append("; ignored ").append(ignored.total())
                    .append(ignored.total() == 1 ? " message (" : " messages (")
                    .append(ignoredDetail(ignored)).append(')');
        }
        return footer.toString();
    }

    private static String ignoredDetail(IgnoredReplies ignored) {
        List<String> parts = new ArrayList<>();
        addCount(parts, ignored.duplicate(), "duplicate");
        addCount(parts, ignored.foreignTicket(), "foreign ticket");
        addCount(parts, ignored.malformed(), "malformed");
        addCount(parts, ignored.late(), "late");
        return String.join(", ", parts);
    }

    private static void addCount(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what);
        }
    }

    static String cleanList(List<String> names) {
        return String.join(", ", names.stream().map(TerminalText::clean).toList());
    }
}
