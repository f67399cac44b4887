package io.celerymon.inspect;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides locally, as a worker would, whether a node name matches a {@link Target} pattern, so
 * the expected set can be narrowed before the broadcast. glob follows Python's fnmatch; pcre
 * follows Python's re.match (anchored at the start only).
 */
final class NodeNameMatcher {

    private NodeNameMatcher() {
    }

    static boolean matches(Target target, String node) {
        if (!target.hasPattern()) {
            return true;
        }
        return switch (target.matcher()) {
            case "pcre" -> compilePcre(target.pattern()).matcher(node).lookingAt();
            default -> globToRegex(target.pattern()).matcher(node).matches();
        };
    }

    /** Checks the pattern compiles; throws IllegalArgumentException with a readable message. */
    static void validate(Target target) {
        if (!target.hasPattern()) {
            return;
        }
        if (!target.matcher().equals("glob") && !target.matcher().equals("pcre")) {
            throw new IllegalArgumentException("unknown matcher '" + target.matcher() + "' (use glob or pcre)");
        }
        matches(target, "");
    }

    private static Pattern compilePcre(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pcre pattern '" + pattern + "': " + e.getDescription());
        }
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        if (set.startsWith("!")) {
                            set = "^" + set.substring(1);
                        }
                        re.append('[').append(set.replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
