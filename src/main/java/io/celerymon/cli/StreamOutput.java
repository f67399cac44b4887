package io.celerymon.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * A stream of lines on stdout that notices when its reader has gone ({@code | head -1} exited: a
 * closed pipe, EPIPE). A {@link PrintWriter} never throws; it reports a failed write only through
 * {@link PrintWriter#checkError()}, which flushes first. So this looks whenever the stream has
 * caught up (the flush that ends the batch anyway) and, under a flood that never catches up, every
 * {@link #LINES_PER_LOOK} lines. A flush with nothing buffered writes nothing, so a quiet stream
 * learns of a closed pipe at its next line, not before. Used from one thread.
 */
final class StreamOutput {

    /** Lines between two looks under a flood: each look is one extra flush, every few hundred KB of NDJSON. */
    static final int LINES_PER_LOOK = 1024;

    private final PrintWriter out;
    private int sinceLook;
    private volatile boolean readerGone;

    StreamOutput(PrintWriter out) {
        this.out = out;
    }

    /** {@code write} for every item while the reader is there; nothing once it has gone. */
    <T> Consumer<T> lines(Consumer<T> write) {
        return item -> {
            if (readerGone) {
                return;
            }
            write.accept(item);
            if (++sinceLook >= LINES_PER_LOOK) {
                look();
            }
        };
    }

    /** Flushes what was written and looks whether the reader is still there. */
    void caughtUp() {
        look();
    }

    /** Whether a write or flush failed: nobody reads stdout any more (or it was closed). */
    boolean readerGone() {
        return readerGone;
    }

    private void look() {
        sinceLook = 0;
        if (!readerGone && out.checkError()) {
            readerGone = true;
        }
    }
}
