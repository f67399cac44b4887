package io.celerymon.protocol;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Shell-style globs with Python {@code fnmatch.fnmatchcase} semantics, the matching Celery workers
 * apply to {@code pattern}/{@code matcher=glob} destinations: {@code *}, {@code ?}, {@code [set]},
 * {@code [!set]}; case-sensitive; the whole string must match.
 */
public final class Fnmatch {

    private Fnmatch() {
    }

    /** True if {@code text} matches {@code glob} as a whole. */
    public static boolean matches(String glob, String text) {
        return toRegex(glob).matcher(text).matches();
    }

    /**
     * The glob as an anchored-by-{@code matches()} regex.
     *
     * @throws IllegalArgumentException if a {@code [set]} is not a valid range (e.g. {@code [z-a]})
     */
    public static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> i = appendSet(glob, i, re);
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getDescription());
        }
    }

    /** Appends the set opened at {@code open}; returns the index of its closing bracket, or of the literal '['. */
    private static int appendSet(String glob, int open, StringBuilder re) {
        int j = open + 1;
        if (j < glob.length() && glob.charAt(j) == '!') {
            j++;
        }
        // As in fnmatch, a ']' right after '[' or '[!' is a member, not the end of the set.
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++;
        }
        int close = glob.indexOf(']', j);
        if (close < 0) {
            re.append("\\[");
            return open;
        }
        String members = glob.substring(open + 1, close);
        boolean negated = members.startsWith("!");
        if (negated) {
            members = members.substring(1);
        }
        re.append('[');
        if (negated) {
            re.append('^');
        }
        for (int k = 0; k < members.length(); k++) {
            char m = members.charAt(k);
            // Java gives these a meaning inside a class ([a&&b], nested sets, a leading ^); fnmatch does not.
            if (m == '\\' || m == '[' || m == ']' || m == '&' || m == '^') {
                re.append('\\');
            }
            re.append(m);
        }
        re.append(']');
        return close;
    }
}
