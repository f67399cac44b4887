package io.celerymon.envcheck;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names the system calls a waiting thread can sit in, from the numbers {@code /proc/PID/task/TID/syscall}
 * gives. Only the calls that tell a hub's state apart are named; the numbers differ per architecture
 * (x86_64: {@code asm/unistd_64.h}; aarch64: the kernel's {@code asm-generic/unistd.h}, which has no
 * select, poll or epoll_wait).
 */
final class Syscalls {
    private static final Syscalls X86_64 = new Syscalls(Map.ofEntries(
            Map.entry(0, "read"), Map.entry(1, "write"), Map.entry(7, "poll"), Map.entry(23, "select"),
            Map.entry(35, "nanosleep"), Map.entry(42, "connect"), Map.entry(43, "accept"), Map.entry(44, "sendto"),
            Map.entry(45, "recvfrom"), Map.entry(47, "recvmsg"), Map.entry(61, "wait4"), Map.entry(202, "futex"),
            Map.entry(230, "clock_nanosleep"), Map.entry(232, "epoll_wait"), Map.entry(270, "pselect6"),
            Map.entry(271, "ppoll"), Map.entry(281, "epoll_pwait"), Map.entry(288, "accept4"),
            Map.entry(441, "epoll_pwait2")));
    private static final Syscalls AARCH64 = new Syscalls(Map.ofEntries(
            Map.entry(22, "epoll_pwait"), Map.entry(63, "read"), Map.entry(64, "write"), Map.entry(72, "pselect6"),
            Map.entry(73, "ppoll"), Map.entry(98, "futex"), Map.entry(101, "nanosleep"),
            Map.entry(115, "clock_nanosleep"), Map.entry(202, "accept"), Map.entry(203, "connect"),
            Map.entry(206, "sendto"), Map.entry(207, "recvfrom"), Map.entry(212, "recvmsg"), Map.entry(242, "accept4"),
            Map.entry(260, "wait4"), Map.entry(441, "epoll_pwait2")));

    private final Map<Integer, String> names;

    private Syscalls(Map<Integer, String> names) {
        this.names = new HashMap<>(names);
    }

    /** The table of this JVM's architecture ({@code os.arch}). */
    static Syscalls ofThisMachine() {
        return forArch(System.getProperty("os.arch", ""));
    }

    /** The table for an {@code os.arch} value; an unknown architecture names nothing (numbers are kept). */
    static Syscalls forArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> new Syscalls(Map.of());
        };
    }

    /** The call's name, or {@code syscall_<N>} for one this table does not know. */
    String name(int number) {
        String name = names.get(number);
        return name != null ? name : "syscall_" + number;
    }
}
