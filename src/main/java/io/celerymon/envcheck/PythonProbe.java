package io.celerymon.envcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.secrets.SecretText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the probe script (a resource of this package) with a chosen interpreter, under a hard
 * timeout. The script is streamed on stdin ({@code python -}), so nothing is written to disk and
 * {@code sys.path[0]} is the working directory, as for {@code celery -A}. When the probe ends or its
 * timeout passes, whatever it started is killed ({@link ProbeReaper}), and its output is waited for
 * only a moment after that; {@link #close()} does the same for a probe still running when
 * celerymon is stopped. Output is bounded: the report's stdout to 1 MiB, the stderr to its last 4 KiB.
 */
public final class PythonProbe implements AutoCloseable {
    private static final String SCRIPT = "probe.py";
    private static final int MAX_STDOUT = 1024 * 1024;
    private static final int STDERR_TAIL = 4096;
    /** How long the output may still take to end once the probe and its processes were killed. */
    private static final long PIPE_GRACE_MS = 100;
    private static final Path PROC = Path.of("/proc");
    private static final String NSENTER = "nsenter";
    private static final int NOBODY = 65534;
    private static final String HOST_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    /**
     * Run first, as the process's user inside its namespaces: reads one JSON line of environment
     * from stdin, unbuffered so the script that follows stays in the pipe, and becomes the probe's
     * interpreter with that environment (PYTHONPATH and the rest take effect at its start). Not
     * in argv, where every user could read the environment's secrets.
     */
    static final String TRAMPOLINE = "import json,os,sys\n"
            + "line=b''\n"
            + "while not line.endswith(b'\\n'):\n"
            + "    c=os.read(0,1)\n"
            + "    if not c: break\n"
            + "    line+=c\n"
            + "os.execve(sys.executable,[sys.executable]+sys.argv[1:],json.loads(line))\n";

    private final byte[] script;
    private final ProbeReportParser parser = new ProbeReportParser();
    private volatile Running running;

    public PythonProbe() {
        try (InputStream in = PythonProbe.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SCRIPT + " is missing from the build");
            }
            this.script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the probe; never throws for anything the interpreter or the app does. */
    public ProbeResult run(ProbeRequest request) {
        long started = System.nanoTime();
        List<String> command;
        try {
            command = command(request, Euid.current());
        } catch (IllegalStateException cannotEnter) {
            return new ProbeResult(request, ProbeResult.Status.FAILED, null, elapsed(started), cannotEnter.getMessage(),
                    "", null);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(request.workingDirectory().toFile());
        builder.environment().clear();
        boolean entering = command.get(0).equals(NSENTER);
        if (entering) {
            // nsenter runs as root on this host: the process's environment (LD_PRELOAD, PATH…) must not reach it.
            // The trampoline hands it to the probe's interpreter once that runs as the process's user.
            builder.environment().put("PATH", HOST_PATH);
        } else {
            builder.environment().putAll(request.environment());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ProbeResult(request, ProbeResult.Status.FAILED, null, elapsed(started),
                    "cannot run " + request.python() + ": " + reason(e), "", null);
        }
        ProbeReaper reaper = ProbeReaper.watch(PROC, process.pid());
        running = new Running(process, reaper);
        Capture stdout = new Capture(process.getInputStream(), MAX_STDOUT, false);
        Capture stderr = new Capture(process.getErrorStream(), STDERR_TAIL, true);
        byte[] prefix = entering ? environmentLine(request.environment()) : new byte[0];
        // On a thread of its own: an interpreter that never reads stdin must not hold the timeout off.
        Thread feeder = new Thread(() -> feed(process, prefix), "celerymon-probe-stdin");
        feeder.setDaemon(true);
        feeder.start();
        boolean exited = waitFor(process, request.timeout().toMillis());
        // Also after a normal exit: what the app's import started and left running ends with the probe.
        killTree(process, reaper);
        running = null;
        // A grandchild that left the probe's group still holds the pipes: it is found by them and
        // killed, and whatever happens the output is not waited for any longer.
        if (!stdout.join(PIPE_GRACE_MS) | !stderr.join(PIPE_GRACE_MS)) {
            reaper.killPipeHolders();
            stdout.join(PIPE_GRACE_MS);
            stderr.join(PIPE_GRACE_MS);
        }
        String errTail = SecretText.maskAssignments(stderr.text());
        long elapsed = elapsed(started);
        if (!exited) {
            return new ProbeResult(request, ProbeResult.Status.TIMED_OUT, null, elapsed,
                    "the probe did not finish within " + request.timeout().toMillis() / 1000.0 + " s and was killed"
                            + (request.app() != null ? " (importing " + request.app() + " hangs?)" : ""),
                    errTail, null);
        }
        int code = process.exitValue();
        if (code != 0) {
            return new ProbeResult(request, ProbeResult.Status.FAILED, code, elapsed,
                    "the probe exited with code " + code, errTail, null);
        }
        try {
            // A probe that completed has said what it found; what the app printed on the way is not kept.
            return new ProbeResult(request, ProbeResult.Status.COMPLETED, code, elapsed, null, "",
                    parser.parse(stdout.text()));
        } catch (IllegalArgumentException notAReport) {
            return new ProbeResult(request, ProbeResult.Status.FAILED, code, elapsed, notAReport.getMessage(), errTail,
                    null);
        }
    }

    /**
     * The command line: the interpreter reading the script from stdin, prefixed with
     * {@code nsenter} when the probe must run in another process's context — entering the
     * namespaces that are not ours, as that process's user and group ({@link #runAs}: never as
     * root), in its working directory.
     *
     * @throws IllegalStateException when that context cannot be entered as this user
     */
    static List<String> command(ProbeRequest request, int euid) {
        List<String> command = new ArrayList<>();
        ProcessContext context = request.context();
        if (context != null && (!context.foreign().isEmpty() || runAs(context) != euid)) {
            if (euid != 0) {
                throw new IllegalStateException("running the probe in the context of pid " + context.pids().get(0)
                        + " (" + (context.foreign().isEmpty() ? "user " + context.uid()
                        : String.join(", ", context.foreign()) + " namespaces") + ") needs root");
            }
            if (context.uid() < 0 || context.gid() < 0) {
                throw new IllegalStateException("the user of pid " + context.pids().get(0) + " could not be read");
            }
            command.addAll(List.of(NSENTER, "--target", Long.toString(context.pids().get(0))));
            for (String kind : context.foreign()) {
                command.add(switch (kind) {
                    case "mnt" -> "--mount";
                    case "pid" -> "--pid";
                    case "net" -> "--net";
                    default -> throw new IllegalStateException("unexpected namespace kind " + kind);
                });
            }
            int uid = runAs(context);
            command.addAll(List.of("--setuid", Integer.toString(uid), "--setgid",
                    Integer.toString(uid == NOBODY ? NOBODY : context.gid()), "--wd", "--"));
            // The interpreter's path as the process sees it: looked up inside its mount namespace.
            command.addAll(List.of(request.python(), "-c", TRAMPOLINE));
        } else {
            command.add(resolve(request));
        }
        command.add("-");
        if (request.app() != null) {
            command.add("--app");
            command.add(request.app());
        }
        return command;
    }

    /**
     * The user the probe runs as in {@code context}: the process's own, except that a process
     * running as root is probed as nobody — the probe never runs as host root, whose capabilities
     * no container limits.
     */
    static int runAs(ProcessContext context) {
        return context.uid() == 0 ? NOBODY : context.uid();
    }

    /** A bare name is looked up on the probe's own PATH, not celerymon's. */
    private static String resolve(ProbeRequest request) {
        return locate(request.python(), request.environment()).map(Path::toString).orElse(request.python());
    }

    /**
     * The executable file {@code python} names: a path as it is, a bare name on {@code PATH} of
     * {@code environment} (empty entries, which would mean the working directory, are skipped).
     */
    public static Optional<Path> locate(String python, Map<String, String> environment) {
        if (python.contains("/")) {
            return path(python).filter(PythonProbe::executableFile);
        }
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Arrays.stream(path.split(":")).filter(dir -> !dir.isEmpty()).map(dir -> path(dir + "/" + python))
                .flatMap(Optional::stream).filter(PythonProbe::executableFile).findFirst();
    }

    /** A name the file system cannot encode (a lone surrogate, say) names no file at all. */
    private static Optional<Path> path(String name) {
        try {
            return Optional.of(Path.of(name));
        } catch (java.nio.file.InvalidPathException unencodable) {
            return Optional.empty();
        }
    }

    /** The process's environment as the trampoline reads it: one line of JSON. */
    private static byte[] environmentLine(Map<String, String> environment) {
        try {
            return (new ObjectMapper().writeValueAsString(environment) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an environment that is not JSON", e);
        }
    }

    private static boolean executableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    private void feed(Process process, byte[] prefix) {
        // The script is small: it fits in the pipe, and Python reads all of it before running it.
        try (OutputStream in = process.getOutputStream()) {
            in.write(prefix);
            in.write(script);
        } catch (IOException exitedEarly) {
            // The interpreter died at once; its exit code and stderr tell why.
        }
    }

    private static boolean waitFor(Process process, long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills a probe still running (celerymon is being stopped) with everything it started; idempotent. */
    @Override
    public void close() {
        Running probe = running;
        if (probe != null && probe.process().isAlive()) {
            killTree(probe.process(), probe.reaper());
        }
    }

    /**
     * SIGKILLs the probe, its descendants and its process group (the probe makes one; under
     * nsenter it is the group of nsenter's child, the interpreter), and gives them a moment to be gone.
     */
    private static void killTree(Process process, ProbeReaper reaper) {
        Set<Long> groups = process.children().map(ProcessHandle::pid).collect(Collectors.toSet());
        reaper.awaitGone(reaper.killTree(process.toHandle(), groups), ProbeReaper.KILL_WAIT_MILLIS);
    }

    /** A probe while it runs, for {@link #close()}. */
    private record Running(Process process, ProbeReaper reaper) {
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // "Cannot run program "x": error=2, No such file or directory": the program is named already.
        int errno = message.indexOf("error=");
        return errno >= 0 ? message.substring(errno) : message;
    }

    /** Drains one stream on a daemon thread, keeping its head (stdout) or its tail (stderr), bounded. */
    private static final class Capture {
        private final Thread thread;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int limit;
        private final boolean tail;

        Capture(InputStream in, int limit, boolean tail) {
            this.limit = limit;
            this.tail = tail;
            this.thread = new Thread(() -> drain(in), "celerymon-probe-" + (tail ? "stderr" : "stdout"));
            thread.setDaemon(true);
            thread.start();
        }

        private void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        kept.write(buffer, 0, n);
                        if (kept.size() > limit) {
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, tail ? all.length - limit : 0, limit);
                        }
                    }
                }
            } catch (IOException closed) {
                // The process was killed or closed the stream: what was read stands.
            }
        }

        /** Whether the stream ended within {@code millis}. */
        boolean join(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !thread.isAlive();
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
