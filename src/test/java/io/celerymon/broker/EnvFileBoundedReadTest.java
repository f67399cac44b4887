package io.celerymon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The env file is read with a size limit and by a deadline, whatever kind of file it is. */
class EnvFileBoundedReadTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);
    /** Scheduling slack on a loaded machine, on top of the deadline. */
    private static final long SLACK_MILLIS = 400;

    @TempDir
    Path dir;

    private final CountDownLatch writerMayFinish = new CountDownLatch(1);

    @AfterEach
    void releaseWriters() {
        writerMayFinish.countDown();
    }

    @Test
    void aFifoWithoutAWriterFailsAtTheDeadlineAndLeavesNoReaderBehind() throws Exception {
        Path fifo = fifo();
        long start = System.nanoTime();
        assertThatThrownBy(() -> EnvFile.read(fifo, Map.of(), Deadline.in(DEADLINE)))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("cannot read env file " + fifo
                        + ": not read whole within the deadline (a FIFO without a writer, or a slow one?)");
        assertThat(millisSince(start)).isBetween(DEADLINE.toMillis() - 20, DEADLINE.toMillis() + SLACK_MILLIS);
        assertNoReaderLeft();
    }

    @Test
    void aWriterThatStallsMidFileFailsAtTheDeadlineAndLeavesNoReaderBehind() throws Exception {
        Path fifo = fifo();
        Thread writer = writer(fifo, "CELERY_BROKER_URL=redis://h/0\n".getBytes(StandardCharsets.UTF_8), true);
        long start = System.nanoTime();
        assertThatThrownBy(() -> EnvFile.read(fifo, Map.of(), Deadline.in(DEADLINE)))
                .isInstanceOf(BrokerConfigException.class).hasMessageContaining("not read whole within the deadline");
        assertThat(millisSince(start)).isLessThan(DEADLINE.toMillis() + SLACK_MILLIS);
        assertNoReaderLeft();
        writerMayFinish.countDown();
        writer.join(2000);
    }

    @Test
    void aFifoWhoseWriterFinishesInTimeIsRead() throws Exception {
        Path fifo = fifo();
        Thread writer = writer(fifo, "A=1\nB='two'\n".getBytes(StandardCharsets.UTF_8), false);
        assertThat(EnvFile.read(fifo, Map.of(), Deadline.in(Duration.ofSeconds(5))))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "two"));
        writer.join(2000);
    }

    @Test
    void aRegularFileOverTheLimitIsRefusedNamingTheLimit() throws Exception {
        Path big = dir.resolve("big.env");
        Files.write(big, new byte[EnvFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> EnvFile.read(big, Map.of(), Deadline.in(DEADLINE)))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("env file " + big + " is larger than 1 MiB, the most an env file may hold");
    }

    @Test
    void aStreamOverTheLimitIsRefusedWithoutReadingItAll() throws Exception {
        Path fifo = fifo();
        Thread writer = writer(fifo, "#".repeat(3 * EnvFile.MAX_BYTES).getBytes(StandardCharsets.UTF_8), false);
        assertThatThrownBy(() -> EnvFile.read(fifo, Map.of(), Deadline.in(Duration.ofSeconds(5))))
                .isInstanceOf(BrokerConfigException.class).hasMessageContaining("is larger than 1 MiB");
        writer.join(2000);
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        Path full = dir.resolve("full.env");
        byte[] content = "#".repeat(EnvFile.MAX_BYTES - 4).concat("\nA=1").getBytes(StandardCharsets.UTF_8);
        Files.write(full, content);
        assertThat(EnvFile.read(full, Map.of(), Deadline.in(Duration.ofSeconds(5)))).containsEntry("A", "1");
    }

    @Test
    void anEmptyPathIsNotTakenForTheCurrentDirectory() {
        assertThatThrownBy(() -> EnvFile.read(Path.of(""), Map.of(), Deadline.in(DEADLINE)))
                .isInstanceOf(BrokerConfigException.class).hasMessage("the env file path is empty");
    }

    private Path fifo() throws IOException, InterruptedException {
        Path fifo = dir.resolve("env.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        return fifo;
    }

    /** Writes {@code content} into the FIFO, and when {@code stall}, holds it open until the test ends. */
    private Thread writer(Path fifo, byte[] content, boolean stall) {
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(content);
                out.flush();
                if (stall) {
                    writerMayFinish.await(10, TimeUnit.SECONDS);
                }
            } catch (IOException ignored) {
                // the reader gave up and closed its end: what a refused or cut-off read does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-env-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    /** The reader is freed at the deadline, not left blocked: the JVM would wait 0.3 s for it at exit. */
    private static void assertNoReaderLeft() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("celerymon-env-file")) {
                thread.join(1000);
                assertThat(thread.isAlive()).as("a celerymon-env-file thread is still blocked").isFalse();
            }
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
