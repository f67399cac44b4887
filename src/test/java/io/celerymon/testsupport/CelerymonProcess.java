package io.celerymon.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the shaded jar ({@code java -jar $celerymon.jar args...}) as a separate process, as a user
 * would, under a hard timeout. The environment is inherited minus variables that would change
 * what the tool does ({@code CELERY_BROKER_URL}, {@code CELERYMON_*}, {@code JAVA_TOOL_OPTIONS}),
 * so tests set exactly what they mean to.
 */
public final class CelerymonProcess {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> args;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private final Set<String> removedEnv = new LinkedHashSet<>(List.of("CELERY_BROKER_URL", "BROKER_URL",
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
    private Duration timeout = DEFAULT_TIMEOUT;
    private Path directory;

    private CelerymonProcess(List<String> args) {
        this.args = List.copyOf(args);
    }

    /** {@code celerymon <args...>}. */
    public static CelerymonProcess of(String... args) {
        return new CelerymonProcess(List.of(args));
    }

    /** {@code celerymon <args...>}. */
    public static CelerymonProcess of(List<String> args) {
        return new CelerymonProcess(args);
    }

    /** Sets an environment variable for the child. */
    public CelerymonProcess env(String name, String value) {
        removedEnv.remove(name);
        extraEnv.put(name, value);
        return this;
    }

    /** Removes an inherited environment variable from the child. */
    public CelerymonProcess unsetEnv(String name) {
        extraEnv.remove(name);
        removedEnv.add(name);
        return this;
    }

    /** Runs the child in {@code dir} (default: the test's working directory). */
    public CelerymonProcess directory(Path dir) {
        this.directory = dir;
        return this;
    }

    /** Hard limit after which the process tree is killed and the result marked timed out (default 60 s). */
    public CelerymonProcess timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Runs to completion (or the hard timeout). */
    public CommandResult run() {
        return startAsync().await(timeout);
    }

    /** Starts without waiting: signal it with {@link RunningCommand#signal}, then {@link RunningCommand#await}. */
    public RunningCommand startAsync() {
        ProcessBuilder builder = new ProcessBuilder(command());
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> removedEnv.contains(k) || k.startsWith("CELERYMON_"));
        env.putAll(extraEnv);
        return RunningCommand.start(builder, "celerymon " + String.join(" ", args.stream().map(UrlMasking::mask).toList()));
    }

    /** The timeout {@link #run} applies. */
    public Duration timeout() {
        return timeout;
    }

    // Through bin/celerymon when the build names it, so tests run the launcher users run, with its
    // JVM flags and class-data-sharing archive.
    private List<String> command() {
        List<String> command = new ArrayList<>();
        String launcher = System.getProperty("celerymon.launcher");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            command.add(launcher);
        } else {
            String jar = System.getProperty("celerymon.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("system property celerymon.jar must name the shaded jar (got " + jar
                        + "); run integration tests with mvn verify");
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-jar");
            command.add(jar);
        }
        command.addAll(args);
        return command;
    }
}
