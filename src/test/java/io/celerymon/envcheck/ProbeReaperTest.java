package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real process trees shaped like what an app's import can leave behind. */
class ProbeReaperTest {

    private static final Path PROC = Path.of("/proc");

    private Process shell;
    private long leftPid = -1;

    @AfterEach
    void cleanUp() {
        if (shell != null) {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
        if (leftPid > 0) {
            ProcessHandle.of(leftPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aChildReparentedOutOfTheTreeIsKilledAsAMemberOfTheProbesGroup() throws Exception {
        // Like probe.py: a group of its own (setsid execs in place here); the subshell exits, so
        // its sleep is re-parented and no longer a descendant, but it is still in the group.
        shell = new ProcessBuilder("setsid", "sh", "-c", "(sleep 30 & echo $!); read line")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ProbeReaper reaper = ProbeReaper.watch(PROC, shell.pid());
        leftPid = firstLine(shell);
        assertThat(shell.descendants().map(ProcessHandle::pid)).doesNotContain(leftPid);

        reaper.killTree(shell.toHandle(), Set.of());

        assertGone(shell.pid());
        assertGone(leftPid);
    }

    @Test
    void aChildThatLeftTheGroupIsFoundByThePipeItStillHolds() throws Exception {
        shell = new ProcessBuilder("sh", "-c", "setsid sleep 30 & echo $!; read line")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ProbeReaper reaper = ProbeReaper.watch(PROC, shell.pid());
        leftPid = firstLine(shell);
        shell.getOutputStream().close();
        assertThat(shell.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(leftPid).map(ProcessHandle::isAlive)).contains(true);

        assertThat(reaper.killPipeHolders()).isEqualTo(1);

        assertGone(leftPid);
        // With its last writer gone the pipe ends: nothing is left to wait for.
        assertThat(shell.getInputStream().read()).isEqualTo(-1);
    }

    private static long firstLine(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return Long.parseLong(out.readLine().trim());
    }

    private static void assertGone(long pid) throws Exception {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(5, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse();
    }
}
