package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetTcpTableTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";

    @Test
    void keepsListeningRowsWithTheirAcceptQueue() {
        String text = HEADER
                + "   0: 0100007F:494A 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 13084 1 "
                + "0000000 100 0 0 10 0\n"
                + "   1: 0100007F:494A 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 13090 1 "
                + "0000000 20 4 30 10 -1\n"
                + "   2: garbage\n";
        var rows = NetTcpTable.parse(text, false);
        assertThat(rows).containsOnlyKeys(13084L);
        assertThat(rows.get(13084L)).isEqualTo(new NetTcpTable.Row("127.0.0.1:18762", 3));
    }

    @Test
    void writesIpv6AddressesCompressed() {
        String text = HEADER
                + "   0: 00000000000000000000000001000000:15B3 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000   100        0 777 1 0000000 100 0 0 10 0\n"
                + "   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A "
                + "00000000:0000000A 00:00000000 00000000   100        0 778 1 0000000 100 0 0 10 0\n";
        var rows = NetTcpTable.parse(text, true);
        assertThat(rows.get(777L)).isEqualTo(new NetTcpTable.Row("[::1]:5555", 0));
        assertThat(rows.get(778L)).isEqualTo(new NetTcpTable.Row("[::]:80", 10));
    }
}
