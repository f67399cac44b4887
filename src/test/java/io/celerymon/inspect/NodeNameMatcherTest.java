package io.celerymon.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeNameMatcherTest {

    private static boolean glob(String pattern, String node) {
        return NodeNameMatcher.matches(new Target(List.of(), pattern, "glob"), node);
    }

    private static boolean pcre(String pattern, String node) {
        return NodeNameMatcher.matches(new Target(List.of(), pattern, "pcre"), node);
    }

    @Test
    void globFollowsFnmatch() {
        assertThat(glob("gevent*", "gevent-1@host")).isTrue();
        assertThat(glob("*@host", "w1@host")).isTrue();
        assertThat(glob("w?@h", "w1@h")).isTrue();
        assertThat(glob("w[12]@h", "w2@h")).isTrue();
        assertThat(glob("w[!12]@h", "w2@h")).isFalse();
        assertThat(glob("w1@h", "w1@hx")).isFalse();
        assertThat(glob("w.1@h", "wx1@h")).isFalse();
    }

    @Test
    void pcreIsAnchoredAtTheStartOnlyAsPythonReMatch() {
        assertThat(pcre("gevent", "gevent-1@h")).isTrue();
        assertThat(pcre("1@h", "gevent-1@h")).isFalse();
        assertThat(pcre(".*-1@", "gevent-1@h")).isTrue();
    }

    @Test
    void rejectsUnknownMatchersAndBadRegexes() {
        assertThatThrownBy(() -> NodeNameMatcher.validate(new Target(List.of(), "x", "regex")))
                .hasMessageContaining("unknown matcher");
        assertThatThrownBy(() -> NodeNameMatcher.validate(new Target(List.of(), "(", "pcre")))
                .hasMessage("invalid pcre pattern '(': Unclosed group");
        assertThatThrownBy(() -> NodeNameMatcher.validate(new Target(List.of(), "\\", "pcre")))
                .hasMessage("invalid pcre pattern '\\': a trailing '\\' escapes nothing");
    }

    @Test
    void anEmptyPatternIsRefusedUnderEitherMatcher() {
        for (String matcher : List.of("glob", "pcre")) {
            assertThatThrownBy(() -> NodeNameMatcher.validate(new Target(List.of(), "", matcher)))
                    .hasMessageContaining("the pattern is empty");
        }
    }

    @Test
    void pythonNamedGroupsMatchLocallyAsOnTheWorker() {
        NodeNameMatcher.validate(new Target(List.of(), "(?P<n>s)olo", "pcre"));
        assertThat(pcre("(?P<n>s)olo", "solo@h")).isTrue();
        assertThat(pcre("(?P<n>s)olo", "gevent@h")).isFalse();
    }
}
