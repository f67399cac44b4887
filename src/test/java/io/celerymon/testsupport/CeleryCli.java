package io.celerymon.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Celery's own Python command line and client, as the reference to compare celerymon with: of the
 * same {@link CeleryVersion} as the workers, since its replies are what that version prints.
 */
public final class CeleryCli {
    /** Python start-up and imports take a second or two; this bounds them on a loaded machine. */
    private static final Duration PROCESS_SLACK = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CeleryAppConfig app;

    public CeleryCli(CeleryAppConfig app) {
        this.app = app;
    }

    /**
     * {@code celery inspect <method> --json [-d a,b] --timeout t}. Nodes that replied are in
     * {@link CeleryCliResult#replies()}; when none did, Celery exits 69 and that object is empty.
     */
    public CeleryCliResult inspect(String method, Collection<String> destinations, Duration timeout) {
        return inspect(method, List.of(), destinations, timeout);
    }

    /** As {@link #inspect(String, Collection, Duration)}, with the method's positional arguments. */
    public CeleryCliResult inspect(String method, List<String> methodArgs, Collection<String> destinations,
                                   Duration timeout) {
        List<String> command = new ArrayList<>(List.of(CeleryWorker.PYTHON, "-m", "celery", "-A", "cmtasks",
                "-b", app.brokerUrl(), "inspect", method));
        command.addAll(methodArgs);
        command.addAll(List.of("--json", "--timeout", Double.toString(timeout.toMillis() / 1000.0)));
        if (!destinations.isEmpty()) {
            command.add("-d");
            command.add(String.join(",", destinations));
        }
        CommandResult run = python(command, timeout.plus(PROCESS_SLACK));
        if (run.timedOut()) {
            throw new IllegalStateException("celery inspect " + method + " hung\n" + run.describe());
        }
        JsonNode replies = JSON.createObjectNode();
        if (run.exitCode() == 0) {
            replies = parse(run, method);
        } else if (run.exitCode() != CeleryCliResult.EX_UNAVAILABLE) {
            throw new IllegalStateException("celery inspect " + method + " failed\n" + run.describe());
        }
        return new CeleryCliResult(replies, run.exitCode(), run.wallMillis(), run.stdout(), run.stderr());
    }

    /** {@code celery inspect ping} of every worker, waiting {@code timeout} for replies. */
    public CeleryCliResult ping(Duration timeout) {
        return inspect("ping", List.of(), timeout);
    }

    /**
     * Sends task {@code name} with positional {@code args} to {@code queue} through the app's
     * {@code send_task} (so the configured serializer is used); returns the task id.
     */
    public String sendTask(String queue, String name, Object... args) {
        String argsJson;
        try {
            argsJson = JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task arguments are not JSON-serialisable", e);
        }
        String script = "import json, sys, cmtasks\n"
                + "r = cmtasks.app.send_task(sys.argv[1], args=json.loads(sys.argv[2]), queue=sys.argv[3])\n"
                + "print(r.id)\n";
        CommandResult run = python(List.of(CeleryWorker.PYTHON, "-c", script, name, argsJson, queue), PROCESS_SLACK);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("send_task " + name + " to " + queue + " failed\n" + run.describe());
        }
        return run.stdout().trim();
    }

    /**
     * Sends task {@code name} to {@code queue} with the arguments a Python expression gives, evaluated
     * with the modules datetime, decimal and uuid imported: for values JSON alone cannot carry, which
     * kombu 5.2 writes as strings and kombu >= 5.3 as {@code {"__type__", "__value__"}}. Returns the task id.
     */
    public String sendTaskWithPythonArgs(String queue, String name, String argsExpression) {
        String script = "import datetime, decimal, uuid, sys, cmtasks\n"
                + "r = cmtasks.app.send_task(sys.argv[1], args=eval(sys.argv[2]), queue=sys.argv[3])\n"
                + "print(r.id)\n";
        CommandResult run = python(List.of(CeleryWorker.PYTHON, "-c", script, name, argsExpression, queue),
                PROCESS_SLACK);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("send_task " + name + " to " + queue + " failed\n" + run.describe());
        }
        return run.stdout().trim();
    }

    private CommandResult python(List<String> command, Duration timeout) {
        app.celery().require();
        ProcessBuilder builder = new ProcessBuilder(command).directory(CeleryWorker.logDir().toFile());
        CeleryAppConfig.scrubInherited(builder.environment());
        builder.environment().putAll(app.pythonEnv());
        return CommandRunner.run(builder, timeout);
    }

    private static JsonNode parse(CommandResult run, String method) {
        try {
            JsonNode node = JSON.readTree(run.stdout());
            if (node == null || !node.isObject()) {
                throw new IllegalStateException("celery inspect " + method + " printed no JSON object\n"
                        + run.describe());
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("celery inspect " + method + " printed invalid JSON\n"
                    + run.describe(), e);
        }
    }
}
