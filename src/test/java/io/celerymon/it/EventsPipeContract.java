package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryWorker;
import io.celerymon.testsupport.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * celerymon as Unix users pipe it, in a real shell pipeline against a real worker: {@code events |
 * head -1} ends at the next event after the first line (exit 0, after {@code --restore}), as does
 * {@code inspect -o ndjson | head -1}; a filter that matches nothing is exit 3; {@code --summary}
 * under {@code -o ndjson} is one line.
 */
abstract class EventsPipeContract extends ClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Celery's default heartbeat interval, which the test workers keep. */
    private static final double DEFAULT_FREQ = 2.0;

    private final Path dir = newDir();

    @Override
    CeleryPool[] pools() {
        return new CeleryPool[] {CeleryPool.THREADS};
    }

    private static Path newDir() {
        try {
            return Files.createTempDirectory("celerymon-pipe");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void removeDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** What a pipeline left: celerymon's exit status and stderr, the reader's lines, and the seconds between. */
    record Piped(int status, String stderr, String firstLine, double secondsAfterReaderLeft, double totalSeconds) {
    }

    /**
     * Runs {@code celerymon ARGS -b URL 2>err | head -1} in bash; the time from {@code head}'s exit to
     * the end of the pipeline is how long celerymon lingered after its reader went away.
     */
    Piped pipeToHead(String... args) throws Exception {
        Path err = dir.resolve("err-" + System.nanoTime());
        Path first = dir.resolve("first-" + System.nanoTime());
        Path times = dir.resolve("times-" + System.nanoTime());
        String script = "t0=$(date +%s.%N); \"$CM\" \"$@\" -b \"$URL\" 2>\"$ERR\" | { head -1 >\"$FIRST\"; "
                + "date +%s.%N >\"$TIMES\"; }; status=${PIPESTATUS[0]}; t2=$(date +%s.%N); "
                + "echo \"$t0\" >>\"$TIMES\"; echo \"$t2\" >>\"$TIMES\"; exit $status";
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c", script, "pipe"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bash-" + System.nanoTime()).toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("CELERYMON_"));
        env.put("CELERYMON_CACHE_DIR", dir.resolve("cache").toString());
        env.put("CM", System.getProperty("celerymon.launcher"));
        env.put("URL", broker.url());
        env.put("ERR", err.toString());
        env.put("FIRST", first.toString());
        env.put("TIMES", times.toString());
        Process bash = builder.start();
        try {
            if (!bash.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the pipeline still ran after 60 s: celerymon never noticed its reader left");
            }
        } finally {
            // By PID: the pipeline's own processes, if it hung.
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        List<String> t = Files.readAllLines(times);
        double headExited = Double.parseDouble(t.get(0));
        double started = Double.parseDouble(t.get(1));
        double ended = Double.parseDouble(t.get(2));
        return new Piped(bash.exitValue(), Files.readString(err), Files.readString(first).strip(),
                ended - headExited, ended - started);
    }

    private static double freqOf(String line) throws IOException {
        JsonNode event = JSON.readTree(line);
        return event.path("freq").isNumber() ? event.get("freq").asDouble() : DEFAULT_FREQ;
    }

    @Test
    void eventsPipedIntoHeadEndsAtTheNextEventWithExit0AndNothingOnStderr() throws Exception {
        Piped run = pipeToHead("events", "-o", "ndjson");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).isEmpty();
        assertThat(JSON.readTree(run.firstLine()).path("type").asText()).as(run.toString()).isNotEmpty();
        assertThat(run.secondsAfterReaderLeft()).as(run.toString()).isLessThanOrEqualTo(freqOf(run.firstLine()) + 1.0);
    }

    @Test
    void theTablePipedIntoHeadEndsTooAndSoDoesASummaryThatHasNowhereToGo() throws Exception {
        Piped run = pipeToHead("events", "-o", "table", "--summary");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).isEmpty();
        assertThat(run.firstLine()).as(run.toString()).isNotEmpty();
        assertThat(run.secondsAfterReaderLeft()).as(run.toString()).isLessThanOrEqualTo(DEFAULT_FREQ + 1.0);
    }

    @Test
    void withEnableEventsAndRestoreTheWorkerHasTaskEventsOffAfterTheReaderLeft() throws Exception {
        CeleryWorker worker = cluster.workers().get(0);
        long disabledBefore = count(worker.log(), "Events of group {task} disabled by remote.");

        Piped run = pipeToHead("events", "-o", "ndjson", "--enable-events", "--restore");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).isEmpty();
        assertThat(run.secondsAfterReaderLeft()).as(run.toString()).isLessThanOrEqualTo(freqOf(run.firstLine()) + 1.0);
        assertThat(worker.log()).contains("Events of group {task} enabled by remote.");
        assertThat(count(worker.log(), "Events of group {task} disabled by remote.")).as(worker.logTail(20))
                .isGreaterThan(disabledBefore);

        // And no task event comes from it any more: a task it runs while we watch shows none.
        var watch = io.celerymon.testsupport.CelerymonProcess.of("events", "-b", broker.url(), "-o", "ndjson",
                "--worker", worker.hostname(), "--duration", "8").startAsync();
        EventsContract.awaitLine(watch, "a heartbeat", e -> e.path("type").asText().equals("worker-heartbeat"));
        String task = cluster.sendTask(worker, "cmtasks.add", 1, 2);
        awaitLog(worker, "Task cmtasks.add[" + task + "] succeeded");
        CommandResult after = watch.await(Duration.ofSeconds(30));
        assertThat(after.exitCode()).as(after.describe()).isZero();
        assertThat(EventsContract.lines(after.stdout())).as(after.describe())
                .noneMatch(e -> e.path("type").asText().startsWith("task-"));
    }

    private static void awaitLog(CeleryWorker worker, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!worker.log().contains(what)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the worker never logged " + what + ":\n" + worker.logTail(20));
            }
            Thread.sleep(100);
        }
    }

    @Test
    void inspectNdjsonPipedIntoHeadExits0Quickly() throws Exception {
        Piped run = pipeToHead("inspect", "ping", "-o", "ndjson", "-t", "5", "--expect", "1");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).isEmpty();
        assertThat(JSON.readTree(run.firstLine()).isObject()).isTrue();
        assertThat(run.totalSeconds()).as(run.toString()).isLessThan(5.0);
    }

    @Test
    void aFilterThatMatchesNothingIsExit3AndSaysSo() {
        CommandResult run = celerymon.run("events", "-o", "ndjson", "--type", "nomatch-*", "--duration", "3");

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().toList()).as(run.describe()).hasSize(1);
        assertThat(run.stderr()).as(run.describe()).startsWith("celerymon: no event matched --type nomatch-* (")
                .doesNotContain("(0 received)");
    }

    @Test
    void theNdjsonSummaryIsOneCompactLine() throws Exception {
        CommandResult run = celerymon.run("events", "-o", "ndjson", "--type", "worker-*", "--duration", "3",
                "--summary");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<String> lines = run.stdout().lines().toList();
        String last = lines.get(lines.size() - 1);
        JsonNode summary = JSON.readTree(last);
        assertThat(summary.has("workers")).as(last).isTrue();
        assertThat(summary.get("workers").findValuesAsText("hostname")).containsAll(cluster.hostnames());
        assertThat(last).doesNotContain("  ").doesNotContain("\": ");
    }

    private static long count(String text, String what) {
        long n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
