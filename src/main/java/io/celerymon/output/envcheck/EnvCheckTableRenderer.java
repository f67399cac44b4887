package io.celerymon.output.envcheck;

import io.celerymon.envcheck.AppProbe;
import io.celerymon.envcheck.EnvCheckReport;
import io.celerymon.envcheck.FlowerAnswer;
import io.celerymon.envcheck.FlowerProbe;
import io.celerymon.envcheck.GreenLibrary;
import io.celerymon.envcheck.HubState;
import io.celerymon.envcheck.ListeningSocket;
import io.celerymon.envcheck.ProbeReport;
import io.celerymon.envcheck.ProbeResult;
import io.celerymon.envcheck.ProcessContext;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.output.FindingsText;
import io.celerymon.output.TerminalText;
import io.celerymon.output.TextTable;
import io.celerymon.secrets.SecretText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code env-check} for people: the processes as a table, a probe summary, then the findings. */
public final class EnvCheckTableRenderer {

    /** The whole text, each line ending in a newline. */
    public String render(EnvCheckReport report) {
        StringBuilder out = new StringBuilder();
        List<ScannedProcess> processes = report.scan().processes();
        if (processes.isEmpty()) {
            out.append("No Celery worker, beat or Flower process found.\n");
        } else {
            TextTable table = new TextTable(List.of("PID", "ROLE", "APP", "POOL", "GREEN", "THREADS", "HUB",
                    "LISTENING (accept queue per sample)"), true, false, false, false, false, true, false, false);
            for (ScannedProcess p : processes) {
                table.add(pid(p), p.role().label(), cell(p.app()), cell(p.pool()), green(p),
                        Integer.toString(p.threads()), hub(p.hub()), listening(p.listening()));
            }
            out.append(table.render());
            for (ScannedProcess p : processes) {
                if (!p.environment().isEmpty()) {
                    out.append("  pid ").append(p.pid()).append(" environment: ").append(env(p.environment()))
                            .append('\n');
                }
            }
        }
        if (!report.scan().complete()) {
            out.append("(scan incomplete: its deadline passed)\n");
        }
        for (FlowerAnswer answer : report.flowerAnswers()) {
            out.append("  pid ").append(answer.pid()).append(" GET /healthcheck to ").append(clean(answer.target()))
                    .append(answer.namespace() == null ? "" : " (in " + clean(answer.namespace()) + ")").append(": ")
                    .append(answer.answered() ? "HTTP " + answer.status() : answer.silent() ? "no answer"
                            : answer.outcome() == FlowerProbe.Outcome.CLOSED ? "closed without an answer"
                            : "not asked (" + clean(answer.error()) + ")")
                    .append(" in ").append(answer.waitedMs()).append(" ms\n");
        }
        if (report.probe() != null) {
            out.append('\n').append(probe(report.probe()));
        }
        out.append('\n').append(new FindingsText().render(report.findings()));
        return out.toString();
    }

    private static String probe(ProbeResult result) {
        StringBuilder out = new StringBuilder("Probe: ").append(clean(result.request().python()));
        ProcessContext context = result.request().context();
        if (context != null) {
            out.append(" in the context of pid ").append(context.pids().get(0)).append(" (uid ").append(context.uid())
                    .append(context.foreign().isEmpty() ? "" : ", its " + String.join("/", context.foreign())
                            + " namespaces").append(')');
        }
        ProbeReport report = result.report();
        if (report == null) {
            return out.append(": ").append(result.status().label()).append(" after ").append(result.elapsedMs())
                    .append(" ms\n").toString();
        }
        out.append(" (Python ").append(clean(report.pythonVersion())).append(") in ").append(result.elapsedMs())
                .append(" ms\n  packages: ");
        out.append(report.packages().entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + " " + clean(e.getValue())).collect(Collectors.joining(", ")));
        out.append('\n');
        if (!report.environment().isEmpty()) {
            out.append("  environment: ").append(env(report.environment())).append('\n');
        }
        AppProbe app = report.app();
        if (app != null) {
            out.append("  app ").append(clean(app.spec())).append(": ")
                    .append(app.imported() ? String.format(Locale.ROOT, "imported in %.0f ms", app.importMs())
                            + " (" + clean(app.form()) + (app.appFound() ? "" : ", not a Celery app") + ")"
                            : "import failed")
                    .append("; patched: ").append(patched(app))
                    .append("; during import: ").append(app.patchedDuringImport() ? "yes" : "no")
                    .append("; late: ").append(app.latePatch() ? "yes" : "no").append('\n');
            if (!app.settings().isEmpty()) {
                out.append("  settings: ").append(app.settings().entrySet().stream()
                        .map(e -> e.getKey() + "=" + clean(String.valueOf(e.getValue())))
                        .collect(Collectors.joining(" "))).append('\n');
            }
        }
        return out.toString();
    }

    private static String patched(AppProbe app) {
        if (!app.anythingPatched()) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder();
        if (!app.geventPatched().isEmpty()) {
            out.append("gevent ").append(String.join(",", app.geventPatched()));
        }
        if (!app.eventletPatched().isEmpty()) {
            out.append(out.length() > 0 ? "; " : "").append("eventlet ").append(String.join(",", app.eventletPatched()));
        }
        return out.toString();
    }

    private static String green(ScannedProcess p) {
        return p.greenLibraries().isEmpty() ? "-"
                : p.greenLibraries().stream().sorted().map(GreenLibrary::label).collect(Collectors.joining(","));
    }

    /** The hub's verdict in a few words: "epoll_wait", "blocked pselect6", "busy 97%", "unreadable". */
    private static String hub(HubState hub) {
        return switch (hub.kind()) {
            case EVENT_LOOP -> clean(hub.syscall());
            case BLOCKED_IN_CALL -> "blocked " + clean(hub.syscall());
            case BUSY_CPU -> "busy " + hub.cpuPercent() + "%";
            case UNREADABLE -> "unreadable";
            case EXITED -> "exited";
            case OTHER -> hub.syscall() == null ? "-" : hub.state() + " " + clean(hub.syscall());
            case NOT_SAMPLED -> "-";
        };
    }

    private static String listening(List<ListeningSocket> sockets) {
        if (sockets.isEmpty()) {
            return "-";
        }
        return sockets.stream().map(s -> s.address() + " (" + s.acceptQueue().stream().map(Objects::toString)
                .collect(Collectors.joining("→")) + ")").collect(Collectors.joining(" "));
    }

    private static String env(Map<String, String> env) {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + clean(e.getValue())).collect(Collectors.joining(" "));
    }

    private static String cell(String value) {
        return value == null ? "-" : clean(value);
    }

    private static String clean(String text) {
        return text == null ? "-" : TerminalText.clean(SecretText.mask(text));
    }

    /** The host's PID, and the container's view of it ({@code 23720 (ct 1)}) for a process in its own PID namespace. */
    private static String pid(ScannedProcess p) {
        return p.context().pids().size() > 1 ? p.pid() + " (ct " + p.context().innerPid() + ")" : Long.toString(p.pid());
    }
}
