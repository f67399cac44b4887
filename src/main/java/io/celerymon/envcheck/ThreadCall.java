package io.celerymon.envcheck;

import java.util.ArrayList;
import java.util.List;

/**
 * One reading of {@code /proc/PID/task/TID/syscall}: the thread is running, or is blocked in the
 * kernel outside a system call ({@code -1}), or waits in call {@code number} with its six arguments.
 *
 * @param phase which of the three
 * @param number the call's number when {@link Phase#IN_CALL}, else -1
 * @param args the call's six arguments (raw register values) when in a call, else empty
 */
record ThreadCall(Phase phase, int number, List<Long> args) {

    /** Where the thread was when the file was read. */
    enum Phase { RUNNING, NOT_IN_CALL, IN_CALL }

    ThreadCall {
        args = List.copyOf(args);
    }

    /** Parses the file's one line; throws {@link IllegalArgumentException} on anything else. */
    static ThreadCall parse(String text) {
        String line = text.strip();
        if (line.equals("running")) {
            return new ThreadCall(Phase.RUNNING, -1, List.of());
        }
        String[] f = line.split("\\s+");
        int number = Integer.parseInt(f[0]);
        if (number < 0) {
            return new ThreadCall(Phase.NOT_IN_CALL, -1, List.of());
        }
        if (f.length < 7) {
            throw new IllegalArgumentException("syscall line without its arguments: " + line);
        }
        List<Long> args = new ArrayList<>(6);
        for (int i = 1; i <= 6; i++) {
            args.add(hex(f[i]));
        }
        return new ThreadCall(Phase.IN_CALL, number, args);
    }

    /** The call's name, {@code running}, or {@code none} (blocked outside a call, e.g. a page fault). */
    String name(Syscalls table) {
        return switch (phase) {
            case RUNNING -> "running";
            case NOT_IN_CALL -> "none";
            case IN_CALL -> table.name(number);
        };
    }

    /** Argument {@code i} (0-based). */
    long arg(int i) {
        return args.get(i);
    }

    private static long hex(String value) {
        String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        return Long.parseUnsignedLong(digits, 16);
    }
}
