package io.celerymon.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

    private static final byte[] REPORT = "celerymon_up 1\n".getBytes(StandardCharsets.UTF_8);
    private static final Duration LIMIT = Duration.ofSeconds(2);

    @Test
    void aMissingFileIsCreatedReadableByEveryone(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("celerymon.prom");

        ReportFile.write(report, REPORT, LIMIT);

        assertThat(Files.readAllBytes(report)).isEqualTo(REPORT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-r--r--");
        assertThat(listing(dir)).containsExactly(report);
    }

    @Test
    void aRegularFileIsReplacedAndKeepsItsMode(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("junit.xml");
        Files.writeString(report, "old and longer than the new one");
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-rw----"));

        ReportFile.write(report, REPORT, LIMIT);

        assertThat(Files.readAllBytes(report)).isEqualTo(REPORT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-rw----");
        assertThat(listing(dir)).containsExactly(report);
    }

    @Test
    void aLinkStaysALinkAndItsTargetIsReplacedInTheTargetsDirectory(@TempDir Path dir) throws Exception {
        Path targets = Files.createDirectory(dir.resolve("targets"));
        Path target = Files.writeString(targets.resolve("real.prom"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.prom"), Path.of("targets/real.prom"));

        ReportFile.write(link, REPORT, LIMIT);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("targets/real.prom"));
        assertThat(Files.readAllBytes(target)).isEqualTo(REPORT);
        assertThat(listing(targets)).containsExactly(target);
    }

    @Test
    void aDanglingLinkCreatesTheFileItNames(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.prom"), dir.resolve("a.prom"));
        Files.createSymbolicLink(dir.resolve("a.prom"), Path.of("b.prom"));

        ReportFile.write(link, REPORT, LIMIT);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(dir.resolve("a.prom"))).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("b.prom"))).isEqualTo(REPORT);
    }

    @Test
    void aFifoIsWrittenInPlaceForItsReader(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir.resolve("report.fifo"));
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(fifo));

        ReportFile.write(fifo, REPORT, LIMIT);

        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(REPORT);
        assertThat(isFifo(fifo)).isTrue();
    }

    @Test
    void aFifoNobodyReadsFailsWithinTheLimit(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir.resolve("report.fifo"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> ReportFile.write(fifo, REPORT, Duration.ofMillis(300)))
                .isInstanceOf(IOException.class).hasMessageContaining("not written within 300 ms");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1300));
        assertThat(isFifo(fifo)).isTrue();
        // The writer blocked in open() is released, so that it cannot hold the JVM's exit.
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("celerymon-report-")) {
                thread.join(2000);
                assertThat(thread.isAlive()).as(thread.getName()).isFalse();
            }
        }
    }

    @Test
    void aFullDeviceFailsWithTheSystemsReasonAndStaysADevice() {
        Path full = Path.of("/dev/full");

        assertThatThrownBy(() -> ReportFile.write(full, REPORT, LIMIT))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");

        assertThat(Files.isRegularFile(full)).isFalse();
    }

    @Test
    void aDeviceIsWrittenInPlace() throws Exception {
        ReportFile.write(Path.of("/dev/null"), REPORT, LIMIT);

        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
    }

    @Test
    void aFileReachedThroughAnOpenDescriptorIsAppendedToNotReplaced(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        try (java.io.FileOutputStream redirected = new java.io.FileOutputStream(stdout.toFile())) {
            redirected.write("table\n".getBytes(StandardCharsets.UTF_8));
            Path descriptor = descriptorOf(stdout);

            ReportFile.write(descriptor, REPORT, LIMIT);

            assertThat(Files.readString(stdout)).isEqualTo("table\ncelerymon_up 1\n");
            assertThat(listing(dir)).containsExactly(stdout);
        }
    }

    /** The /proc/self/fd link of the one open descriptor on {@code file}. */
    private static Path descriptorOf(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException gone) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
    }

    @Test
    void aMissingDirectoryIsAWriteError(@TempDir Path dir) {
        assertThatThrownBy(() -> ReportFile.write(dir.resolve("nope/r.xml"), REPORT, LIMIT))
                .isInstanceOf(IOException.class).hasMessage("no such file or directory");
    }

    @Test
    void directoriesAndEmptyNamesAreRefusedUpFront(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("to-dir"), dir);

        assertThatThrownBy(() -> ReportFile.checkUsable(dir)).hasMessage("it is a directory");
        assertThatThrownBy(() -> ReportFile.checkUsable(link)).hasMessage("it is a directory");
        assertThatThrownBy(() -> ReportFile.checkUsable(Path.of(""))).hasMessage("the file name is empty");
        ReportFile.checkUsable(Path.of("-"));
        ReportFile.checkUsable(dir.resolve("missing/r.xml"));
        ReportFile.checkUsable(Path.of("/dev/full"));
    }

    private static Path mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        return path;
    }

    private static boolean isFifo(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0010000;
    }

    private static byte[] readAll(Path fifo) {
        try (InputStream in = Files.newInputStream(fifo)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.List<Path> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
