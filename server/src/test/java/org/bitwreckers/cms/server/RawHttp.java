package org.bitwreckers.cms.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for requests java.net.http refuses to send: any method, request target and header
 * bytes, exactly as given.
 */
final class RawHttp {
    private static final int READ_TIMEOUT_MILLIS = 15_000;
    private static final int STRAY_MILLIS = 50;

    private RawHttp() {
    }

    /** A response: status, headers (names in lower case, first value) and body bytes. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param port    the listener's port on 127.0.0.1
     * @param method  method token (sent as is)
     * @param target  request target (sent as is)
     * @param headers header lines "Name: value" (sent as is)
     * @param body    body bytes, or null for none
     * @return the response (a stream's body is not read: only its headers; after a HEAD, 204 or 304 the body holds
     *         whatever bytes followed the headers, which should be none)
     */
    static Response send(int port, String method, String target, List<String> headers, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading everything (a request line over its limit): read that
            }
            return read(socket, method.equals("HEAD"));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + abbreviate(target) + ": " + e, e);
        }
    }

    /**
     * GETs one target again and again on one kept-alive connection, as a browser or a proxy would.
     *
     * @param port     the listener's port on 127.0.0.1
     * @param target   request target
     * @param headers  header lines "Name: value"
     * @param requests how many to send at most
     * @return the responses, up to the first that asks to close the connection (no request follows it)
     */
    static List<Response> onOneConnection(int port, String target, List<String> headers, int requests) {
        List<Response> responses = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port).append("\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            byte[] request = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            while (responses.size() < requests
                    && (responses.isEmpty() || !"close".equals(responses.getLast().headers().get("connection")))) {
                socket.getOutputStream().write(request);
                responses.add(read(socket, false));
            }
            return responses;
        } catch (IOException e) {
            throw new IllegalStateException("GET " + abbreviate(target) + " after " + responses.size() + ": " + e, e);
        }
    }

    private static Response read(Socket socket, boolean head) throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        if (head || status == 204 || status == 304) {
            return new Response(status, headers, stray(socket, in));
        }
        if (headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
            return new Response(status, headers, new byte[0]);
        }
        if (headers.containsKey("content-length")) {
            return new Response(status, headers, in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            return new Response(status, headers, body.toByteArray());
        }
        return new Response(status, headers, in.readAllBytes());
    }

    /**
     * Bytes that follow an answer that has no body, sent by mistake. The server may keep the connection open, so
     * this reads until it closes it or stays silent for a moment (a bounded read, not synchronisation).
     */
    private static byte[] stray(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(STRAY_MILLIS);
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        try {
            for (int c = in.read(); c >= 0; c = in.read()) {
                stray.write(c);
            }
        } catch (SocketTimeoutException e) {
            // silence: nothing more was sent
        }
        return stray.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * @param text a request target or body
     * @return it shortened for a failure message
     */
    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " characters)";
    }
}
