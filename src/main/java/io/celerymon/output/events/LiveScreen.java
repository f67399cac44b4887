package io.celerymon.output.events;

import io.celerymon.events.ClusterSnapshot;
import io.celerymon.events.TaskFailure;
import io.celerymon.events.WorkerStatus;
import io.celerymon.events.WorkerView;
import io.celerymon.output.TerminalText;
import io.celerymon.output.TextTable;
import io.celerymon.secrets.SecretText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the live view shows for one snapshot on a screen of a given size, as plain lines: a header,
 * the workers table, task rates by state and the latest failures; or, when the operator opened one,
 * a failure's traceback.
 * <pre>
 * celerymon  redis://localhost:6379/0  elapsed 00:01:23  events 1234  q=quit
 *
 * WORKERS 2 (1 stalled)
 * HOSTNAME     STATUS   LAST HB  FREQ  ACTIVE  PROCESSED  LOAD            POOL
 * w1@lab       online      0.4s  2.0s       0         12  0.42 0.50 0.61  prefork
 * w2@lab       stalled     9.4s  2.0s       1          3  0.10 0.20 0.30  gevent
 *
 * TASKS    received  started  succeeded  failed
 * per sec      1.20     1.20       1.10    0.10
 * total          72       72         66       6
 *
 * RECENT FAILURES  up/down=select  t=traceback
 * 16:40:33  ZeroDivisionError('division by zero')  tasks.div[5d9ba33f]  w1@lab
 * </pre>
 * Widths are terminal cells (a CJK character or an emoji takes two): no line is wider than the
 * screen and there are never more lines than rows. A long hostname is shortened in its middle with
 * {@code ...} so the columns after it keep their room: it gets what they leave, but at least 24
 * cells (fewer only where that keeps STATUS on a narrow screen), so STATUS stays on any screen of
 * 40 columns and every column on one of 120, even next to a 71-character hostname. When
 * rows are short, blank separators go first, then failures and workers are cut with a
 * {@code ... N more} line; below six rows the failures and then the task table give way, so one
 * worker row is always shown from five rows up. Pure: the same snapshot, size and state always give
 * the same lines.
 */
public final class LiveScreen {
    /** The states in the order a task goes through them; others follow alphabetically. */
    private static final List<String> STATE_ORDER = List.of("sent", "received", "started", "succeeded",
            "failed", "retried", "revoked", "rejected");
    private static final int FAILURES_KEPT_ON_SCREEN = 3;
    /** A shortened hostname keeps at least this many cells, when the screen has them. */
    private static final int HOSTNAME_MIN_CELLS = 24;
    private static final String COLUMN_GAP = "  ";
    private static final String SELECTED_MARK = "> ";
    private static final String UNSELECTED_MARK = "  ";
    /** Tabs in a traceback become this many spaces: the view has no tab stops of its own. */
    private static final String TAB = "    ";

    /**
     * One screen line and how it should stand out.
     *
     * @param alert a stalled worker's row
     * @param selected the selected failure's row
     */
    public record Line(String text, boolean alert, boolean selected) {
        public Line(String text, boolean alert) {
            this(text, alert, false);
        }
    }

    private LiveScreen() {
    }

    /** The main screen as plain text lines, at most {@code rows} lines of at most {@code cols} cells. */
    public static List<String> render(ClusterSnapshot snapshot, int cols, int rows) {
        return render(snapshot, cols, rows, LiveViewState.INITIAL);
    }

    /** The screen for this state as plain text lines, at most {@code rows} lines of at most {@code cols} cells. */
    public static List<String> render(ClusterSnapshot snapshot, int cols, int rows, LiveViewState state) {
        return lines(snapshot, cols, rows, state).stream().map(Line::text).toList();
    }

    /** The main screen's lines, each marked when it should be highlighted. */
    public static List<Line> lines(ClusterSnapshot snapshot, int cols, int rows) {
        return lines(snapshot, cols, rows, LiveViewState.INITIAL);
    }

