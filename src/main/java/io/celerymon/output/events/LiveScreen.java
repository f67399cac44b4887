package io.celerymon.output.events;

import io.celerymon.events.ClusterSnapshot;
import io.celerymon.events.TaskFailure;
import io.celerymon.events.WorkerStatus;
import io.celerymon.events.WorkerView;
import io.celerymon.output.TerminalText;
import io.celerymon.output.TextTable;
import io.celerymon.secrets.SecretText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the live view shows for one snapshot on a screen of a given size, as plain lines: a header,
 * the workers table, task rates by state and the latest failures.
 * <pre>
 * celerymon  redis://localhost:6379/0  elapsed 00:01:23  events 1234  q=quit
 *
 * WORKERS 2 (1 stalled)
 * HOSTNAME     STATUS   LAST HB  FREQ  ACTIVE  PROCESSED  LOAD            POOL
 * w1@lab       online      0.4s  2.0s       0         12  0.42 0.5 0.61   prefork
 * w2@lab       stalled     9.4s  2.0s       1          3  0.1 0.2 0.3     gevent
 *
 * TASKS    received  started  succeeded  failed
 * per sec      1.20     1.20       1.10    0.10
 * total          72       72         66       6
 *
 * RECENT FAILURES
 * 16:40:33  ZeroDivisionError('division by zero')  tasks.div[5d9ba33f]  w1@lab
 * </pre>
 * No line is longer than the width (counted in code points) and there are never more lines than
 * rows: when rows are short, blank separators go first, then workers and failures are cut with a
 * {@code … N more} line. Pure: the same snapshot and size always give the same lines.
 */
public final class LiveScreen {
    /** The states in the order a task goes through them; others follow alphabetically. */
    private static final List<String> STATE_ORDER = List.of("sent", "received", "started", "succeeded",
            "failed", "retried", "revoked", "rejected");
    private static final int FAILURES_KEPT_ON_SCREEN = 3;

    /** One screen line and whether it should stand out (a stalled worker). */
    public record Line(String text, boolean alert) {
    }

    private LiveScreen() {
    }

    /** The screen as plain text lines, at most {@code rows} lines of at most {@code cols} characters. */
    public static List<String> render(ClusterSnapshot snapshot, int cols, int rows) {
        return lines(snapshot, cols, rows).stream().map(Line::text).toList();
    }

    /** The same lines, each marked when it should be highlighted. */
    public static List<Line> lines(ClusterSnapshot snapshot, int cols, int rows) {
        if (cols <= 0 || rows <= 0) {
            return List.of();
        }
        List<Line> header = List.of(plain(header(snapshot)));
        List<Line> workerTable = workerTable(snapshot.workers());
        List<Line> workerTitle = List.of(plain(workerTitle(snapshot.workers())), workerTable.get(0));
        List<Line> workerRows = workerTable.subList(1, workerTable.size());
        List<Line> tasks = tasks(snapshot).stream().map(LiveScreen::plain).toList();
        List<Line> failureTitle = List.of(plain(snapshot.recentFailures().isEmpty()
                ? "RECENT FAILURES none" : "RECENT FAILURES"));
        List<Line> failureRows = snapshot.recentFailures().stream().map(LiveScreen::failure).map(LiveScreen::plain)
                .toList();

        int fixed = header.size() + workerTitle.size() + tasks.size() + failureTitle.size();
        boolean spaced = rows >= fixed + 3 + workerRows.size() + Math.min(failureRows.size(), FAILURES_KEPT_ON_SCREEN);
        int free = Math.max(0, rows - fixed - (spaced ? 3 : 0));
        int failuresShown = Math.min(failureRows.size(), Math.min(FAILURES_KEPT_ON_SCREEN, free / 2));
        int workersShown = Math.min(workerRows.size(), free - failuresShown);
        failuresShown = Math.min(failureRows.size(), free - workersShown);

        List<Line> screen = new ArrayList<>(header);
        if (spaced) {
            screen.add(plain(""));
        }
        screen.addAll(workerTitle);
        screen.addAll(fittingWorkers(workerRows, snapshot.workers(), workersShown));
        if (spaced) {
            screen.add(plain(""));
        }
        screen.addAll(tasks);
        if (spaced) {
            screen.add(plain(""));
        }
        screen.addAll(failureTitle);
        screen.addAll(cut(failureRows, failuresShown, "failures"));
        return screen.stream().limit(rows)
                .map(line -> new Line(fit(line.text(), cols), line.alert()))
                .toList();
    }

    /**
     * The worker rows that fit: when not all do, the ones that show a problem are kept first
     * (stalled, then online, then offline), still in hostname order, and a last line counts the rest.
     */
    private static List<Line> fittingWorkers(List<Line> rows, List<WorkerView> workers, int shown) {
        if (shown >= rows.size()) {
            return rows;
        }
        if (shown <= 0) {
            return List.of();
        }
        int keep = shown - 1;
        List<Line> kept = IntStream.range(0, rows.size()).boxed()
                .sorted(Comparator.comparingInt(i -> priority(workers.get(i).status())))
                .limit(keep).sorted().map(rows::get)
                .collect(Collectors.toCollection(ArrayList::new));
        kept.add(plain("... " + (rows.size() - keep) + " more workers"));
        return kept;
    }

    private static int priority(WorkerStatus status) {
        return switch (status) {
            case STALLED -> 0;
            case ONLINE -> 1;
            case OFFLINE -> 2;
        };
    }

