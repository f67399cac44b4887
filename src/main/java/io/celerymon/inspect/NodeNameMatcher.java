package io.celerymon.inspect;

import io.celerymon.protocol.Fnmatch;
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
            default -> Fnmatch.toRegex(target.pattern()).matcher(node).matches();
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
}
