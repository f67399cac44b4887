package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CeleryPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code celerymon events --live} in a real pseudo-terminal (tmux): the view shows the workers,
 * redraws for a new size, and {@code q} quits.
 */
class LiveViewTmuxIT extends ClusterTest {

    private final String session = "cmlive-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.THREADS, CeleryPool.GEVENT};
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

    private String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", session);
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

    private boolean sessionAlive() throws IOException, InterruptedException {
        return tmux("has-session", "-t", session).isBlank();
    }

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", session);
    }

    @Test
    void liveViewShowsWorkersRedrawsOnResizeAndQuitsOnQ() throws Exception {
        String launcher = System.getProperty("celerymon.launcher");
        String command = launcher + " events --live -b " + broker.url() + "; echo exited-$?; sleep 30";
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command);
        List<String> hosts = cluster.hostnames().stream().toList();
        String first = awaitScreen("both workers online", s -> hosts.stream().allMatch(s::contains)
                && s.contains("online"));
        assertThat(first.lines().allMatch(l -> l.length() <= 100)).isTrue();

        tmux("resize-window", "-t", session, "-x", "60", "-y", "20");
        String narrow = awaitScreen("a redraw at 60 columns", s -> s.lines().allMatch(l -> l.length() <= 60)
                && hosts.stream().allMatch(h -> s.contains(h.substring(0, Math.min(h.length(), 20)))));
        assertThat(narrow).doesNotContain("exited-");

        tmux("send-keys", "-t", session, "q");
        String after = awaitScreen("the command exiting", s -> s.contains("exited-"));
        assertThat(after).contains("exited-0");
        assertThat(sessionAlive()).isTrue();
    }
}
