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
}
