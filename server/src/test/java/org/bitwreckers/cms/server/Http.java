package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A small JSON HTTP client over java.net.http for tests.
 */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** @return the scheme, host and port requests go to */
    String base() {
        return base;
    }

    /** A response with its parsed JSON body (null when the body is empty). */
    record Response(int status, HttpResponse<String> raw, JsonObject json) {
        JsonValue data() {
            return json.get("data");
        }

        JsonObject error() {
            return json.getJsonObject("error");
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    /**
     * Sends a GET with the request target exactly as given (java.net.http refuses malformed URIs).
     *
     * @param target path and query, unvalidated
     * @return status and body parsed as JSON
     */
    RawResponse rawGet(String target) {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            String auth = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n" + auth
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed before the headers ended");
                }
                head.append((char) c);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
            byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
            String text = new String(body, StandardCharsets.UTF_8);
            return new RawResponse(status, Json.createReader(new StringReader(text)).readObject());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response read from a raw socket. */
    record RawResponse(int status, JsonObject json) {
    }

    Http withToken(String other) {
        return new Http(base, other);
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, "application/json", headers);
    }

    Response post(String path, String body) {
        return send("POST", path, body, "application/json");
    }

    Response put(String path, String body) {
        return send("PUT", path, body, "application/json");
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body, "application/json");
    }

    Response delete(String path) {
        return send("DELETE", path, null, "application/json");
    }

    Response send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            JsonObject json = r.body().isEmpty() || !isJson ? null : Json.createReader(new StringReader(r.body())).readObject();
            return new Response(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
