package io.celerymon.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a dotenv file such as Dify's {@code docker/.env} or {@code api/.env}, following
 * python-dotenv (what Dify's settings loader uses): {@code KEY=VALUE}, {@code export KEY=VALUE},
 * comments, blank lines, double quotes (backslash escapes), values spanning lines inside quotes,
 * {@code " # comment"} after unquoted values, and {@code ${NAME}} / {@code ${NAME:-default}}
 * in unquoted and double-quoted values. Single-quoted values are literal, as Docker Compose
 * (which reads {@code docker/.env}) and python-dotenv's documentation have it. Error messages
 * name the file and line, never a value.
 */
public final class EnvFile {
    /** The most an env file may hold: Dify's whole {@code docker/.env} is about 50 KB. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** The read's deadline for callers that have none of their own (tests, tools). */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    private final String source;
    private final String text;
    private final Map<String, String> outerEnv;
    private final Map<String, String> values = new LinkedHashMap<>();
    private int pos;
    private int line = 1;

    private EnvFile(String source, String text, Map<String, String> outerEnv) {
        this.source = source;
        this.text = text;
        this.outerEnv = outerEnv;
    }

    /** The variables in {@code path}, in file order; the last definition of a key wins. */
    public static Map<String, String> read(Path path) {
        return read(path, Map.of());
    }

    /**
     * As {@link #read(Path)}, with {@code ${NAME}} also looked up in {@code outerEnv} (the
     * process environment) when the file has not defined NAME above, as python-dotenv does.
     */
    public static Map<String, String> read(Path path, Map<String, String> outerEnv) {
        return read(path, outerEnv, Deadline.in(DEFAULT_READ_TIMEOUT));
    }

    /**
     * As {@link #read(Path, Map)}, giving up at {@code deadline}: the file may be a FIFO or a
     * process substitution ({@code <(...)}) whose writer is slow or never comes. A file over
     * {@link #MAX_BYTES} or a read cut off by the deadline is a {@link BrokerConfigException}.
     */
    public static Map<String, String> read(Path path, Map<String, String> outerEnv, Deadline deadline) {
        String text = new String(BoundedRead.bytes(path, MAX_BYTES, deadline), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        EnvFile file = new EnvFile(path.toString(), text.replace("\r\n", "\n").replace('\r', '\n'), outerEnv);
        file.parseAll();
        return Collections.unmodifiableMap(file.values);
    }

    private void parseAll() {
        while (pos < text.length()) {
            skipBlanks();
            if (atLineEnd()) {
                nextLine();
                continue;
            }
            if (peek() == '#') {
                skipToLineEnd();
                nextLine();
                continue;
            }
            parseAssignment();
        }
    }

    private void parseAssignment() {
        int keyLine = line;
        if (text.startsWith("export", pos) && pos + 6 < text.length()
                && (text.charAt(pos + 6) == ' ' || text.charAt(pos + 6) == '\t')) {
            pos += 6;
            skipBlanks();
        }
        int keyStart = pos;
        while (!atLineEnd() && peek() != '=') {
            pos++;
        }
        String key = text.substring(keyStart, pos).strip();
        if (atLineEnd()) {
            // python-dotenv reads a bare "KEY" as declared but unset; anything else is not a line it can use.
            if (!key.isEmpty() && key.chars().noneMatch(c -> Character.isWhitespace(c) || c == '#')) {
                nextLine();
                return;
            }
            throw error(keyLine, "expected KEY=VALUE");
        }
        if (key.isEmpty() || key.chars().anyMatch(c -> Character.isWhitespace(c) || c == '#')) {
            throw error(keyLine, "expected KEY=VALUE, the key is missing or has spaces");
        }
        pos++; // '='
        skipBlanks();
        String value;
        if (!atLineEnd() && peek() == '"') {
            value = doubleQuoted(keyLine);
            afterQuote(keyLine);
        } else if (!atLineEnd() && peek() == '\'') {
            value = singleQuoted(keyLine);
            afterQuote(keyLine);
        } else {
            value = unquoted();
        }
        values.put(key, value);
        nextLine();
    }

    private String unquoted() {
        int start = pos;
        skipToLineEnd();
        String raw = text.substring(start, pos);
        // A '#' starts a comment only after whitespace, so "pa#ss" stays a value.
        for (int i = 1; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (raw.charAt(i - 1) == ' ' || raw.charAt(i - 1) == '\t')) {
                raw = raw.substring(0, i);
                break;
            }
        }
        return interpolate(raw.strip());
    }

    private String doubleQuoted(int keyLine) {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(keyLine, "a double-quoted value is not closed");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return interpolate(out.toString());
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos);
                String decoded = switch (e) {
                    case 'n' -> "\n";
                    case 'r' -> "\r";
                    case 't' -> "\t";
                    case '\\' -> "\\";
                    case '"' -> "\"";
                    case '\'' -> "'";
                    default -> null;
                };
                if (decoded != null) {
                    out.append(decoded);
                    pos++;
                    continue;
                }
            }
            out.append(c);
        }
    }

    private String singleQuoted(int keyLine) {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error(keyLine, "a single-quoted value is not closed");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                return out.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '\\')) {
                out.append(text.charAt(pos++));
                continue;
            }
            out.append(c);
        }
    }

    private void afterQuote(int keyLine) {
        skipBlanks();
        if (atLineEnd()) {
            return;
        }
        if (peek() == '#') {
            skipToLineEnd();
            return;
        }
        throw error(keyLine, "unexpected text after the closing quote");
    }

    /** Expands {@code ${NAME}} and {@code ${NAME:-default}}; an unknown NAME becomes "" or the default. */
    private String interpolate(String value) {
        if (!value.contains("${")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int open = value.indexOf("${", i);
            int close = open < 0 ? -1 : value.indexOf('}', open + 2);
            if (open < 0 || close < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, open);
            String inner = value.substring(open + 2, close);
            int sep = inner.indexOf(":-");
            String name = sep < 0 ? inner : inner.substring(0, sep);
            String fallback = sep < 0 ? "" : inner.substring(sep + 2);
            String found = values.containsKey(name) ? values.get(name) : outerEnv.get(name);
            out.append(found != null ? found : fallback);
            i = close + 1;
        }
        return out.toString();
    }

    private BrokerConfigException error(int atLine, String reason) {
        return new BrokerConfigException("env file " + source + " line " + atLine + ": " + reason);
    }

    private char peek() {
        return text.charAt(pos);
    }

    private boolean atLineEnd() {
        return pos >= text.length() || text.charAt(pos) == '\n';
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipToLineEnd() {
        while (!atLineEnd()) {
            pos++;
        }
    }

    private void nextLine() {
        if (pos < text.length() && text.charAt(pos) == '\n') {
            pos++;
            line++;
        }
    }
}
