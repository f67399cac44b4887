package io.celerymon.broker.redis;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One raw, unencrypted PING to a server whose answers Lettuce could not make sense of, so that the
 * message can say what answered instead of Redis ("it answered 'HTTP/1.1 400'"). Used only after
 * a failure, never on the way to a healthy server.
 */
final class PlainPing {

    /** Redis's inline command form: any Redis answers it, before or without authentication. */
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ANSWER = 256;
    /** Enough to quote "HTTP/1.1 400" or an SSH banner's name without quoting a whole page. */
    private static final int QUOTED_WORDS = 2;
    private static final Duration FLOOR = Duration.ofMillis(20);

    private PlainPing() {
    }

    /**
     * Why the server at {@code host:port} is not a Redis server, in plain words, or empty when it
     * answered like one, did not answer before the deadline, or could not be reached again.
     */
    static Optional<String> notRedis(String host, int port, Deadline deadline) {
        if (deadline.remaining().compareTo(FLOOR) < 0) {
            return Optional.empty();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeout(deadline));
            socket.setSoTimeout(timeout(deadline));
            socket.getOutputStream().write(PING);
            socket.getOutputStream().flush();
            return describe(readAnswer(socket.getInputStream(), deadline));
        } catch (SocketTimeoutException silent) {
            return Optional.empty();
        } catch (IOException resetOrRefused) {
            // A reset right after connecting is a close without an answer, as far as a user can tell.
            return resetOrRefused.getMessage() != null && resetOrRefused.getMessage().contains("reset")
                    ? describe(new byte[0]) : Optional.empty();
        }
    }

    /** What to say about {@code answer}, the bytes read until the server closed or paused. */
    static Optional<String> describe(byte[] answer) {
        if (answer.length == 0) {
            return Optional.of("the server closed the connection without answering (is it a Redis server?)");
        }
        char first = (char) (answer[0] & 0xff);
        if ("+-:$*_#,(=%~>!|".indexOf(first) >= 0) {
            return Optional.empty();
        }
        if (answer[0] == 0x15 && answer.length > 1 && answer[1] == 0x03) {
            return Optional.of("the server speaks TLS (use rediss://)");
        }
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        if (text.startsWith("PING")) {
            return Optional.of("not a Redis server: it sent the request back unchanged (an echo service?)");
        }
        return Optional.of("not a Redis server: it answered '" + firstWords(text) + "'");
    }

    private static byte[] readAnswer(InputStream in, Deadline deadline) throws IOException {
        byte[] buffer = new byte[MAX_ANSWER];
        int filled = 0;
        // Until the first line is complete: enough to tell Redis from anything else.
        while (filled < buffer.length && !deadline.expired()) {
            int read;
            try {
                read = in.read(buffer, filled, buffer.length - filled);
            } catch (SocketTimeoutException paused) {
                if (filled == 0) {
                    throw paused;
                }
                break;
            }
            if (read < 0) {
                break;
            }
            filled += read;
            if (indexOfNewline(buffer, filled) >= 0) {
                break;
            }
        }
        return java.util.Arrays.copyOf(buffer, filled);
    }

    private static int indexOfNewline(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n' || buffer[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** The first words of the first line, printable ASCII only. */
    private static String firstWords(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        StringBuilder printable = new StringBuilder();
        for (char c : line.toCharArray()) {
            printable.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        String[] words = printable.toString().split(" +");
        String quoted = String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, QUOTED_WORDS)));
        return quoted.length() > 40 ? quoted.substring(0, 40) + "…" : quoted;
    }

    private static int timeout(Deadline deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, deadline.remainingMillis()));
    }
}
