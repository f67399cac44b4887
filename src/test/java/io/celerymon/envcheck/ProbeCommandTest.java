package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProbeCommandTest {
    private static final ProcessContext CONTAINER = new ProcessContext(List.of(9012L, 1L), 65534, 65534, "/srv/api",
            Map.of("pid", "pid:[1]", "mnt", "mnt:[2]", "net", "net:[3]"), List.of("pid", "mnt", "net"), 1000L);

    private static ProbeRequest request(ProcessContext context) {
        return new ProbeRequest("/usr/bin/python3.11", "app.celery", Duration.ofSeconds(5), Path.of("/"), Map.of(),
                context);
    }

    @Test
    void aContainersProcessIsProbedInsideItsNamespacesAsItsUserInItsDirectory() {
        assertThat(PythonProbe.command(request(CONTAINER), 0)).containsExactly("nsenter", "--target", "9012",
                "--pid", "--mount", "--net", "--setuid", "65534", "--setgid", "65534", "--wd", "--",
                "/usr/bin/python3.11", "-c", PythonProbe.TRAMPOLINE, "-", "--app", "app.celery");
    }

    @Test
    void aProcessOfAnotherUserInOurNamespacesIsProbedAsThatUser() {
        ProcessContext local = new ProcessContext(List.of(77L), 1000, 1000, "/home/app", Map.of(), List.of(), 1000L);

        assertThat(PythonProbe.command(request(local), 0)).startsWith("nsenter", "--target", "77", "--setuid", "1000",
                "--setgid", "1000", "--wd", "--");
    }

    @Test
    void aProcessRunningAsRootIsProbedAsNobodyNeverAsHostRoot() {
        ProcessContext root = new ProcessContext(List.of(9012L, 1L), 0, 0, "/app/api",
                Map.of("pid", "pid:[1]", "mnt", "mnt:[2]", "net", "net:[3]"), List.of("pid", "mnt", "net"), 1000L);
        ProcessContext hostRoot = new ProcessContext(List.of(88L), 0, 0, "/srv", Map.of(), List.of(), 1000L);

        assertThat(PythonProbe.command(request(root), 0)).containsSubsequence("--setuid", "65534", "--setgid", "65534");
        assertThat(PythonProbe.command(request(hostRoot), 0)).startsWith("nsenter", "--target", "88", "--setuid",
                "65534", "--setgid", "65534");
    }

    @Test
    void ourOwnProcessNeedsNoNsenter() {
        ProcessContext own = new ProcessContext(List.of(77L), 1000, 1000, "/home/app", Map.of(), List.of(), 1000L);

        assertThat(PythonProbe.command(request(own), 1000)).containsExactly("/usr/bin/python3.11", "-", "--app",
                "app.celery");
    }

    @Test
    void anotherContextWithoutRootIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PythonProbe.command(request(CONTAINER), 1000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("running the probe in the context of pid 9012 (pid, mnt, net namespaces) needs root");
    }

    @Test
    void theTrampolineGivesTheInterpreterTheEnvironmentFromStdinAndLeavesTheRestForIt() throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", PythonProbe.TRAMPOLINE, "-")
                .redirectErrorStream(true).start();
        python.getOutputStream().write(("{\"PROBE_X\": \"from the process\", \"PATH\": \"/usr/bin\"}\n"
                + "import os\nprint(os.environ['PROBE_X'], 'HOME' in os.environ)\n").getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();

        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("from the process False");
    }
}
