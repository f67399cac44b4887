package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.testsupport.CommandResult;
import io.celerymon.testsupport.FreePorts;
import io.celerymon.testsupport.TempDir;
import io.celerymon.testsupport.WallMargin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * diagnose's report files, written by the real CLI process: devices and FIFOs are written in
 * place and stay what they are, a link's target is replaced and the link stays, a directory or a
 * second document on stdout is a usage error, and a report that cannot be written is exit 73
 * after the report itself was printed. No broker is needed: a closed port gives a full report.
 */
class ReportFilesIT {

    /** The bound for any wait past --deadline, with a loaded CI host's slack (see WallMargin). */
    private static final long MARGIN_MS = WallMargin.LOADED_CI_MS;
    private static final int S_IFMT = 0170000;

    private TempDir dir;
    private CelerymonRunner celerymon;

    @BeforeEach
    void setUp() {
        dir = TempDir.create("celerymon-report-files");
        celerymon = new CelerymonRunner("redis://127.0.0.1:" + FreePorts.loopback() + "/0");
    }

    @AfterEach
    void tearDown() {
        celerymon.close();
        dir.close();
    }

    private CommandResult diagnose(String... extra) {
        List<String> args = new ArrayList<>(List.of("diagnose", "--no-local-scan", "--deadline", "2", "-t", "0.5"));
        args.addAll(List.of(extra));
        return celerymon.run(args.toArray(String[]::new));
    }

    @Test
    void aFullDeviceIsExit73AfterTheReportAndStaysADevice() throws IOException {
        CommandResult result = diagnose("-o", "json", "--prometheus", "/dev/full");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(73);
        assertThat(result.stderr().strip().lines()).as(result.describe())
                .containsExactly("celerymon: cannot write --prometheus /dev/full: No space left on device");
        assertThat(CelerymonRunner.parse(result).get("findings")).isNotEmpty();
        assertThat(type(Path.of("/dev/full"))).isEqualTo(0020000);
    }

    @Test
    void aLinkStaysALinkAndItsTargetIsReplaced() throws IOException {
        Path targets = Files.createDirectory(dir.resolve("textfile"));
        Path target = Files.writeString(targets.resolve("celerymon.prom"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("celerymon.prom"), target);

        CommandResult result = diagnose("--prometheus", link.toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(4);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
        assertThat(Files.readString(target)).contains("celerymon_diagnose_failed");
        try (var left = Files.list(targets)) {
            assertThat(left).containsExactly(target);
        }
    }

    @Test
    void aFifoWithAReaderGetsTheReport() throws Exception {
        Path fifo = mkfifo(dir.resolve("junit.fifo"));
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> readAll(fifo));

        CommandResult result = diagnose("--junit", fifo.toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(4);
        assertThat(reader.get(10, TimeUnit.SECONDS)).contains("<testsuite").contains("</testsuite>");
        assertThat(type(fifo)).isEqualTo(0010000);
    }

    @Test
    void aFifoWithoutAReaderEndsByTheDeadline() throws IOException {
        Path fifo = mkfifo(dir.resolve("junit.fifo"));

        CommandResult result = diagnose("--junit", fifo.toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(73);
        assertThat(result.stderr()).as(result.describe())
                .contains("celerymon: cannot write --junit " + fifo + ": not written within");
        assertThat(result.wallMillis()).as(result.describe()).isLessThanOrEqualTo(2000 + MARGIN_MS);
        assertThat(type(fifo)).isEqualTo(0010000);
    }

    @Test
    void aDirectoryIsAUsageErrorBeforeAnyBrokerWork() {
        CommandResult result = diagnose("--junit", dir.path().toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr().strip().lines()).hasSize(1);
        assertThat(result.stderr()).startsWith("celerymon: --junit " + dir.path() + ": it is a directory");
        assertThat(result.stdout()).isEmpty();
        assertThat(Files.isDirectory(dir.path())).isTrue();
    }

    @Test
    void stdoutWithJsonOutputIsAUsageError() {
        CommandResult result = diagnose("-o", "json", "--prometheus", "-");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr()).contains("--prometheus - would write a second document to stdout after -o json");
        assertThat(result.stdout()).isEmpty();
    }

    private static int type(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
    }

    private static Path mkfifo(Path path) {
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(mkfifo.exitValue()).isZero();
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(Path fifo) {
        try (InputStream in = Files.newInputStream(fifo)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