    /** The lines for this state: the main screen, or the open traceback. */
    public static List<Line> lines(ClusterSnapshot snapshot, int cols, int rows, LiveViewState state) {
        if (cols <= 0 || rows <= 0) {
            return List.of();
        }
        List<Line> screen = state.showingTraceback()
                ? traceback(state.traceback(), cols, rows, state.scroll())
                : main(snapshot, cols, rows, state);
        return screen.stream().limit(rows)
                .map(line -> new Line(TerminalText.fitColumns(line.text(), cols), line.alert(), line.selected()))
                .toList();
    }

    /** How far the open traceback can scroll on a screen of this size (0 when it all fits). */
    public static int maxScroll(LiveViewState state, int cols, int rows) {
        if (!state.showingTraceback() || cols <= 0) {
            return 0;
        }
        return Math.max(0, tracebackBody(state.traceback(), cols).size() - tracebackBodyRows(rows));
    }

    private static List<Line> main(ClusterSnapshot snapshot, int cols, int rows, LiveViewState state) {
        List<Line> header = List.of(plain(header(snapshot)));
        List<Line> workerTable = workerTable(snapshot.workers(), cols);
        List<Line> workerTitle = List.of(plain(workerTitle(snapshot.workers())), workerTable.get(0));
        List<Line> workerRows = workerTable.subList(1, workerTable.size());
        List<Line> tasks = tasks(snapshot).stream().map(LiveScreen::plain).toList();
        List<TaskFailure> failures = snapshot.recentFailures();
        int selected = state.selectedIndex(failures);
        List<Line> failureTitle = List.of(plain(failures.isEmpty()
                ? "RECENT FAILURES none" : "RECENT FAILURES  up/down=select  t=traceback"));
        List<Line> failureRows = IntStream.range(0, failures.size())
                .mapToObj(i -> new Line((selected < 0 ? "" : i == selected ? SELECTED_MARK : UNSELECTED_MARK)
                        + failure(failures.get(i)), false, i == selected))
                .toList();

        // On a very short screen the sections below the workers give way, so a worker row stays.
        int top = header.size() + workerTitle.size() + Math.min(1, workerRows.size());
        boolean withFailures = rows >= top + tasks.size() + failureTitle.size();
        boolean withTasks = rows >= top + tasks.size();
        if (!withFailures) {
            failureTitle = List.of();
            failureRows = List.of();
        }
        if (!withTasks) {
            tasks = List.of();
        }
        int separators = (withTasks ? 1 : 0) + (withFailures ? 1 : 0) + 1;
        int fixed = header.size() + workerTitle.size() + tasks.size() + failureTitle.size();
        boolean spaced = rows >= fixed + separators + workerRows.size()
                + Math.min(failureRows.size(), FAILURES_KEPT_ON_SCREEN);
        int free = Math.max(0, rows - fixed - (spaced ? separators : 0));
        int failuresShown = Math.min(failureRows.size(), Math.min(FAILURES_KEPT_ON_SCREEN, free / 2));
        int workersShown = Math.min(workerRows.size(), free - failuresShown);
        failuresShown = Math.min(failureRows.size(), free - workersShown);

        List<Line> screen = new ArrayList<>(header);
        if (spaced) {
            screen.add(plain(""));
        }
        screen.addAll(workerTitle);
        screen.addAll(fittingWorkers(workerRows, snapshot.workers(), workersShown));
        if (spaced && withTasks) {
            screen.add(plain(""));
        }
        screen.addAll(tasks);
        if (spaced && withFailures) {
            screen.add(plain(""));
        }
        screen.addAll(failureTitle);
        screen.addAll(failureWindow(failureRows, failuresShown, selected));
        return screen;
    }

    /**
     * The worker rows that fit: when not all do, the ones that show a problem are kept first
     * (stalled, then online, then offline), still in hostname order, and a last line counts the rest
     * (a single row left shows the worker that matters most; the title above counts them all).
     */
    private static List<Line> fittingWorkers(List<Line> rows, List<WorkerView> workers, int shown) {
        if (shown >= rows.size()) {
            return rows;
        }
        if (shown <= 0) {
            return List.of();
        }
        int keep = shown == 1 ? 1 : shown - 1;
        List<Line> kept = IntStream.range(0, rows.size()).boxed()
                .sorted(Comparator.comparingInt(i -> priority(workers.get(i).status())))
                .limit(keep).sorted().map(rows::get)
                .collect(Collectors.toCollection(ArrayList::new));
        if (keep < shown) {
            kept.add(plain("... " + (rows.size() - keep) + " more workers"));
        }
        return kept;
    }

