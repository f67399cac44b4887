package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.PrivateRedisServer;
import io.celerymon.testsupport.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@code celerymon events --live} ends, in a real pseudo-terminal (tmux): {@code q} is 0, Ctrl-C
 * (the key and a SIGINT) 130, SIGTERM 143, SIGHUP 129, each after {@code --summary}; a broker lost
 * mid-view leaves the alternate screen first, then prints the one-line error every mode prints,
 * and exits 4.
 */
class LiveViewExitIT extends ClusterTest {

    private final String session = "cmexit-" + UUID.randomUUID().toString().substring(0, 8);
    private Path dir;

    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.THREADS};
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of("tmux"),
                java.util.Arrays.stream(args)).toList()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /**
     * Starts {@code celerymon events --live -b URL ARGS} in a new tmux session; the launcher execs
     * java, so the PID the script writes first is celerymon's own.
     */
    private void start(String url, String... args) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("celerymon-live-exit");
        Path script = dir.resolve("run.sh");
        StringBuilder text = new StringBuilder("#!/bin/bash\necho $$ > '" + dir.resolve("pid") + "'\n")
                .append("export CELERYMON_CACHE_DIR='").append(dir.resolve("cache")).append("'\n")
                .append("exec '").append(System.getProperty("celerymon.launcher")).append("' events --live -b '")
                .append(url).append("'");
        for (String arg : args) {
            text.append(" '").append(arg).append("'");
        }
        Files.writeString(script, text.append("\n").toString());
        String command = "bash '" + script + "'; echo exited-$?; sleep 60";
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "40", command);
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("pid")).strip());
    }

    private String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", session);
    }

    private boolean alternateScreenOn() throws IOException, InterruptedException {
        return tmux("display", "-p", "-t", session, "#{alternate_on}").strip().equals("1");
    }

    private String awaitScreen(String what, Predicate<String> condition) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < until) {
            last = screen();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("screen never showed " + what + ":\n" + last);
    }

    private String awaitWorkersThenExit(Runnable end) throws Exception {
        List<String> hosts = cluster.hostnames().stream().toList();
        awaitScreen("the workers online", s -> hosts.stream().allMatch(s::contains) && s.contains("online"));
        assertThat(alternateScreenOn()).isTrue();
        end.run();
        String after = awaitScreen("the command exiting", s -> s.contains("exited-"));
        assertThat(alternateScreenOn()).as(after).isFalse();
        assertThat(after).doesNotContain("Exception").doesNotContain("\tat ");
        return after;
    }

    private Runnable keys(String... keys) {
        return () -> {
            try {
                List<String> args = new java.util.ArrayList<>(List.of("send-keys", "-t", session));
                args.addAll(List.of(keys));
                tmux(args.toArray(String[]::new));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private Runnable signal(String name) {
        return () -> {
            try {
                Signals.send(pid(), name);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", session);
    }

    @Test
    void qIs0() throws Exception {
        start(broker.url());
        assertThat(awaitWorkersThenExit(keys("q"))).contains("exited-0");
    }

    @Test
    void theCtrlCKeyIs130AfterTheSummary() throws Exception {
        start(broker.url(), "--summary");
        String after = awaitWorkersThenExit(keys("C-c"));
        assertThat(after).contains("exited-130").contains("\"tasks_tracked\"");
    }

    @Test
    void aSigintIs130AfterTheSummary() throws Exception {
        start(broker.url(), "--summary");
        String after = awaitWorkersThenExit(signal("INT"));
        assertThat(after).contains("exited-130").contains("\"tasks_tracked\"");
    }

    @Test
    void aSigtermIs143AfterTheSummary() throws Exception {
        start(broker.url(), "--summary");
        String after = awaitWorkersThenExit(signal("TERM"));
        assertThat(after).contains("exited-143").contains("\"tasks_tracked\"");
    }

    @Test
    void aSighupIs129() throws Exception {
        start(broker.url());
        assertThat(awaitWorkersThenExit(signal("HUP"))).contains("exited-129");
    }

    @Test
    void aBrokerLostMidViewRestoresTheTerminalThenPrintsOneLineAndExits4() throws Exception {
        PrivateRedisServer redis = PrivateRedisServer.start();
        try (redis) {
            start(redis.url(0), "--summary");
            awaitScreen("the view", s -> s.contains("WORKERS 0"));
            assertThat(alternateScreenOn()).isTrue();
            redis.close();
            String after = awaitScreen("the command exiting", s -> s.contains("exited-"));
            assertThat(alternateScreenOn()).as(after).isFalse();
            assertThat(after).contains("exited-4").contains("\"tasks_tracked\"")
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(redis.password());
            List<String> errors = after.lines().filter(l -> l.startsWith("celerymon: ")).toList();
            assertThat(errors).as(after).hasSize(1);
            assertThat(errors.get(0)).contains("127.0.0.1:" + redis.port());
        }
    }
}
