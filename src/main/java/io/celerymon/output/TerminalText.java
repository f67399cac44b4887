package io.celerymon.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.WCWidth;

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
    /** What marks cut text everywhere on the terminal: three dots, one cell each on any font. */
    public static final String ELLIPSIS = "...";

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

    /**
     * How many terminal cells cleaned text takes: two for wide East Asian characters and most
     * emoji, none for combining marks, one for the rest (JLine's {@link WCWidth} table).
     */
    public static int columns(String text) {
        int cells = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            cells += cellsOf(cp);
            i += Character.charCount(cp);
        }
        return cells;
    }

    /**
     * Cuts cleaned text to at most {@code max} cells, ending in {@code ...} when cut (and when the
     * room allows it); a wide character never straddles the cut.
     */
    public static String fitColumns(String text, int max) {
        if (columns(text) <= max) {
            return text;
        }
        if (max <= ELLIPSIS.length()) {
            return head(text, Math.max(0, max));
        }
        return head(text, max - ELLIPSIS.length()) + ELLIPSIS;
    }

    /**
     * Shortens cleaned text to at most {@code max} cells by putting {@code ...} in its middle, so both
     * ends stay readable (a worker's name before the {@code @} and its host after it).
     */
    public static String shortenMiddle(String text, int max) {
        if (columns(text) <= max) {
            return text;
        }
        if (max <= ELLIPSIS.length() + 2) {
            return fitColumns(text, max);
        }
        int room = max - ELLIPSIS.length();
        int tailRoom = room / 2;
        return head(text, room - tailRoom) + ELLIPSIS + tail(text, tailRoom);
    }

    /** Cleaned text in pieces of at most {@code width} cells (at least one piece, maybe empty). */
    public static List<String> wrapColumns(String text, int width) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int cells = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = cellsOf(cp);
            if (cells + w > width && piece.length() > 0) {
                pieces.add(piece.toString());
                piece.setLength(0);
                cells = 0;
            }
            piece.appendCodePoint(cp);
            cells += w;
            i += Character.charCount(cp);
        }
        pieces.add(piece.toString());
        return pieces;
    }

    /** The longest start of the text that fits in {@code max} cells. */
    private static String head(String text, int max) {
        int cells = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int w = cellsOf(cp);
            if (cells + w > max) {
                break;
            }
            cells += w;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /** The longest end of the text that fits in {@code max} cells, not starting on a combining mark. */
    private static String tail(String text, int max) {
        int cells = 0;
        int i = text.length();
        while (i > 0) {
            int cp = text.codePointBefore(i);
            int w = cellsOf(cp);
            if (cells + w > max) {
                break;
            }
            cells += w;
            i -= Character.charCount(cp);
        }
        while (i < text.length() && cellsOf(text.codePointAt(i)) == 0) {
            i += Character.charCount(text.codePointAt(i));
        }
        return text.substring(i);
    }

    // Control characters (-1 in the table) never reach here in cleaned text; counted as nothing.
    private static int cellsOf(int codePoint) {
        return Math.max(0, WCWidth.wcwidth(codePoint));
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
