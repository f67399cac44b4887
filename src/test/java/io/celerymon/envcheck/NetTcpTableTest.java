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
        var rows = NetTcpTable.parse(text, false).listening();
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
        var rows = NetTcpTable.parse(text, true).listening();
        assertThat(rows.get(777L)).isEqualTo(new NetTcpTable.Row("[::1]:5555", 0));
        assertThat(rows.get(778L)).isEqualTo(new NetTcpTable.Row("[::]:80", 10));
    }

    @Test
    void readsEveryRowWithItsPeerWhateverItsState() {
        String text = HEADER
                + "   0: 0100007F:494A 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 13084 1 "
                + "0000000 100 0 0 10 0\n"
                + "   1: 0100007F:A0B2 0500000A:1538 01 00000000:00000000 00:00000000 00000000     0        0 13090 1 "
                + "0000000 20 4 30 10 -1\n"
                + "   2: 0100007F:A0B3 0100007F:18EB 02 00000001:00000000 01:00000100 00000000     0        0 13091 1 "
                + "0000000 20 4 30 10 -1\n"
                + "   3: garbage\n";
        var rows = NetTcpTable.parse(text, false).connections();
        assertThat(rows).containsOnlyKeys(13084L, 13090L, 13091L);
        assertThat(rows.get(13090L)).isEqualTo(new NetTcpTable.Connection("127.0.0.1:41138", "10.0.0.5:5432", "01"));
        assertThat(rows.get(13091L).peer()).isEqualTo("127.0.0.1:6379");
        assertThat(rows.get(13084L).peer()).isEqualTo("0.0.0.0:0");
    }

    @Test
    void readsEstablishedIpv6RowsIncludingMappedIpv4() {
        String text = HEADER
                + "   0: 00000000000000000000000001000000:A0B2 00000000000000000000000001000000:18EB 01 "
                + "00000000:00000000 00:00000000 00000000   100        0 901 1 0000000 20 4 30 10 -1\n"
                + "   1: 0000000000000000FFFF00000100007F:A0B3 0000000000000000FFFF00000500000A:1538 01 "
                + "00000000:00000000 00:00000000 00000000   100        0 902 1 0000000 20 4 30 10 -1\n";
        var rows = NetTcpTable.parse(text, true).connections();
        assertThat(rows.get(901L)).isEqualTo(new NetTcpTable.Connection("[::1]:41138", "[::1]:6379", "01"));
        assertThat(rows.get(902L).peer()).isEqualTo("10.0.0.5:5432");
    }

    @Test
    void oneWalkGivesBothViewsAndTcp6AddsToTcp() {
        String v4 = HEADER
                + "   0: 0100007F:494A 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 13084 1 "
                + "0000000 100 0 0 10 0\n";
        String v6 = HEADER
                + "   0: 00000000000000000000000001000000:A0B2 00000000000000000000000001000000:18EB 01 "
                + "00000000:00000000 00:00000000 00000000   100        0 901 1 0000000 20 4 30 10 -1\n";
        NetTcpTable both = NetTcpTable.parse(v4, false).plus(NetTcpTable.parse(v6, true));
        assertThat(both.listening()).containsOnlyKeys(13084L);
        assertThat(both.connections()).containsOnlyKeys(13084L, 901L);
        assertThat(both.connections().get(13084L).local()).isEqualTo(both.listening().get(13084L).address());
    }
}