    private static int priority(WorkerStatus status) {
        return switch (status) {
            case STALLED -> 0;
            case ONLINE -> 1;
            case OFFLINE -> 2;
        };
    }

    /**
     * {@code shown} lines of the failures: the newest ones, or a window that holds the selected one;
     * when some are left out, the last line says how many.
     */
    private static List<Line> failureWindow(List<Line> lines, int shown, int selected) {
        if (shown >= lines.size()) {
            return lines;
        }
        if (shown <= 0) {
            return List.of();
        }
        int visible = shown - 1;
        if (visible == 0) {
            return selected >= 0 ? List.of(lines.get(selected))
                    : List.of(plain("... " + lines.size() + " more failures"));
        }
        int start = selected < 0 ? 0 : Math.max(0, Math.min(lines.size() - visible, selected - visible + 1));
        List<Line> kept = new ArrayList<>(lines.subList(start, start + visible));
        kept.add(plain("... " + (lines.size() - visible) + " more failures"));
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

    /** Column header first, then one line per worker; hostnames shortened to leave the other columns room. */
    private static List<Line> workerTable(List<WorkerView> workers, int cols) {
        List<String> headers = List.of("HOSTNAME", "STATUS", "LAST HB", "FREQ", "ACTIVE", "PROCESSED", "LOAD", "POOL");
        List<String> loads = loads(workers);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            WorkerView worker = workers.get(i);
            rows.add(new String[] {TerminalText.clean(worker.hostname()),
                    worker.status().name().toLowerCase(Locale.ROOT),
                    EventText.seconds(worker.lastHeartbeatAgeSeconds()),
                    EventText.seconds(worker.freq()),
                    worker.active() < 0 ? "-" : Integer.toString(worker.active()),
                    worker.processed() < 0 ? "-" : Long.toString(worker.processed()),
                    loads.get(i),
                    worker.pool() == null ? "-" : TerminalText.clean(worker.pool())});
        }
        int hostCells = hostnameCells(headers, rows, cols);
        TextTable table = new TextTable(headers, false, false, true, true, true, true, false, false);
        for (String[] row : rows) {
            row[0] = TerminalText.shortenMiddle(row[0], hostCells);
            table.add(row);
        }
        String[] rendered = table.render().split("\n");
        List<Line> lines = new ArrayList<>(List.of(plain(rendered[0])));
        for (int i = 0; i < workers.size(); i++) {
            lines.add(new Line(rendered[i + 1], workers.get(i).status() == WorkerStatus.STALLED));
        }
        return lines;
    }

