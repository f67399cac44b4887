package io.celerymon.inspect;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One control call to make: method, keyword arguments, who it addresses, how long to wait, and
 * optionally how many replies to expect ({@code --expect N}).
 */
public record CallSpec(String method, Map<String, Object> arguments, Target target, Duration timeout,
                       OptionalInt expectCount) {

    public CallSpec {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        target = target == null ? Target.ALL : target;
        expectCount = expectCount == null ? OptionalInt.empty() : expectCount;
    }
}
