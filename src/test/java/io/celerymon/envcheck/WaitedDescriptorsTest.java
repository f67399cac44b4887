package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitedDescriptorsTest {

    private static byte[] pollfds(int... fds) {
        ByteBuffer buffer = ByteBuffer.allocate(fds.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int fd : fds) {
            buffer.putInt(fd).putShort((short) 1).putShort((short) 0);
        }
        return buffer.array();
    }

    private static byte[] fdSet(int... fds) {
        byte[] bits = new byte[128];
        for (int fd : fds) {
            bits[fd / 8] |= (byte) (1 << (fd % 8));
        }
        return bits;
    }

    /** Memory holding {@code bytes} at each address; reads elsewhere fail like an unmapped page. */
    private static WaitedDescriptors.Memory memory(Map<Long, byte[]> at) {
        return (address, length) -> {
            byte[] bytes = at.get(address);
            if (bytes == null) {
                throw new IOException("/proc/1/mem: Input/output error");
            }
            return java.util.Arrays.copyOf(bytes, Math.min(length, bytes.length));
        };
    }

    @Test
    void decodesPollfdsSkippingNegativeEntries() {
        assertThat(WaitedDescriptors.pollFds(pollfds(9, -1, 4, 9), 4)).containsExactly(4, 9);
        // Fewer bytes than entries: only the whole entries count.
        assertThat(WaitedDescriptors.pollFds(java.util.Arrays.copyOf(pollfds(3, 5), 12), 2)).containsExactly(3);
    }

    @Test
    void decodesAnFdSetUpToNfds() {
        assertThat(WaitedDescriptors.fdSet(fdSet(0, 9, 63, 64, 700), 1024)).containsExactly(0, 9, 63, 64, 700);
        assertThat(WaitedDescriptors.fdSet(fdSet(3, 12), 10)).containsExactly(3);
        assertThat(WaitedDescriptors.fdSet(new byte[2], 16)).isEmpty();
    }

    @Test
    void readsTheArraysTheCallsArgumentsPointTo() throws IOException {
        Map<Long, byte[]> at = new HashMap<>();
        at.put(0x1000L, pollfds(7, 8));
        at.put(0x2000L, fdSet(9));
        at.put(0x3000L, fdSet(4, 9));
        WaitedDescriptors.Memory mem = memory(at);
        assertThat(WaitedDescriptors.of("poll", ThreadCall.parse("7 0x1000 0x2 0xffffffff 0x0 0x0 0x0 0x1 0x2"), mem))
                .containsExactly(7, 8);
        assertThat(WaitedDescriptors.of("pselect6",
                ThreadCall.parse("270 0xa 0x2000 0x3000 0x0 0x7ffd 0x0 0x1 0x2"), mem)).containsExactly(4, 9);
        assertThat(WaitedDescriptors.of("recvfrom", ThreadCall.parse("45 0x5 0x7f30 0x1 0x0 0x0 0x0 0x1 0x2"), mem))
                .containsExactly(5);
        assertThat(WaitedDescriptors.of("futex", ThreadCall.parse("202 0x5 0x80 0x0 0x0 0x0 0x0 0x1 0x2"), mem))
                .isEmpty();
        assertThatThrownBy(() -> WaitedDescriptors.of("ppoll",
                ThreadCall.parse("271 0x9000 0x1 0x0 0x0 0x8 0x0 0x1 0x2"), mem)).isInstanceOf(IOException.class);
    }

    @Test
    void capsWhatItReads() throws IOException {
        int[] asked = new int[1];
        WaitedDescriptors.Memory mem = (address, length) -> {
            asked[0] = length;
            return new byte[length];
        };
        WaitedDescriptors.of("poll", ThreadCall.parse("7 0x1000 0x100000 0x0 0x0 0x0 0x0 0x1 0x2"), mem);
        assertThat(asked[0]).isEqualTo(WaitedDescriptors.MAX_POLLFDS * 8);
        WaitedDescriptors.of("select", ThreadCall.parse("23 0x11 0x1000 0x0 0x0 0x0 0x0 0x1 0x2"), mem);
        assertThat(asked[0]).as("ceil(17 / 8) bytes").isEqualTo(3);
    }
}
