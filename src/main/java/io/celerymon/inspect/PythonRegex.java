package io.celerymon.inspect;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a pattern written for Python's {@code re} (what a worker's {@code --pattern} matcher
 * runs) into a Java {@link Pattern} that matches the same node names. Python's own syntax is
 * translated: named groups {@code (?P<name>…)} and back-references {@code (?P=name)}, comments
 * {@code (?#…)}, {@code \Z}, {@code {,n}}, a '{' that starts no quantifier, and '[' or '&' inside a
 * character class (literal in Python, nesting and intersection in Java). Whatever Java still
 * cannot compile is refused with Java's one-line reason.
 */
final class PythonRegex {

    private final String python;
    private final StringBuilder java = new StringBuilder();
    /** Python group names to the Java ones; Java takes only ASCII letters and digits. */
    private final Map<String, String> groups = new HashMap<>();
    private int pos;

    private PythonRegex(String python) {
        this.python = python;
    }

    /** The Java pattern for {@code python}; IllegalArgumentException naming the reason when there is none. */
    static Pattern compile(String python) {
        String translated = new PythonRegex(python).translate();
        try {
            // Python 3's \w, \d, \s and \b are Unicode-aware on str patterns.
            return Pattern.compile(translated, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription());
        } catch (RuntimeException e) {
            // Pattern.compile has been known to throw more than its documented exception on odd input.
            throw new IllegalArgumentException("not a pattern Java can compile");
        }
    }

    private String translate() {
        while (pos < python.length()) {
            char c = python.charAt(pos);
            if (c == '\\') {
                escape();
            } else if (c == '[') {
                characterClass();
            } else if (python.startsWith("(?P<", pos)) {
                namedGroup();
            } else if (python.startsWith("(?P=", pos)) {
                backReference();
            } else if (python.startsWith("(?#", pos)) {
                comment();
            } else if (c == '{') {
                brace();
            } else {
                java.append(c);
                pos++;
            }
        }
        return java.toString();
    }

    private void escape() {
        if (pos + 1 >= python.length()) {
            throw new IllegalArgumentException("a trailing '\\' escapes nothing");
        }
        char next = python.charAt(pos + 1);
        // Python's \Z is the very end; Java's would also match before a final line break.
        java.append(next == 'Z' ? "\\z" : "\\" + next);
        pos += 2;
    }

    private void characterClass() {
        java.append('[');
        pos++;
        if (pos < python.length() && python.charAt(pos) == '^') {
            java.append('^');
            pos++;
        }
        // A ']' right after '[' or '[^' is a literal in Python.
        if (pos < python.length() && python.charAt(pos) == ']') {
            java.append("\\]");
            pos++;
        }
        while (pos < python.length()) {
            char c = python.charAt(pos);
            if (c == ']') {
                java.append(']');
                pos++;
                return;
            }
            if (c == '\\' && python.startsWith("\\b", pos)) {
                // A backspace inside a set, as in Python; Java has no \b there.
                java.append("\\x08");
                pos += 2;
            } else if (c == '\\') {
                escape();
            } else if (c == '[' || c == '&') {
                java.append('\\').append(c);
                pos++;
            } else {
                java.append(c);
                pos++;
            }
        }
        throw new IllegalArgumentException("unterminated character set");
    }

    private void namedGroup() {
        int close = python.indexOf('>', pos + 4);
        if (close < 0) {
            throw new IllegalArgumentException("missing '>' after the group name");
        }
        String name = name(python.substring(pos + 4, close));
        if (groups.containsKey(name)) {
            throw new IllegalArgumentException("redefinition of group name '" + name + "'");
        }
        String javaName = "g" + (groups.size() + 1);
        groups.put(name, javaName);
        java.append("(?<").append(javaName).append('>');
        pos = close + 1;
    }

    private void backReference() {
        int close = python.indexOf(')', pos + 4);
        if (close < 0) {
            throw new IllegalArgumentException("missing ')' after the group name");
        }
        String name = name(python.substring(pos + 4, close));
        String javaName = groups.get(name);
        if (javaName == null) {
            throw new IllegalArgumentException("unknown group name '" + name + "'");
        }
        java.append("\\k<").append(javaName).append('>');
        pos = close + 1;
    }

    private static String name(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.codePointAt(0))
                || !name.codePoints().allMatch(Character::isJavaIdentifierPart) || name.contains("$")) {
            throw new IllegalArgumentException("bad character in group name '" + name + "'");
        }
        return name;
    }

    private void comment() {
        int close = python.indexOf(')', pos);
        if (close < 0) {
            throw new IllegalArgumentException("missing ')', unterminated comment");
        }
        pos = close + 1;
    }

    /** '{' starts a quantifier only as {m}, {m,}, {,n} or {m,n}; otherwise Python takes it literally. */
    private void brace() {
        int close = python.indexOf('}', pos);
        String body = close < 0 ? null : python.substring(pos + 1, close);
        if (body == null || !body.matches("[0-9]*(,[0-9]*)?") || body.isEmpty() || body.equals(",")) {
            java.append("\\{");
            pos++;
            return;
        }
        java.append('{').append(body.startsWith(",") ? "0" + body : body).append('}');
        pos = close + 1;
    }
}
