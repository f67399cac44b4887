package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThreadCallTest {
    private static final Syscalls X86 = Syscalls.forArch("amd64");
    private static final Syscalls ARM = Syscalls.forArch("aarch64");

    @Test
    void aRunningThreadIsInNoCall() {
        ThreadCall call = ThreadCall.parse("running\n");
        assertThat(call.phase()).isEqualTo(ThreadCall.Phase.RUNNING);
        assertThat(call.name(X86)).isEqualTo("running");
        assertThat(call.args()).isEmpty();
    }

    @Test
    void minusOneIsBlockedOutsideACall() {
        ThreadCall call = ThreadCall.parse("-1 0x7ffd83c6b858 0x7f0f4cacfef3\n");
        assertThat(call.phase()).isEqualTo(ThreadCall.Phase.NOT_IN_CALL);
        assertThat(call.name(X86)).isEqualTo("none");
    }

    @Test
    void aNumberIsNamedWithItsSixArguments() {
        ThreadCall call = ThreadCall.parse("270 0xa 0x7ffd12345678 0x0 0x0 0x7ffd1234 0x0 0x7ffd83c6b858 0x7f0f4cacfef3");
        assertThat(call.phase()).isEqualTo(ThreadCall.Phase.IN_CALL);
        assertThat(call.number()).isEqualTo(270);
        assertThat(call.name(X86)).isEqualTo("pselect6");
        assertThat(call.args()).containsExactly(10L, 0x7ffd12345678L, 0L, 0L, 0x7ffd1234L, 0L);
        assertThat(ThreadCall.parse("45 0x5 0x7f3283e9e030 0x1 0x0 0x0 0x0 0x1 0x2").name(X86)).isEqualTo("recvfrom");
        assertThat(ThreadCall.parse("232 0x3 0x1 0x40 0xe95f 0x0 0x0 0x1 0x2").name(X86)).isEqualTo("epoll_wait");
        // Arguments are raw registers: a negative int is a full 64-bit word.
        assertThat(ThreadCall.parse("7 0xffffffffffffffff 0x1 0x0 0x0 0x0 0x0 0x1 0x2").arg(0)).isEqualTo(-1L);
    }

    @Test
    void theNumbersDependOnTheArchitecture() {
        assertThat(X86.name(202)).isEqualTo("futex");
        assertThat(ARM.name(202)).isEqualTo("accept");
        assertThat(ARM.name(72)).isEqualTo("pselect6");
        assertThat(ARM.name(22)).isEqualTo("epoll_pwait");
        assertThat(X86.name(441)).isEqualTo(ARM.name(441)).isEqualTo("epoll_pwait2");
        assertThat(X86.name(9999)).isEqualTo("syscall_9999");
        assertThat(Syscalls.forArch("riscv64").name(0)).isEqualTo("syscall_0");
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> ThreadCall.parse("270 0xa")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadCall.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statGivesStateAndCpuTicksWhateverTheName() {
        ThreadSample sample = ThreadSample.ofStat(7, "7 (a) b (c)) R 1 7 7 0 -1 4194304 10 0 0 0 150 25 0 0 20 0 1 0",
                ThreadCall.parse("running"), "0\n", null);
        assertThat(sample.state()).isEqualTo("R");
        assertThat(sample.cpuTicks()).isEqualTo(175);
        assertThat(sample.wchan()).isNull();
    }
}
