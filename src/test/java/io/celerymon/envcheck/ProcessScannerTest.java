package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessScannerTest {
    private static final String GEVENT_SO =
            "/usr/lib/python3/dist-packages/gevent/_gevent_cgreenlet.cpython-311-x86_64-linux-gnu.so";
    private static final String GREENLET_SO =
            "/usr/lib/python3/dist-packages/greenlet/_greenlet.cpython-311-x86_64-linux-gnu.so";

    @TempDir
    Path dir;

    private static final Deadline LONG = Deadline.in(Duration.ofSeconds(30));

    private FakeProc cluster() {
        Map<Long, int[]> tcp = new LinkedHashMap<>();
        tcp.put(9001L, new int[] {5555, 4});
        tcp.put(9002L, new int[] {8080, 0});
        return new FakeProc(dir)
                .process(100, List.of("/usr/bin/python3", "/usr/bin/celery", "-A", "app.celery", "flower"),
                        Map.of("CELERY_BROKER_URL", "redis://:hunter22@redis:6379/1", "PATH", "/usr/bin",
                                "GEVENT_NOPATCH", "1", "SECRET_KEY", "abc"),
                        1, 1, List.of(GEVENT_SO, GREENLET_SO), 9001)
                .process(200, List.of("celery", "-A", "app.celery", "worker", "-P", "gevent", "-n", "w1@h"),
                        Map.of("CELERY_SENTINEL_PASSWORD", "s3cret!"), 3, 1, List.of(GREENLET_SO))
                .process(201, List.of("celery", "-A", "app.celery", "worker", "-P", "gevent", "-n", "w1@h"),
                        Map.of(), 1, 200, List.of())
                .process(300, List.of("/usr/bin/python3", "server.py"), Map.of(), 2, 1, List.of(), 9002)
                .listening(tcp);
    }

    @Test
    void findsCeleryProcessesWithTheirEvidence() {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes()).extracting(ScannedProcess::pid).containsExactly(100L, 200L);
        ScannedProcess flower = scan.processes().get(0);
        assertThat(flower.role()).isEqualTo(ProcessRole.FLOWER);
        assertThat(flower.app()).isEqualTo("app.celery");
        assertThat(flower.greenLibraries()).containsExactlyInAnyOrder(GreenLibrary.GEVENT, GreenLibrary.GREENLET);
        assertThat(flower.greenModules()).contains("_greenlet.cpython-311-x86_64-linux-gnu.so");
        assertThat(flower.threads()).isEqualTo(1);
        assertThat(flower.interpreter()).endsWith("/usr/bin/python3.11");
        assertThat(flower.listening()).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo("127.0.0.1:5555");
            assertThat(s.acceptQueue()).containsExactly(4, 4);
            assertThat(s.neverDrained()).isTrue();
        });
        ScannedProcess worker = scan.processes().get(1);
        assertThat(worker.pool()).isEqualTo("gevent");
        assertThat(worker.nodeName()).isEqualTo("w1@h");
        assertThat(worker.listening()).isEmpty();
    }

    @Test
    void masksSecretsAndKeepsOnlyTheVariablesThatMatter() {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes().get(0).environment()).containsOnlyKeys("CELERY_BROKER_URL", "GEVENT_NOPATCH")
                .containsEntry("CELERY_BROKER_URL", "redis://:****@redis:6379/1");
        assertThat(scan.processes().get(1).environment()).containsEntry("CELERY_SENTINEL_PASSWORD", "********");
        assertThat(scan.toString()).doesNotContain("hunter22").doesNotContain("s3cret!");
    }

    @Test
    void namedPidsAreScannedWhateverTheyAre() throws Exception {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanPids(List.of(300L), LONG);
        assertThat(scan.processes()).singleElement().satisfies(p -> {
            assertThat(p.role()).isEqualTo(ProcessRole.OTHER);
            assertThat(p.listening()).extracting(ListeningSocket::address).containsExactly("127.0.0.1:8080");
        });
        assertThatThrownBy(() -> new ProcessScanner(dir, Duration.ZERO).scanPids(List.of(300L, 4242L), LONG))
                .isInstanceOf(NoSuchProcessException.class).hasMessageContaining("4242");
    }

    @Test
    void unreadableAndVanishedProcessesAreSkippedAndCounted() throws IOException {
        cluster();
        // A process that vanished between the listing and the read: its directory is there, its files are not.
        Files.createDirectories(dir.resolve("400"));
        // Another user's worker: cmdline readable, maps not (here: a directory where a file should be).
        new FakeProc(dir).process(500, List.of("celery", "worker"), Map.of(), 1, 1, List.of());
        Files.delete(dir.resolve("500").resolve("maps"));
        Files.createDirectory(dir.resolve("500").resolve("maps"));
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes()).extracting(ScannedProcess::pid).containsExactly(100L, 200L);
        assertThat(scan.unreadable()).isEqualTo(2);
        assertThat(scan.complete()).isTrue();
    }

    @Test
    void anExpiredDeadlineEndsTheScanIncomplete() {
        cluster();
        ProcessScan scan = new ProcessScanner(dir, Duration.ZERO).scanCelery(Deadline.in(Duration.ZERO));
        assertThat(scan.complete()).isFalse();
        assertThat(scan.processes()).isEmpty();
    }

    @Test
    void aMissingRootIsAnEmptyIncompleteScan() {
        ProcessScan scan = new ProcessScanner(dir.resolve("nope"), Duration.ZERO).scanCelery(LONG);
        assertThat(scan.processes()).isEmpty();
        assertThat(scan.complete()).isFalse();
        assertThat(Set.of()).isEmpty();
    }
}
