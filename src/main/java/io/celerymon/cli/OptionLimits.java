package io.celerymon.cli;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Limits on option text, so that a value the broker or the operating system would refuse deep
 * inside a call is a usage error naming the option instead.
 */
final class OptionLimits {

    /**
     * A name the broker sees: an AMQP short string holds 255 bytes, and names are composed of
     * others ({@code <node>.<exchange>.pidbox}, {@code <uuid>.reply.<exchange>.pidbox}).
     */
    static final int NAME_BYTES = 200;
    /** A queue name on its own: AMQP's short-string limit. */
    static final int QUEUE_BYTES = 255;
    /** Patterns and globs: generous, but a compiled regex of megabytes is no node-name filter. */
    static final int PATTERN_CHARS = 1000;
    /** URLs: about what HTTP servers and browsers take. */
    static final int URL_CHARS = 8192;
    /** How many workers -d may name. */
    static final int MAX_DESTINATIONS = 10_000;

    private OptionLimits() {
    }

    /**
     * A name sent to the broker (exchange, queue, node, key prefix, master name): at most
     * {@code maxBytes} of UTF-8 and no control characters.
     */
    static String name(CommandSpec spec, String option, String value, int maxBytes) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new ParameterException(spec.commandLine(), option + " is " + bytes + " bytes long; at most "
                    + maxBytes + " are taken");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new ParameterException(spec.commandLine(), option + " contains a control character");
        }
        return value;
    }

    /** Free text such as a pattern or a URL: at most {@code maxChars} characters. */
    static String text(CommandSpec spec, String option, String value, int maxChars) {
        if (value.length() > maxChars) {
            throw new ParameterException(spec.commandLine(), option + " is " + value.length()
                    + " characters long; at most " + maxChars + " are taken");
        }
        return value;
    }
}
