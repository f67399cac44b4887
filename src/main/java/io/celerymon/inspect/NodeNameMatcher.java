package io.celerymon.inspect;

import io.celerymon.protocol.Fnmatch;
import java.util.regex.Pattern;

/**
 * Decides locally, as a worker would, whether a node name matches a {@link Target} pattern, so
 * the expected set can be narrowed before the broadcast. glob follows Python's fnmatch; pcre
 * follows Python's re.match (anchored at the start only).
 */
public final class NodeNameMatcher {

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

    /**
     * Checks, before anything is sent, that the pattern is one the workers and this matcher can
     * use; IllegalArgumentException with a one-line reason otherwise.
     */
    public static void validate(Target target) {
        if (!target.hasPattern()) {
            return;
        }
        if (!target.matcher().equals("glob") && !target.matcher().equals("pcre")) {
            throw new IllegalArgumentException("unknown matcher '" + target.matcher() + "' (use glob or pcre)");
        }
        if (target.pattern().isEmpty()) {
            throw new IllegalArgumentException("the pattern is empty; leave --pattern out to address every worker");
        }
        matches(target, "");
    }

    private static Pattern compilePcre(String pattern) {
        try {
            return PythonRegex.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid pcre pattern '" + pattern + "': " + e.getMessage());
        }
    }
}
