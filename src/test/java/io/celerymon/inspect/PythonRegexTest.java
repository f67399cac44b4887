package io.celerymon.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Python re syntax compiled for Java, matching as a worker's re.match would. */
class PythonRegexTest {

    private static boolean match(String python, String node) {
        return PythonRegex.compile(python).matcher(node).lookingAt();
    }

    @Test
    void namedGroupsAndBackReferencesAreTranslated() {
        assertThat(match("(?P<n>s)olo", "solo@h")).isTrue();
        assertThat(match("(?P<first_name>w)(?P=first_name)", "ww1@h")).isTrue();
        assertThat(match("(?P<first_name>w)(?P=first_name)", "wx1@h")).isFalse();
        assertThat(match("(?P<a>x)(?P<b>y)(?P=b)(?P=a)", "xyyx")).isTrue();
    }

    @Test
    void pythonOnlySyntaxMeansWhatItMeansInPython() {
        assertThat(match("w(?#the worker)1", "w1@h")).isTrue();
        assertThat(match("w{,2}1", "ww1")).isTrue();
        assertThat(match("a{", "a{@h")).isTrue();
        assertThat(match("{x}", "{x}")).isTrue();
        assertThat(match("w1@h\\Z", "w1@h\n")).isFalse();
        assertThat(match("w1@h$", "w1@h\n")).isTrue();
        assertThat(match("[a[]", "[")).isTrue();
        assertThat(match("[a&&b]", "&")).isTrue();
        assertThat(match("[]a]", "]")).isTrue();
        assertThat(match("\\d", "\u0663")).isTrue();
        assertThat(match("[(?P<x>]", "P")).isTrue();
        assertThat(match("\\(?P<x>", "(P<x>")).isTrue();
    }

    @Test
    void whatJavaCannotCompileIsRefusedWithItsReason() {
        assertThatThrownBy(() -> PythonRegex.compile("(")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unclosed group");
        assertThatThrownBy(() -> PythonRegex.compile("\\")).hasMessage("a trailing '\\' escapes nothing");
        assertThatThrownBy(() -> PythonRegex.compile("[abc")).hasMessage("unterminated character set");
        assertThatThrownBy(() -> PythonRegex.compile("(?P=n)")).hasMessage("unknown group name 'n'");
        assertThatThrownBy(() -> PythonRegex.compile("(?P<n>a)(?P<n>b)"))
                .hasMessage("redefinition of group name 'n'");
        assertThatThrownBy(() -> PythonRegex.compile("(?P<1>a)")).hasMessage("bad character in group name '1'");
        assertThatThrownBy(() -> PythonRegex.compile("(?P<n")).hasMessage("missing '>' after the group name");
        assertThatThrownBy(() -> PythonRegex.compile("*")).isInstanceOf(IllegalArgumentException.class);
    }
}
