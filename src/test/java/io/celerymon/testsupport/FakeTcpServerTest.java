package io.celerymon.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FakeTcpServerTest {

    private static Socket connect(FakeTcpServer server) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(2000);
        return socket;
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String readExactly(InputStream in, int bytes) throws IOException {
        return new String(in.readNBytes(bytes), StandardCharsets.ISO_8859_1);
    }

    @Test
    void echoSendsBackWhatItReceives() throws IOException {
        try (FakeTcpServer server = FakeTcpServer.echo(); Socket socket = connect(server)) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readExactly(socket.getInputStream(), 6)).isEqualTo("PING\r\n");
            assertThat(server.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void answerThenCloseAnswersTheFirstRequestAndCloses() throws IOException {
        try (FakeTcpServer server = FakeTcpServer.answerThenClose("HTTP/1.1 400 Bad Request\r\n\r\n");
                Socket socket = connect(server)) {
            socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(socket.getInputStream())).isEqualTo("HTTP/1.1 400 Bad Request\r\n\r\n");
        }
    }

    @Test
    void closeAtOnceEndsTheConnectionWithoutAByte() throws IOException {
        try (FakeTcpServer server = FakeTcpServer.closeAtOnce(); Socket socket = connect(server)) {
            int first;
            try {
                first = socket.getInputStream().read();
            } catch (IOException reset) {
                first = -1;
            }
            assertThat(first).isEqualTo(-1);
        }
    }

    @Test
    void silentAfterEchoesItsQuotaThenSaysNothing() throws IOException {
        try (FakeTcpServer server = FakeTcpServer.silentAfter(3); Socket socket = connect(server)) {
            socket.setSoTimeout(300);
            socket.getOutputStream().write("abcdef".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readExactly(in, 3)).isEqualTo("abc");
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closeReleasesThePort() throws IOException {
        FakeTcpServer server = FakeTcpServer.silentAfter(0);
        int port = server.port();
        server.close();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(IOException.class);
    }
}
