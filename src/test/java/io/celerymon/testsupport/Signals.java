package io.celerymon.testsupport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Sends POSIX signals by PID with /bin/kill, since Java itself can only send TERM and KILL. */
public final class Signals {
    private Signals() {
    }

    /** Sends {@code signalName} ("TERM", "INT", ...) to {@code pid}; fails if kill fails. */
    public static void send(long pid, String signalName) {
        try {
            Process kill = new ProcessBuilder("/bin/kill", "-s", signalName, Long.toString(pid))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -s " + signalName + " " + pid + " hung");
            }
            if (kill.exitValue() != 0) {
                String out = new String(kill.getInputStream().readAllBytes()).trim();
                throw new IllegalStateException("kill -s " + signalName + " " + pid + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run /bin/kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }
}
