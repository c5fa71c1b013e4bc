package org.bitwreckers.cms.core.webhook;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST to an address resolved and checked beforehand, so a name cannot resolve to a public address for
 * the check and a private one for the connection. The URL's host still goes into the Host header, the TLS server name
 * and the certificate check. The whole exchange has one deadline: when it passes, the connection is closed, however
 * slowly the receiver trickles bytes. Only the status line is read; headers and body are never waited for.
 */
final class WebhookPost {
    private static final int MAX_STATUS_LINE = 8192;

    private WebhookPost() {
    }

    /**
     * @param url      the receiver's URL
     * @param address  the address to connect to (one the URL's host resolved to)
     * @param headers  request headers besides Host, Content-Length and Connection
     * @param body     JSON body
     * @param deadline time allowed for connecting, the TLS handshake, sending and the status line together
     * @return the response status
     * @throws IOException when the receiver cannot be reached, answers garbage or misses the deadline
     */
    static int send(URI url, InetAddress address, Map<String, String> headers, String body, Duration deadline)
            throws IOException {
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        Socket socket = new Socket();
        long endsAt = System.nanoTime() + deadline.toNanos();
        CompletableFuture.runAsync(() -> closeQuietly(socket),
                                   CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS));
        try (socket) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, deadline.toMillis()));
            Socket channel = https ? tls(socket, host, port) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(request(url, headers, body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            return status(new BufferedInputStream(channel.getInputStream()));
        } catch (IOException e) {
            if (System.nanoTime() - endsAt >= 0) {
                throw new SocketTimeoutException("the receiver did not answer within " + deadline.toSeconds() + " s");
            }
            throw e;
        }
    }

    private static Socket tls(Socket socket, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
        if (!host.contains(":") && !host.matches("[0-9.]+")) { // no server name for an address literal
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static String request(URI url, Map<String, String> headers, String body) {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        StringBuilder request = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(url.getPort() > 0 ? ":" + url.getPort() : "").append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                .append("Connection: close\r\n\r\n").append(body).toString();
    }

    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() > MAX_STATUS_LINE) {
                throw new IOException("the receiver closed the connection without a valid HTTP status line");
            }
            line.write(b);
        }
        String[] parts = line.toString(StandardCharsets.ISO_8859_1).split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException("the receiver's answer is not HTTP/1.x");
        }
        return Integer.parseInt(parts[1]);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }
}
