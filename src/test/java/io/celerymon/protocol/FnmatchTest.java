package io.celerymon.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FnmatchTest {

    @Test
    void wildcardsMatchTheWholeString() {
        assertThat(Fnmatch.matches("task-*", "task-succeeded")).isTrue();
        assertThat(Fnmatch.matches("task-*", "worker-heartbeat")).isFalse();
        assertThat(Fnmatch.matches("w?@lab", "w1@lab")).isTrue();
        assertThat(Fnmatch.matches("w?@lab", "w12@lab")).isFalse();
        assertThat(Fnmatch.matches("*", "line\nbreak")).isTrue();
        assertThat(Fnmatch.matches("Task-*", "task-x")).isFalse();
    }

    @Test
    void regexCharactersOutsideSetsAreLiteral() {
        assertThat(Fnmatch.matches("w.1@h", "wx1@h")).isFalse();
        assertThat(Fnmatch.matches("a+b", "a+b")).isTrue();
        assertThat(Fnmatch.matches("a\\Eb", "a\\Eb")).isTrue();
    }

    @Test
    void setsFollowFnmatch() {
        assertThat(Fnmatch.matches("w[12]@h", "w2@h")).isTrue();
        assertThat(Fnmatch.matches("w[!12]@h", "w2@h")).isFalse();
        assertThat(Fnmatch.matches("w[!12]@h", "w3@h")).isTrue();
        assertThat(Fnmatch.matches("w[0-9]", "w7")).isTrue();
        assertThat(Fnmatch.matches("[]]", "]")).isTrue();
        assertThat(Fnmatch.matches("[!]]", "]")).isFalse();
        assertThat(Fnmatch.matches("[!]]", "x")).isTrue();
        assertThat(Fnmatch.matches("[^x]", "^")).isTrue();
        assertThat(Fnmatch.matches("[^x]", "y")).isFalse();
        assertThat(Fnmatch.matches("[a&&b]", "&")).isTrue();
        assertThat(Fnmatch.matches("[a[]", "[")).isTrue();
    }

    @Test
    void anUnclosedBracketIsLiteral() {
        assertThat(Fnmatch.matches("w[1", "w[1")).isTrue();
        assertThat(Fnmatch.matches("w[1", "w1")).isFalse();
    }

    @Test
    void aReversedRangeIsReported() {
        assertThatThrownBy(() -> Fnmatch.toRegex("[z-a]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid glob '[z-a]'");
    }
}
