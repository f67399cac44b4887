package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.celerymon.secrets.KnownSecrets;
import io.celerymon.secrets.MaskingWriter;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A closed pipe is seen through the same chain of writers Main builds for stdout. */
class StreamOutputTest {

    /** A pipe whose reader reads {@code before} bytes and exits: every later write fails as EPIPE does. */
    private static final class ClosingPipe extends OutputStream {
        private final ByteArrayOutputStream read = new ByteArrayOutputStream();
        private final int before;
        private boolean closed;

        ClosingPipe(int before) {
            this.before = before;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed || read.size() + len > before) {
                closed = true;
                throw new IOException("Broken pipe");
            }
            read.write(b, off, len);
        }

        String read() {
            return read.toString(StandardCharsets.UTF_8);
        }
    }

    /** Main's stdout: masking over a PrintWriter over a 64 KiB BufferedOutputStream. */
    private static PrintWriter stdout(OutputStream pipe) {
        PrintWriter raw = new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(pipe, 1 << 16),
                StandardCharsets.UTF_8), true);
        return new PrintWriter(new MaskingWriter(raw, new KnownSecrets()), true);
    }

    @Test
    void aReaderThatLeftIsSeenAtTheNextLineWrittenAndNothingIsWrittenAfter() {
        ClosingPipe pipe = new ClosingPipe(6);
        PrintWriter out = stdout(pipe);
        StreamOutput lines = new StreamOutput(out);
        int[] written = {0};
        Consumer<String> sink = lines.lines(line -> {
            out.print(line + "\n");
            written[0]++;
        });

        sink.accept("first");
        lines.caughtUp();
        assertThat(lines.readerGone()).isFalse();
        assertThat(pipe.read()).isEqualTo("first\n");

        sink.accept("second");
        lines.caughtUp();
        assertThat(lines.readerGone()).isTrue();

        sink.accept("third");
        assertThat(written[0]).isEqualTo(2);
    }

    @Test
    void aQuietStreamFlushesNothingAndSoLearnsNothing() {
        ClosingPipe pipe = new ClosingPipe(0);
        StreamOutput lines = new StreamOutput(stdout(pipe));

        lines.caughtUp();

        // A flush with nothing buffered does not write: only the next line can meet the closed pipe.
        assertThat(lines.readerGone()).isFalse();
    }

    @Test
    void underAFloodThatNeverCatchesUpTheReaderIsMissedForAtMostOneLookOfLines() {
        ClosingPipe pipe = new ClosingPipe(10);
        PrintWriter out = stdout(pipe);
        StreamOutput lines = new StreamOutput(out);
        Consumer<Integer> sink = lines.lines(n -> out.print("line " + n + "\n"));

        int n = 0;
        while (!lines.readerGone() && n < 10 * StreamOutput.LINES_PER_LOOK) {
            sink.accept(n++);
        }

        assertThat(lines.readerGone()).isTrue();
        assertThat(n).isEqualTo(StreamOutput.LINES_PER_LOOK);
    }

    @Test
    void aWorkingPipeIsNeverTakenForAGoneOne() {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        PrintWriter out = stdout(pipe);
        StreamOutput lines = new StreamOutput(out);
        Consumer<Integer> sink = lines.lines(n -> out.print("line " + n + "\n"));

        for (int n = 0; n < 3 * StreamOutput.LINES_PER_LOOK; n++) {
            sink.accept(n);
        }
        lines.caughtUp();

        assertThat(lines.readerGone()).isFalse();
        assertThat(pipe.toString(StandardCharsets.UTF_8).lines()).hasSize(3 * StreamOutput.LINES_PER_LOOK);
    }
}
