package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CeleryCommandLineTest {

    private static CeleryCommandLine parse(String... argv) {
        return CeleryCommandLine.parse(List.of(argv)).orElseThrow();
    }

    @Test
    void readsAWorkersOptionsInEveryForm() {
        CeleryCommandLine w = parse("/usr/bin/python3", "/usr/bin/celery", "-A", "app.celery", "worker", "-P", "gevent",
                "-c", "100", "-n", "w1@host", "-E", "-Q", "dataset");
        assertThat(w).isEqualTo(new CeleryCommandLine(ProcessRole.WORKER, "app.celery", "gevent", "w1@host", true, false));
        CeleryCommandLine joined = parse("celery", "--app=proj", "worker", "--pool=threads", "--hostname=x@y");
        assertThat(joined.app()).isEqualTo("proj");
        assertThat(joined.pool()).isEqualTo("threads");
        assertThat(joined.nodeName()).isEqualTo("x@y");
        assertThat(joined.events()).isFalse();
        assertThat(parse("python3", "-m", "celery", "-Aproj", "worker", "-Pgevent", "--task-events").pool())
                .isEqualTo("gevent");
    }

    @Test
    void knowsBeatAndFlowerHoweverStarted() {
        assertThat(parse("celery", "-A", "proj", "beat", "-l", "INFO").role()).isEqualTo(ProcessRole.BEAT);
        assertThat(parse("/usr/bin/python3", "/usr/local/bin/celery", "-A", "app.celery", "flower", "--port=5555"))
                .isEqualTo(new CeleryCommandLine(ProcessRole.FLOWER, "app.celery", null, null, false, false));
        assertThat(parse("/venv/bin/python", "/venv/bin/flower", "-A", "proj").role()).isEqualTo(ProcessRole.FLOWER);
        assertThat(parse("python", "-m", "flower", "-A", "proj").role()).isEqualTo(ProcessRole.FLOWER);
    }

    @Test
    void readsCelerysProcessTitles() {
        CeleryCommandLine main = parse("[celeryd: w1@host:MainProcess] -active- (worker -A proj -P gevent -E)");
        assertThat(main).isEqualTo(new CeleryCommandLine(ProcessRole.WORKER, "proj", "gevent", "w1@host", true, false));
        assertThat(parse("[celeryd: w1@host:ForkPoolWorker-3]").poolChild()).isTrue();
        assertThat(parse("[celerybeat]").role()).isEqualTo(ProcessRole.BEAT);
    }

    @Test
    void ignoresEverythingElse() {
        for (List<String> argv : List.of(List.<String>of(), List.of("/usr/bin/python3", "late.py"),
                List.of("celery", "-A", "proj", "inspect", "ping"), List.of("vim", "celery.py"),
                List.of("python3", "-m", "http.server", "worker"))) {
            assertThat(CeleryCommandLine.parse(argv)).as(argv.toString()).isEmpty();
        }
    }

    @Test
    void matchesAppSpecsTheWayCeleryResolvesThem() {
        assertThat(CeleryCommandLine.sameApp("app.celery", "app")).isTrue();
        assertThat(CeleryCommandLine.sameApp("app:celery", "app.celery")).isTrue();
        assertThat(CeleryCommandLine.sameApp("app", "application")).isFalse();
        assertThat(CeleryCommandLine.sameApp(null, "app")).isFalse();
    }
}
