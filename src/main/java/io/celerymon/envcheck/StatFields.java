package io.celerymon.envcheck;

/**
 * The fields of a {@code /proc/PID/stat} (or {@code task/TID/stat}) line, numbered as proc(5)
 * numbers them. The command name in parentheses (field 2) may hold spaces and ')' itself, so the
 * fields are counted from the last ')'.
 */
final class StatFields {
    private final String[] afterName;

    private StatFields(String[] afterName) {
        this.afterName = afterName;
    }

    /** @throws IllegalArgumentException when the line has no command name */
    static StatFields of(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("stat without a name: " + stat);
        }
        return new StatFields(stat.substring(close + 1).trim().split("\\s+"));
    }

    /** Field {@code number} (1-based, 3 or more: the state is field 3). */
    String field(int number) {
        return afterName[number - 3];
    }

    /** Field {@code number} as a number. */
    long number(int number) {
        return Long.parseLong(field(number));
    }
}
