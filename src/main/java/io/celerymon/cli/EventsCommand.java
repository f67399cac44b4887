package io.celerymon.cli;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerClients;
import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.Deadline;
import io.celerymon.events.CeleryEvent;
import io.celerymon.events.EventFilter;
import io.celerymon.events.EventWatch;
import io.celerymon.inspect.KnownWorkersStore;
import io.celerymon.inspect.WorkerFactsStore;
import io.celerymon.output.events.ClusterSummaryRenderer;
import io.celerymon.output.events.EventNdjsonRenderer;
import io.celerymon.output.events.EventTableRenderer;
import io.celerymon.output.events.LiveView;
import io.celerymon.protocol.CeleryJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code celerymon events}: the event stream as NDJSON, a table or a live view, with heartbeat watching. */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Stream Celery events (NDJSON, a table, or a live terminal view) and watch heartbeats:",
                "a worker silent for more than 2 x its heartbeat interval is reported stalled, and the whole",
                "silence as a heartbeat gap when it speaks again."},
        footer = {"%nExit codes:",
                "  0    the stream ran to its end (--duration, --count, q), or the reader of",
                "       stdout went away (| head -1: seen at the next line written; --restore",
                "       runs, --summary does not)",
                "  3    no event arrived, or none matched --type/--worker (said on stderr)",
                "  4    the broker was lost or unreachable, in every mode (the live view",
                "       restores the terminal first)",
                "  130  Ctrl-C (the key in the live view, or SIGINT)",
                "  143  SIGTERM;  129  SIGHUP",
                "  2, 5 and 70 as for every command (see celerymon --help)",
                "--restore runs on every way out; --summary on every way out but a reader gone."})
public final class EventsCommand implements Callable<Integer> {

    /**
     * How long a Ctrl-C or SIGTERM waits for --restore and --summary beyond -t, which bounds
     * disable_events: closing the standing call takes up to about a second, the summary little.
     */
    private static final long FINISH_ON_SIGNAL_SLACK_MS = 2000;

