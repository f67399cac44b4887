package io.celerymon.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @Test
    void aReportReplacesTheFileWholeAndOtherUsersCanReadIt(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("celerymon.prom");
        Files.writeString(report, "old");

        AtomicFile.write(report, "celerymon_up 1\n");

        assertThat(Files.readString(report)).isEqualTo("celerymon_up 1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-r--r--");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(report);
        }
    }

    @Test
    void theCacheStaysPrivate(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("known-workers.json");

        AtomicFile.write(cache, "{}".getBytes(), AtomicFile.PRIVATE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
    }
}
