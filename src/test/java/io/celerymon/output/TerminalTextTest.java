package io.celerymon.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void plainTextIsReturnedAsIs() {
        String plain = "celery@host-1 tasks.add [rate_limit=10/m] caf\u00e9 \u65e5\u672c \ud83d\ude00";

        assertThat(TerminalText.clean(plain)).isSameAs(plain);
    }

    @Test
    void c0ControlsAreEscapedIncludingTabAndNewline() {
        assertThat(TerminalText.clean("a\tb\nc\rd")).isEqualTo("a\\tb\\nc\\rd");
        assertThat(TerminalText.clean("\u0000\u0007\u0008\u001f")).isEqualTo("\\x00\\x07\\x08\\x1f");
    }

    @Test
    void escapeSequencesBecomePrintableText() {
        assertThat(TerminalText.clean("\u001b[2J\u001b]0;title\u0007x"))
                .isEqualTo("\\x1b[2J\\x1b]0;title\\x07x");
    }

    @Test
    void delC1AndBidiControlsAreEscaped() {
        assertThat(TerminalText.clean("a\u007fb")).isEqualTo("a\\x7fb");
        assertThat(TerminalText.clean("\u0080\u009b31m\u009f")).isEqualTo("\\u0080\\u009b31m\\u009f");
        assertThat(TerminalText.clean("abc\u202edef\u2066\u200f")).isEqualTo("abc\\u202edef\\u2066\\u200f");
        assertThat(TerminalText.clean("\u00a0")).isEqualTo("\u00a0");
    }

    @Test
    void loneSurrogatesAreEscapedAndPairsKept() {
        assertThat(TerminalText.clean("x\ud800y")).isEqualTo("x\\ud800y");
        assertThat(TerminalText.clean("x\udc00")).isEqualTo("x\\udc00");
        assertThat(TerminalText.clean("\ud83d\ude00\n")).isEqualTo("\ud83d\ude00\\n");
    }

    @Test
    void nullIsEmpty() {
        assertThat(TerminalText.clean(null)).isEmpty();
    }

    @Test
    void cutKeepsShortTextAndMarksCutText() {
        assertThat(TerminalText.cut("abc", 5)).isEqualTo("abc");
        assertThat(TerminalText.cut("abcdefgh", 6)).isEqualTo("abc...");
    }

    @Test
    void columnsCountTerminalCells() {
        assertThat(TerminalText.columns("abc")).isEqualTo(3);
        assertThat(TerminalText.columns("\u6f22\u5b57")).isEqualTo(4);
        assertThat(TerminalText.columns("\ud83d\udc0d")).isEqualTo(2);
        assertThat(TerminalText.columns("e\u0301")).isEqualTo(1);
        assertThat(TerminalText.columns("")).isZero();
    }

    @Test
    void fitColumnsNeverSplitsAWideCharacter() {
        assertThat(TerminalText.fitColumns("ab\u6f22\u5b57cd", 8)).isEqualTo("ab\u6f22\u5b57cd");
        assertThat(TerminalText.fitColumns("ab\u6f22\u5b57cd", 7)).isEqualTo("ab\u6f22...");
        assertThat(TerminalText.fitColumns("ab\u6f22\u5b57cd", 6)).isEqualTo("ab...");
        assertThat(TerminalText.fitColumns("\u6f22\u5b57", 3)).isEqualTo("\u6f22");
        assertThat(TerminalText.fitColumns("abc", 0)).isEmpty();
    }

    @Test
    void shortenMiddleKeepsBothEnds() {
        assertThat(TerminalText.shortenMiddle("worker-number-one@host.example", 16)).isEqualTo("worker-...xample")
                .satisfies(s -> assertThat(TerminalText.columns(s)).isEqualTo(16));
        assertThat(TerminalText.shortenMiddle("\u6f22\u5b57\u6f22\u5b57@\u6f22\u5b57", 9))
                .isEqualTo("\u6f22...\u5b57");
        assertThat(TerminalText.shortenMiddle("short@lab", 16)).isEqualTo("short@lab");
        assertThat(TerminalText.shortenMiddle("e\u0301".repeat(8), 7))
                .isEqualTo("e\u0301e\u0301...e\u0301e\u0301");
    }

    @Test
    void wrapColumnsBreaksAtTheWidthInCells() {
        assertThat(TerminalText.wrapColumns("abcdef", 4)).containsExactly("abcd", "ef");
        assertThat(TerminalText.wrapColumns("a\u6f22\u5b57b", 4)).containsExactly("a\u6f22", "\u5b57b");
        assertThat(TerminalText.wrapColumns("", 4)).containsExactly("");
    }
}
