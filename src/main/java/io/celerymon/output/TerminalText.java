package io.celerymon.output;

import java.util.Locale;

/**
 * Makes untrusted text (worker names, task names, arguments, error texts: anyone with broker
 * access can forge them) safe to print on a terminal, one line per value.
 *
 * <p>Escaped: every C0 control character including tab and newline ({@code \t}, {@code \n},
 * {@code \r}, otherwise {@code \xNN}), DEL ({@code \x7f}), every C1 control character
 * ({@code \u009b} etc.; some terminals take U+009B as CSI), the Unicode bidirectional controls
 * (which can reorder what a reader sees) and lone surrogates. ESC becomes {@code \x1b}, so an escape
 * sequence is left as harmless printable text. Everything else, including non-ASCII letters,
 * is kept. A backslash is not escaped: the output is for eyes, not for parsing back.
 *
 * <p>JSON output does not use this class: Jackson escapes C0 characters itself and
 * {@link OutputJson} adds DEL, C1 and the bidirectional controls.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** The text with control characters escaped; {@code ""} for null. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            String escape = escapeFor(c);
            if (escape == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(escape);
        }
        return out == null ? text : out.toString();
    }

    /** Null when {@code c} is safe to print; else its escape. Valid surrogate pairs never get here. */
    private static String escapeFor(char c) {
        if (c == '\n') {
            return "\\n";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c == '\t') {
            return "\\t";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format(Locale.ROOT, "\\x%02x", (int) c);
        }
        if (c >= 0x80 && c <= 0x9f || isBidiControl(c) || Character.isSurrogate(c)) {
            return String.format(Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }

    public static boolean isBidiControl(int c) {
        return c == 0x061c || c == 0x200e || c == 0x200f
                || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069;
    }

    /** Cuts cleaned text to at most {@code max} characters, ending in {@code ...} when cut. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - 3);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }
}
