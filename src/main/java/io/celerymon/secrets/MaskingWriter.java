package io.celerymon.secrets;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The outbound pass: every line written through it leaves with URL passwords, secret URL
 * parameters and the known secrets' values masked, whichever code wrote it. Lines are masked
 * whole (a URL is never cut between two passes) except when a flush or a very long line forces
 * out a partial one; a line the quick test clears ({@link SecretText#mayNeedMasking}, the known
 * secrets) is passed on from the caller's buffer without the regular expressions, as an event
 * stream writes millions of them.
 */
public final class MaskingWriter extends Writer {
    /** A line longer than this is masked and passed on in pieces rather than held in memory. */
    private static final int MAX_PENDING = 1 << 16;

    private final Writer out;
    private final KnownSecrets secrets;
    private final StringBuilder pending = new StringBuilder();

    public MaskingWriter(Writer out, KnownSecrets secrets) {
        super(out);
        this.out = out;
        this.secrets = secrets;
    }

    /** The masked text of one whole document (a report file): the same rules as every line. */
    public static String mask(String text, KnownSecrets secrets) {
        return secrets.apply(SecretText.mask(text));
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        synchronized (lock) {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (buf[i] == '\n') {
                    // A String of the line: String's vectorised searches make the short-lived copy
                    // cheaper than scanning the array char by char.
                    if (pending.isEmpty() && !mayHoldSecret(new String(buf, start, i + 1 - start))) {
                        out.write(buf, start, i + 1 - start);
                    } else {
                        pending.append(buf, start, i + 1 - start);
                        emitPending();
                    }
                    start = i + 1;
                }
            }
            pending.append(buf, start, end - start);
            capPending();
        }
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        synchronized (lock) {
            int start = off;
            int end = off + len;
            int newline;
            while ((newline = text.indexOf('\n', start)) >= 0 && newline < end) {
                if (pending.isEmpty() && !mayHoldSecret(text.substring(start, newline + 1))) {
                    out.write(text, start, newline + 1 - start);
                } else {
                    pending.append(text, start, newline + 1);
                    emitPending();
                }
                start = newline + 1;
            }
            pending.append(text, start, end);
            capPending();
        }
    }

    @Override
    public void write(int c) throws IOException {
        write(new char[] {(char) c}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            emitPending();
            out.flush();
            // A PrintWriter below swallows its errors; pass them up so checkError() above sees a closed pipe.
            if (out instanceof PrintWriter printer && printer.checkError()) {
                throw new IOException("the output stream failed");
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            flush();
            out.close();
        }
    }

    /** The start of a line waits in {@code pending} for its end, unless it grows too long. */
    private void capPending() throws IOException {
        if (pending.length() > MAX_PENDING) {
            emitPending();
        }
    }

    private void emitPending() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        // A line written in pieces (a JSON document, then its newline) is the common case, so it
        // gets the quick test too before the regular expressions.
        String text = pending.toString();
        out.write(mayHoldSecret(text) ? mask(text, secrets) : text);
        pending.setLength(0);
    }

    /** Whether the masking rules could change this line: a quick test without allocation. */
    private boolean mayHoldSecret(String line) {
        return SecretText.mayNeedMasking(line) || secrets.foundIn(line);
    }
}
