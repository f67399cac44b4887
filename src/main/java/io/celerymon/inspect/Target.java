package io.celerymon.inspect;

import java.util.List;

/**
 * Which workers a call addresses: explicit destinations, or a pattern with its matcher
 * ({@code glob} or {@code pcre}, as kombu's matcher registry names them), or everyone.
 */
public record Target(List<String> destination, String pattern, String matcher) {

    public static final Target ALL = new Target(List.of(), null, null);

    public Target {
        destination = destination == null ? List.of() : List.copyOf(destination);
        if (pattern != null && matcher == null) {
            matcher = "glob";
        }
    }

    public boolean hasDestination() {
        return !destination.isEmpty();
    }

    public boolean hasPattern() {
        return pattern != null;
    }
}