    /**
     * The HOSTNAME column's width: all it needs when the row fits; else what the other columns leave,
     * but never less than {@link #HOSTNAME_MIN_CELLS} (or what leaves STATUS on screen, if smaller).
     */
    private static int hostnameCells(List<String> headers, List<String[]> rows, int cols) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < headers.size(); c++) {
            widths[c] = TerminalText.columns(headers.get(c));
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], TerminalText.columns(row[c]));
            }
        }
        int rest = Arrays.stream(widths, 1, widths.length).map(w -> w + COLUMN_GAP.length()).sum();
        if (widths[0] + rest <= cols) {
            return widths[0];
        }
        int withStatus = cols - COLUMN_GAP.length() - widths[1];
        int share = Math.max(cols - rest, Math.min(HOSTNAME_MIN_CELLS, withStatus));
        return Math.max(TerminalText.columns("HOSTNAME"), Math.min(widths[0], share));
    }

    /** The load averages, two decimals, each of the three right-aligned under the same one of every worker. */
    private static List<String> loads(List<WorkerView> workers) {
        int positions = workers.stream().mapToInt(w -> w.loadavg().size()).max().orElse(0);
        int[] widths = new int[positions];
        for (WorkerView worker : workers) {
            for (int p = 0; p < worker.loadavg().size(); p++) {
                widths[p] = Math.max(widths[p], load(worker.loadavg().get(p)).length());
            }
        }
        List<String> cells = new ArrayList<>();
        for (WorkerView worker : workers) {
            if (worker.loadavg().isEmpty()) {
                cells.add("-");
                continue;
            }
            StringBuilder cell = new StringBuilder();
            for (int p = 0; p < worker.loadavg().size(); p++) {
                String value = load(worker.loadavg().get(p));
                cell.append(p == 0 ? "" : " ").append(" ".repeat(widths[p] - value.length())).append(value);
            }
            cells.add(cell.toString());
        }
        return cells;
    }

    private static String load(Double value) {
        return value == null || !Double.isFinite(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
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
        Arrays.fill(right, 1, right.length, true);
        TextTable table = new TextTable(header, right);
        table.add(perSecond.toArray(String[]::new));
        table.add(total.toArray(String[]::new));
        return List.of(table.render().split("\n"));
    }

    /** The exception comes right after the time, so a narrow screen still shows what went wrong. */
    private static String failure(TaskFailure failure) {
        return EventText.clockSeconds(failure.timestamp()) + "  "
                + TerminalText.clean(SecretText.mask(failure.exception())) + "  "
                + taskId(failure) + "  "
                + TerminalText.clean(SecretText.mask(failure.hostname()));
    }

    private static String taskId(TaskFailure failure) {
        return TerminalText.clean(SecretText.mask(failure.name())) + "[" + EventText.uuid8(failure.uuid()) + "]";
    }

    /**
     * A failure's traceback: a title naming the task, the exception, then the traceback wrapped to the
     * width (not cut: its lines are long and every part of them matters), then where the view is.
     * <pre>
     * TRACEBACK  tasks.div[5d9ba33f]  w1@lab  16:40:33
     * ExceptionWithTraceback()
     * Traceback (most recent call last):
     *   File "/usr/lib/python3/dist-packages/celery/app/trace.py", line 451, in trace_task
     * ...
     * lines 1-20 of 34  Esc/q=back  up/down/PgUp/PgDn=scroll
     * </pre>
     */
    private static List<Line> traceback(TaskFailure failure, int cols, int rows, int scroll) {
        List<Line> screen = new ArrayList<>();
        screen.add(plain("TRACEBACK  " + taskId(failure) + "  "
                + TerminalText.clean(SecretText.mask(failure.hostname())) + "  "
                + EventText.clockSeconds(failure.timestamp())));
        List<String> body = tracebackBody(failure, cols);
        int bodyRows = tracebackBodyRows(rows);
        int from = Math.max(0, Math.min(scroll, body.size() - bodyRows));
        int to = Math.min(body.size(), from + bodyRows);
        body.subList(from, to).forEach(line -> screen.add(plain(line)));
        if (rows >= 3) {
            while (screen.size() < rows - 1) {
                screen.add(plain(""));
            }
            screen.add(plain("lines " + (from + 1) + "-" + to + " of " + body.size() + "  Esc/q=back"
                    + (body.size() > bodyRows ? "  up/down/PgUp/PgDn=scroll" : "")));
        }
        return screen;
    }

    /** Rows for the traceback's text: all but the title and, from three rows up, the position line. */
    private static int tracebackBodyRows(int rows) {
        return Math.max(0, rows - (rows >= 3 ? 2 : 1));
    }

    private static List<String> tracebackBody(TaskFailure failure, int cols) {
        List<String> source = new ArrayList<>();
        source.add(SecretText.mask(failure.exception() == null ? "" : failure.exception()));
        if (failure.traceback() == null || failure.traceback().isBlank()) {
            source.add("(the task-failed event carried no traceback)");
        } else {
            // Program output: secrets there are more often assigned (password=...) than put in a URL.
            String text = SecretText.maskAssignments(failure.traceback()).replace("\r\n", "\n")
                    .replace("\t", TAB).stripTrailing();
            source.addAll(Arrays.asList(text.split("\n", -1)));
        }
        List<String> wrapped = new ArrayList<>();
        for (String line : source) {
            wrapped.addAll(TerminalText.wrapColumns(TerminalText.clean(line), cols));
        }
        return wrapped;
    }

    private static String elapsed(double seconds) {
        long total = Double.isFinite(seconds) ? Math.max(0, (long) seconds) : 0;
        return String.format(Locale.ROOT, "%02d:%02d:%02d", total / 3600, total / 60 % 60, total % 60);
    }

    private static Line plain(String text) {
        return new Line(text, false);
    }
}
