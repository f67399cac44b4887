package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.PrivateRedisServer;
import io.celerymon.testsupport.Signals;
import io.celerymon.testsupport.TempDir;
import io.celerymon.testsupport.TmuxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How {@code celerymon events --live} ends, in a real pseudo-terminal (tmux): {@code q} is 0, Ctrl-C
 * (the key and a SIGINT) 130, SIGTERM 143, SIGHUP 129, each after {@code --summary}; a broker lost
 * mid-view leaves the alternate screen first, then prints the one-line error every mode prints,
 * and exits 4.
 */
class LiveViewExitIT extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A server and a directory per test (the class instance is shared). */
    private TmuxServer tmux;
    private TempDir dir;

    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.THREADS};
    }

    /**
     * Starts {@code celerymon events --live -b URL ARGS} in a new tmux session; the launcher execs
     * java, so the PID the script writes first is celerymon's own.
     */
    private void start(String url, String... args) throws IOException {
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
        tmux.newSession(100, 40, command);
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("pid")).strip());
    }

    private boolean alternateScreenOn() {
        return tmux.display("#{alternate_on}").equals("1");
    }

    private String awaitScreen(String what, Predicate<String> condition) {
        return tmux.awaitScreen(what, WAIT, condition);
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
        return () -> tmux.sendKeys(keys);
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

    @BeforeEach
    void newServer() {
        tmux = TmuxServer.create();
        dir = TempDir.create("celerymon-live-exit");
    }

    @AfterEach
    void killServer() {
        tmux.close();
        dir.close();
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
