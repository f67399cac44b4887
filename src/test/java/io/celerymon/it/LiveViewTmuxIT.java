package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.TmuxServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code celerymon events --live} in a real pseudo-terminal (tmux): the view shows the workers,
 * redraws for a new size, and {@code q} quits.
 */
class LiveViewTmuxIT extends ClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A server per test (the class instance is shared): nothing of one test's session outlives it. */
    private TmuxServer tmux;

    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.THREADS, CeleryPool.GEVENT};
    }

    @BeforeEach
    void newServer() {
        tmux = TmuxServer.create();
    }

    @AfterEach
    void killServer() {
        tmux.close();
    }

    @Test
    void liveViewShowsWorkersRedrawsOnResizeAndQuitsOnQ() {
        String launcher = System.getProperty("celerymon.launcher");
        tmux.newSession(100, 30, launcher + " events --live -b " + broker.url() + "; echo exited-$?; sleep 30");
        List<String> hosts = cluster.hostnames().stream().toList();
        String first = tmux.awaitScreen("both workers online", WAIT, s -> hosts.stream().allMatch(s::contains)
                && s.contains("online"));
        assertThat(first.lines().allMatch(l -> l.length() <= 100)).isTrue();

        tmux.resize(60, 20);
        String narrow = tmux.awaitScreen("a redraw at 60 columns", WAIT, s -> s.lines().allMatch(l -> l.length() <= 60)
                && hosts.stream().allMatch(h -> s.contains(h.substring(0, Math.min(h.length(), 20)))));
        assertThat(narrow).doesNotContain("exited-");

        tmux.sendKeys("q");
        String after = tmux.awaitScreen("the command exiting", WAIT, s -> s.contains("exited-"));
        assertThat(after).contains("exited-0");
        assertThat(tmux.sessionAlive()).isTrue();
    }
}
