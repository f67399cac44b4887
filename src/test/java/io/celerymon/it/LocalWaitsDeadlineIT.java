package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CelerymonProcess;
import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.TempDir;
import io.celerymon.testsupport.WallMargin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The waits that are not on a broker, through the real command line: the env file (a FIFO nobody
 * writes, a writer that stalls, a huge file) and env-check's Python probe whose app starts a child.
 * Each ends within its deadline plus the documented margin, says why in one line, and leaves no
 * process behind.
 */
class LocalWaitsDeadlineIT {

    /** README's deadline contract (0.3 s past -t), with a loaded CI host's slack (see WallMargin). */
    private static final long MARGIN_MS = WallMargin.LOADED_CI_MS;
    /** env-check's scan keeps its own bound; the command's deadline is that plus -t. */
    private static final long SCAN_BOUND_MS = 5000;
    private static final String PYTHON = "/usr/bin/python3";

    private static CommandResult celerymon(String... args) {
        return CelerymonProcess.of(args).run();
    }

    private static void assertUsageErrorWithin(CommandResult result, long timeoutMillis, String reason) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr().strip().lines()).as(result.describe()).hasSize(1);
        assertThat(result.stderr()).startsWith("celerymon: ").contains(reason).doesNotContain("Exception");
        assertThat(result.wallMillis()).as(result.describe()).isLessThanOrEqualTo(timeoutMillis + MARGIN_MS);
    }

    @Test
    void anEnvFileThatIsAFifoWithoutAWriterFailsAtTheDeadline() throws Exception {
        try (TempDir dir = TempDir.create("cm-envfifo")) {
            Path fifo = mkfifo(dir.resolve("broker.env"));
            CommandResult result = celerymon("status", "-t", "1", "--env-file", fifo.toString());
            assertUsageErrorWithin(result, 1000, "cannot read env file " + fifo + ": not read whole within the deadline");
        }
    }

    @Test
    void anEnvFileWhoseWriterStallsFailsAtTheDeadline() throws Exception {
        CountDownLatch testDone = new CountDownLatch(1);
        try (TempDir dir = TempDir.create("cm-envslow")) {
            Path fifo = mkfifo(dir.resolve("broker.env"));
            Thread writer = new Thread(() -> {
                // Opening blocks until celerymon opens the other end; then half a file, and nothing more.
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    out.write("# Dify's .env\nCELERY_BROKER_URL=".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    testDone.await(30, TimeUnit.SECONDS);
                } catch (IOException readerGone) {
                    // celerymon gave up and closed its end
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "slow-env-writer");
            writer.setDaemon(true);
            writer.start();
            CommandResult result = celerymon("status", "-t", "1", "--env-file", fifo.toString());
            assertUsageErrorWithin(result, 1000, "not read whole within the deadline");
            testDone.countDown();
            writer.join(5000);
        }
    }

    @Test
    void aHugeEnvFileIsRefusedNamingTheLimitWithoutReadingIt() throws Exception {
        try (TempDir dir = TempDir.create("cm-envhuge")) {
            Path huge = dir.resolve("huge.env");
            byte[] line = "# padding padding padding padding padding padding padding padding padding\n"
                    .getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(huge)) {
                for (long written = 0; written < 50L * 1024 * 1024; written += line.length) {
                    out.write(line);
                }
            }
            CommandResult result = celerymon("status", "-t", "1", "--env-file", huge.toString());
            assertUsageErrorWithin(result, 1000, "env file " + huge + " is larger than 1 MiB");
        }
    }

    @Test
    void aProbeWhoseAppLeavesAChildRunningEndsInTimeAndTheChildWithIt() throws Exception {
        assertProbeEndsWithItsChild("""
                import subprocess
                child = subprocess.Popen(["sleep", "30"])
                open("child.pid", "w").write(str(child.pid))
                from celery import Celery
                app = Celery("childapp")
                """, false);
    }

    @Test
    void aProbeWhoseAppWaitsForAChildIsKilledAtTheDeadlineWithTheChild() throws Exception {
        CommandResult result = assertProbeEndsWithItsChild("""
                import subprocess
                child = subprocess.Popen(["sleep", "30"])
                open("child.pid", "w").write(str(child.pid))
                child.wait()
                """, true);
        assertThat(result.stdout()).contains("app_import_hangs");
    }

    @Test
    void aProbeWhoseAppsChildLeftTheProcessGroupIsNotWaitedForAndTheChildEnds() throws Exception {
        // A new session: not in the probe's process group, and re-parented once the probe exits;
        // it still holds the probe's stdout and stderr.
        assertProbeEndsWithItsChild("""
                import subprocess
                child = subprocess.Popen(["sleep", "30"], start_new_session=True)
                open("child.pid", "w").write(str(child.pid))
                from celery import Celery
                app = Celery("childapp")
                """, false);
    }

    private static CommandResult assertProbeEndsWithItsChild(String module, boolean hangs) throws Exception {
        try (TempDir dir = TempDir.create("cm-probechild")) {
            Files.writeString(dir.resolve("childapp.py"), module);
            CommandResult result = CelerymonProcess.of("env-check", "-t", "2", "--python", PYTHON, "--app", "childapp",
                    "--no-connect", "-o", "json").directory(dir.path()).run();
            assertThat(result.exitCode()).as(result.describe()).isIn(0, 1);
            if (hangs) {
                assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
            } else {
                assertThat(CelerymonRunner.parse(result).path("probe").path("report").path("app").path("imported")
                        .asBoolean()).as(result.describe()).isTrue();
            }
            assertThat(result.stderr()).as(result.describe()).isEmpty();
            // The probe gets -t and what it started is killed within it; the command as a whole ends
            // by the scan's 5 s bound plus -t (the env-check deadline contract), plus the margin.
            assertThat(CelerymonRunner.parse(result).path("probe").path("elapsed_ms").asLong())
                    .as(result.describe()).isLessThanOrEqualTo(2000 + WallMargin.QUIET_MS);
            assertThat(result.wallMillis()).as(result.describe()).isLessThanOrEqualTo(SCAN_BOUND_MS + 2000 + MARGIN_MS);
            long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
            Optional<ProcessHandle> left = ProcessHandle.of(child);
            try {
                // SIGKILL was sent, and the child was no longer running, before celerymon exited; an
                // orphan killed with its parent is a zombie until init reaps it.
                if (left.isPresent()) {
                    left.get().onExit().get(5, TimeUnit.SECONDS);
                }
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                left.get().destroyForcibly();
                throw new AssertionError("the app's child " + child + " was left running", stillRunning);
            }
            return result;
        }
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        return path;
    }
}