    /** The first {@code shown} lines; if some are left out, the last shown one says how many. */
    private static List<Line> cut(List<Line> lines, int shown, String what) {
        if (shown >= lines.size()) {
            return lines;
        }
        if (shown <= 0) {
            return List.of();
        }
        List<Line> kept = new ArrayList<>(lines.subList(0, shown - 1));
        kept.add(plain("... " + (lines.size() - shown + 1) + " more " + what));
        return kept;
    }

    private static String header(ClusterSnapshot snapshot) {
        return String.format(Locale.ROOT, "celerymon  %s  elapsed %s  events %d  q=quit",
                TerminalText.clean(SecretText.mask(snapshot.broker())),
                elapsed(snapshot.elapsedSeconds()), snapshot.events());
    }

    private static String workerTitle(List<WorkerView> workers) {
        long stalled = workers.stream().filter(w -> w.status() == WorkerStatus.STALLED).count();
        long offline = workers.stream().filter(w -> w.status() == WorkerStatus.OFFLINE).count();
        StringBuilder title = new StringBuilder("WORKERS ").append(workers.size());
        List<String> notes = new ArrayList<>();
        if (stalled > 0) {
            notes.add(stalled + " stalled");
        }
        if (offline > 0) {
            notes.add(offline + " offline");
        }
        if (!notes.isEmpty()) {
            title.append(" (").append(String.join(", ", notes)).append(')');
        }
        return title.toString();
    }

    /** Column header first, then one line per worker. */
    private static List<Line> workerTable(List<WorkerView> workers) {
        TextTable table = new TextTable(
                List.of("HOSTNAME", "STATUS", "LAST HB", "FREQ", "ACTIVE", "PROCESSED", "LOAD", "POOL"),
                false, false, true, true, true, true, false, false);
        for (WorkerView worker : workers) {
            table.add(TerminalText.clean(worker.hostname()),
                    worker.status().name().toLowerCase(Locale.ROOT),
                    EventText.seconds(worker.lastHeartbeatAgeSeconds()),
                    EventText.seconds(worker.freq()),
                    worker.active() < 0 ? "-" : Integer.toString(worker.active()),
                    worker.processed() < 0 ? "-" : Long.toString(worker.processed()),
                    worker.loadavg().isEmpty() ? "-"
                            : worker.loadavg().stream().map(EventText::number).collect(Collectors.joining(" ")),
                    worker.pool() == null ? "-" : TerminalText.clean(worker.pool()));
        }
        String[] rendered = table.render().split("\n");
        List<Line> lines = new ArrayList<>(List.of(plain(rendered[0])));
        for (int i = 0; i < workers.size(); i++) {
            lines.add(new Line(rendered[i + 1], workers.get(i).status() == WorkerStatus.STALLED));
        }
        return lines;
    }

    /** A small table: one column per task state, a row of rates and a row of totals. */
    private static List<String> tasks(ClusterSnapshot snapshot) {
        Map<String, Double> rates = snapshot.taskRates();
        Map<String, Long> counts = snapshot.taskCounts();
        List<String> states = new ArrayList<>();
        STATE_ORDER.stream().filter(s -> counts.containsKey(s) || rates.containsKey(s)).forEach(states::add);
        TreeSet<String> others = new TreeSet<>(counts.keySet());
        others.addAll(rates.keySet());
        others.removeAll(STATE_ORDER);
        states.addAll(others);
        if (states.isEmpty()) {
            return List.of("TASKS no task events");
        }
        List<String> header = new ArrayList<>(List.of("TASKS"));
        List<String> perSecond = new ArrayList<>(List.of("per sec"));
        List<String> total = new ArrayList<>(List.of("total"));
        for (String state : states) {
            double rate = rates.getOrDefault(state, 0.0);
            header.add(TerminalText.clean(state));
            perSecond.add(String.format(Locale.ROOT, "%.2f", Double.isFinite(rate) ? rate : 0.0));
            total.add(Long.toString(counts.getOrDefault(state, 0L)));
        }
        boolean[] right = new boolean[header.size()];
        java.util.Arrays.fill(right, 1, right.length, true);
        TextTable table = new TextTable(header, right);
        table.add(perSecond.toArray(String[]::new));
        table.add(total.toArray(String[]::new));
        return List.of(table.render().split("\n"));
    }

    /** The exception comes right after the time, so a narrow screen still shows what went wrong. */
    private static String failure(TaskFailure failure) {
        return EventText.clockSeconds(failure.timestamp()) + "  "
                + TerminalText.clean(SecretText.mask(failure.exception())) + "  "
                + TerminalText.clean(SecretText.mask(failure.name()))
                + "[" + EventText.uuid8(failure.uuid()) + "]  "
                + TerminalText.clean(SecretText.mask(failure.hostname()));
    }

    private static String elapsed(double seconds) {
        long total = Double.isFinite(seconds) ? Math.max(0, (long) seconds) : 0;
        return String.format(Locale.ROOT, "%02d:%02d:%02d", total / 3600, total / 60 % 60, total % 60);
    }

    /** Cut to the width, with {@code ...} when there is room for it. */
    private static String fit(String text, int cols) {
        if (text.codePointCount(0, text.length()) <= cols) {
            return text;
        }
        if (cols > 3) {
            return text.substring(0, text.offsetByCodePoints(0, cols - 3)) + "...";
        }
        return text.substring(0, text.offsetByCodePoints(0, cols));
    }

    private static Line plain(String text) {
        return new Line(text, false);
    }
}
