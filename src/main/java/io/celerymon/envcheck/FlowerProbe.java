package io.celerymon.envcheck;

import io.celerymon.broker.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP GET to a Flower URL over a plain socket, so the two waits that matter are measured
 * apart: the TCP connect, and the first byte of the response. A Flower whose event loop is
 * blocked accepts connections (the kernel does that) and never answers: only a read deadline
 * tells it from a slow one. The one Flower prober: diagnose's {@code --flower} URLs and env-check's
 * direct look at a local Flower process both use it.
 */
public final class FlowerProbe {

    /** How far the probe got. */
    public enum Outcome {
        /** The connection was refused: nothing listens there. */
        REFUSED,
        /** No TCP connection before the deadline (dropped packets, a firewall), or DNS/TLS failed. */
        UNREACHABLE,
        /** Connected, but not a byte of response before the deadline. */
        NO_RESPONSE,
        /** Connected, and the server closed the connection without a response. */
        CLOSED,
        /** An HTTP status line arrived. */
        RESPONDED
    }

    /**
     * What happened.
     *
     * @param connectMs time to connect (and TLS handshake); NaN when it did not connect
     * @param firstByteMs time from the request to the first response byte; NaN when none came
     * @param status the HTTP status code, or -1
     * @param error why it failed, for {@code REFUSED}/{@code UNREACHABLE}, else null
     */
    public record Result(Outcome outcome, double connectMs, double firstByteMs, int status, String error) {
    }

    private FlowerProbe() {
    }

    /** GETs {@code url} (basic auth from its userinfo), within {@code deadline}. */
    public static Result probe(URI url, Deadline deadline) {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = resolve(url.getHost(), deadline);
        } catch (IOException e) {
            return new Result(Outcome.UNREACHABLE, Double.NaN, Double.NaN, -1, e.getMessage());
        }
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(address, port), waitMillis(deadline));
            } catch (ConnectException e) {
                return new Result(Outcome.REFUSED, Double.NaN, Double.NaN, -1, "connection refused");
            } catch (SocketTimeoutException e) {
                return new Result(Outcome.UNREACHABLE, Double.NaN, Double.NaN, -1, "no connection within the timeout");
            }
            Socket stream = socket;
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(socket, url.getHost(), port, true);
                // The socket factory checks the chain only; the basic-auth password must go to this host alone.
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.setSoTimeout(waitMillis(deadline));
                ssl.startHandshake();
                stream = ssl;
            }
            double connectMs = (System.nanoTime() - start) / 1e6;
            OutputStream out = stream.getOutputStream();
            out.write(request(url, port).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long sent = System.nanoTime();
            InputStream in = stream.getInputStream();
            stream.setSoTimeout(waitMillis(deadline));
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return new Result(Outcome.NO_RESPONSE, connectMs, Double.NaN, -1, null);
            }
            if (first < 0) {
                return new Result(Outcome.CLOSED, connectMs, Double.NaN, -1, null);
            }
            double firstByteMs = (System.nanoTime() - sent) / 1e6;
            return new Result(Outcome.RESPONDED, connectMs, firstByteMs, status(first, in, deadline, stream), null);
        } catch (IOException e) {
            String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Result(Outcome.UNREACHABLE, Double.NaN, Double.NaN, -1, what);
        }
    }

    /** The status code from "HTTP/1.1 200 OK"; -1 when the line is not HTTP or is not complete in time. */
    private static int status(int first, InputStream in, Deadline deadline, Socket socket) {
        StringBuilder line = new StringBuilder().append((char) first);
        try {
            socket.setSoTimeout(Math.max(1, Math.min(200, waitMillis(deadline))));
            for (int c = in.read(); c >= 0 && c != '\n' && line.length() < 200 && !deadline.expired(); c = in.read()) {
                line.append((char) c);
            }
        } catch (IOException e) {
            // A status line cut short still tells that the server answered.
        }
        return statusCode(line.toString());
    }

    /** The status code of an HTTP status line ("HTTP/1.1 200 OK" gives 200); -1 when the line is not one. */
    static int statusCode(String statusLine) {
        String[] parts = statusLine.trim().split(" ");
        if (parts.length >= 2 && parts[0].startsWith("HTTP/")) {
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static String request(URI url, int port) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(url.getPort() > 0 ? ":" + port : "").append("\r\n")
                .append("User-Agent: celerymon\r\nAccept: */*\r\nConnection: close\r\n");
        if (url.getRawUserInfo() != null) {
            String userInfo = URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
            request.append("Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** DNS has no timeout of its own: the lookup runs on a daemon thread and is given up at the deadline. */
    private static InetAddress resolve(String host, Deadline deadline) throws IOException {
        CompletableFuture<InetAddress> lookup = new CompletableFuture<>();
        Thread resolver = new Thread(() -> {
            try {
                lookup.complete(InetAddress.getByName(host));
            } catch (IOException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        }, "celerymon-flower-dns");
        resolver.setDaemon(true);
        resolver.start();
        try {
            return lookup.get(waitMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no DNS answer for " + host + " within the timeout");
        } catch (ExecutionException e) {
            throw new IOException("unknown host " + host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resolving " + host);
        }
    }

    private static int waitMillis(Deadline deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, deadline.remainingMillis()));
    }
}
