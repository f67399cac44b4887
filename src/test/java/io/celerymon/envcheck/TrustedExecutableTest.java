package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedExecutableTest {

    @Test
    void aBinaryOnlyItsOwnerCanWriteIsTrusted(@TempDir Path dir) throws Exception {
        Path exe = Files.createFile(dir.resolve("python3"));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(TrustedExecutable.trusted(exe.toString())).isTrue();
    }

    @Test
    void aBinaryOthersCanWriteOrInADirectoryOthersCanWriteIsNot(@TempDir Path dir) throws Exception {
        Path exe = Files.createFile(dir.resolve("python3"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(TrustedExecutable.trusted(exe.toString())).isFalse();

        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(TrustedExecutable.trusted(exe.toString())).isFalse();
    }

    @Test
    void whatCannotBeReadIsNotTrusted() {
        assertThat(TrustedExecutable.trusted("/nonexistent/python3")).isFalse();
    }
}