    @ParentCommand
    CelerymonCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "ndjson (default when stdout is not a terminal) or table.")
    String format;

    @Option(names = "--live", description = "Full-screen live view (default on a terminal); q quits, t shows a failure's traceback.")
    boolean live;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long.")
    Double durationSeconds;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    Long count;

    @Option(names = "--type", paramLabel = "GLOB", description = "Only events whose type matches, e.g. 'task-*'.")
    String typeGlob;

    @Option(names = "--worker", paramLabel = "GLOB", description = "Only events whose hostname matches.")
    String workerGlob;

    @Option(names = "--enable-events", description = "Broadcast enable_events as the stream starts (task events are off without -E).")
    boolean enableEvents;

    @Option(names = "--restore", description = {"With --enable-events: send disable_events on exit to the workers it",
            "enabled (their reply, however late, said so); name on stderr those that never answered."})
    boolean restore;

    @Option(names = "--summary", description = "At exit, print the cluster state as one JSON document.")
    boolean summary;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "2.0",
            description = {"Deadline for connecting, for sending enable_events and stats (their replies are",
                    "taken until exit), and for disable_events at exit (default: ${DEFAULT-VALUE})."})
    double timeoutSeconds;

    @Mixin
    BrokerOptions broker;

    @Override
    public Integer call() throws Exception {
        Mode mode = mode();
        EventFilter filter = filter();
        Duration timeout = timeout();
        if (mode == Mode.LIVE) {
            openTerminal().close();
        }
        if (restore && !enableEvents) {
            throw new ParameterException(spec.commandLine(), "--restore goes with --enable-events");
        }
        // Counted from process start like every command's deadline: -t bounds what the user waits for.
        Deadline connect = CommandDeadline.of(timeout);
        BrokerConfig config = broker.resolve(parent.env(), parent.secrets(), connect);
        CeleryJson json = new CeleryJson();
        KnownWorkersStore known = KnownWorkersStore.forEnvironment(parent.env(), json.mapper());
        BrokerClient client = BrokerClients.connect(config, json.mapper(), connect);
        PrintWriter out = spec.commandLine().getOut();
        StreamOutput lines = new StreamOutput(out);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(timeout.toMillis() + FINISH_ON_SIGNAL_SLACK_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "celerymon-events-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (EventWatch watch = EventWatch.open(client, json, config.controlExchange(), filter, connect)) {
            EventsWorkerFacts facts = new EventsWorkerFacts(
                    WorkerFactsStore.forEnvironment(parent.env(), json.mapper()), KnownWorkersStore.keyFor(config));
            facts.feed(watch, timeout);
            // In the background: the stream starts at once, and late replies are still taken.
            watch.startCalls(enableEvents, timeout, known.load(KnownWorkersStore.keyFor(config)));
            LiveView.Ending ending = LiveView.Ending.STOPPED;
            // Every way out passes here: the end, q, Ctrl-C, a signal, a lost broker, a reader gone.
            // A failure waits until --restore and --summary have run, then takes the usual one-line path.
            Exception failure = null;
            try {
                Deadline until = durationSeconds == null ? Deadline.in(Duration.ofDays(365 * 100L))
                        : Deadline.in(Duration.ofNanos((long) (durationSeconds * 1e9)));
                long limit = count == null ? -1 : count;
                if (mode == Mode.LIVE) {
                    ending = runLive(watch, until, limit, stop);
                } else {
                    Consumer<CeleryEvent> sink = lines.lines(mode == Mode.TABLE
                            ? line(out, new EventTableRenderer()::render)
                            : ndjson(out, new EventNdjsonRenderer(watch.endpoint())));
                    watch.run(until, limit, () -> stop.get() || lines.readerGone(), sink, lines::caughtUp);
                }
            } catch (Exception e) {
                failure = e;
            } finally {
                if (restore) {
                    failure = afterRestore(() -> facts.report(watch.restoreEvents(timeout), timeout,
                            spec.commandLine().getErr()), failure);
                }
                facts.remember(watch);
            }
            // Once the reader has gone there is nowhere to print the summary, and nobody to tell.
            if (!lines.readerGone()) {
                reportDropped(watch.dropped());
                if (summary) {
                    ClusterSummaryRenderer renderer = new ClusterSummaryRenderer();
                    out.print(mode == Mode.NDJSON ? renderer.renderLine(watch.snapshot())
                            : renderer.render(watch.snapshot()));
                    out.flush();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return exitCode(ending, watch, lines);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it waits for the count-down above.
            }
        }
    }

    /**
     * Runs the {@code --restore} step; its own failure is the one reported when the stream ended
     * well, and rides along (suppressed) behind the stream's own failure otherwise.
     */
    static Exception afterRestore(Runnable restoreStep, Exception failure) {
        try {
            restoreStep.run();
            return failure;
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }

    /**
     * 0 when the reader of stdout went away (as {@code head} users expect) or some event passed the
     * filter; 130, 143 or 129 for a Ctrl-C, SIGTERM or SIGHUP the live view caught; 3, said on
     * stderr, when no event arrived or none passed {@code --type}/{@code --worker}.
     */
    private int exitCode(LiveView.Ending ending, EventWatch watch, StreamOutput lines) {
        if (lines.readerGone()) {
            return ExitCode.OK;
        }
        switch (ending) {
            case INTERRUPTED -> {
                return ExitCode.INTERRUPTED;
            }
            case TERMINATED -> {
                return ExitCode.TERMINATED;
            }
            case HUNG_UP -> {
                return ExitCode.HUNG_UP;
            }
            default -> {
                // the stream's own end: judged below
            }
        }
        if (watch.passed() > 0) {
            return ExitCode.OK;
        }
        // After a SIGINT or SIGTERM the signal's code wins; the line would only be noise then.
        if (!ShutdownCleanup.inProgress()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(nothingPassed(watch.received(), typeGlob, workerGlob));
            err.flush();
        }
        return ExitCode.NO_REPLY;
    }

    /** The stderr line for exit 3: nothing arrived, or nothing got through the filter. */
    static String nothingPassed(long received, String typeGlob, String workerGlob) {
        if (received == 0) {
            return "celerymon: no event arrived";
        }
        List<String> options = new java.util.ArrayList<>();
        if (typeGlob != null) {
            options.add("--type " + typeGlob);
        }
        if (workerGlob != null) {
            options.add("--worker " + workerGlob);
        }
        return String.format(java.util.Locale.ROOT, "celerymon: no event matched %s (%,d received)",
                String.join(" and ", options), received);
    }

    // On stderr, so that stdout stays pure NDJSON; only when something was lost.
    private void reportDropped(long dropped) {
        if (dropped > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(java.util.Locale.ROOT, "celerymon: %,d events dropped: the output could not keep up with the"
                    + " stream%n", dropped);
            err.flush();
        }
    }

    /**
     * The feed runs on a thread of its own while the view draws on this one. A failure of the feed
     * (a lost broker) ends the view and is rethrown here, after the terminal has been restored, so
     * it is reported like in every other mode; nothing escapes the feed thread.
     */
    private LiveView.Ending runLive(EventWatch watch, Deadline until, long limit, AtomicBoolean stop)
            throws Exception {
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        Thread feeder = new Thread(() -> {
            try {
                watch.run(until, limit, stop::get, event -> { }, () -> { });
            } catch (Throwable e) {
                feedFailure.set(e);
            }
        }, "celerymon-events-feed");
        feeder.setDaemon(true);
        feeder.start();
        LiveView.Ending ending;
        try (Terminal terminal = openTerminal()) {
            ending = new LiveView(terminal).run(watch::snapshot, Duration.ofMillis(500),
                    () -> stop.get() || !feeder.isAlive());
        } finally {
            stop.set(true);
            feeder.join(1000);
        }
        Throwable failure = feedFailure.get();
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return ending;
    }

    private Terminal openTerminal() throws java.io.IOException {
        // dumb(true): on a non-terminal JLine 3 would otherwise print a warning of its own.
        Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
        if (terminal.getType().startsWith("dumb")) {
            terminal.close();
            throw new ParameterException(spec.commandLine(), "--live needs a terminal; use -o ndjson or -o table");
        }
        return terminal;
    }

    // Flushed by the watch whenever it has caught up with the stream: per line when events trickle
    // in, in blocks under a flood.
    private static Consumer<CeleryEvent> line(PrintWriter out, java.util.function.Function<CeleryEvent, String> render) {
        return event -> {
            String text = render.apply(event);
            out.print(text.endsWith("\n") ? text : text + "\n");
        };
    }

    // Written straight into out, without a String per line; flushed as above.
    private static Consumer<CeleryEvent> ndjson(PrintWriter out, EventNdjsonRenderer renderer) {
        return event -> {
            try {
                renderer.write(event, out);
            } catch (java.io.IOException e) {
                // A PrintWriter reports its errors through checkError(), never by throwing.
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private enum Mode { NDJSON, TABLE, LIVE }

    private Mode mode() {
        if (live && format != null) {
            throw new ParameterException(spec.commandLine(), "--live and -o exclude each other");
        }
        if (live) {
            return Mode.LIVE;
        }
        if (format == null) {
            return System.console() != null ? Mode.LIVE : Mode.NDJSON;
        }
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "ndjson" -> Mode.NDJSON;
            case "table" -> Mode.TABLE;
            default -> throw new ParameterException(spec.commandLine(),
                    "events prints ndjson or table, not '" + format + "' (--summary gives a JSON document)");
        };
    }

    private EventFilter filter() {
        if (typeGlob != null) {
            OptionLimits.text(spec, "--type", typeGlob, OptionLimits.PATTERN_CHARS);
        }
        if (workerGlob != null) {
            OptionLimits.text(spec, "--worker", workerGlob, OptionLimits.PATTERN_CHARS);
        }
        try {
            return new EventFilter(typeGlob, workerGlob);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Duration timeout() {
        if (durationSeconds != null && !(durationSeconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--duration must be more than 0 seconds");
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        return CallOptions.timeout(timeoutSeconds, spec);
    }
}
