package org.bitwreckers.cms.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client for tests: collects the stream's lines and notices when the server ends it. */
final class EventStreamClient implements AutoCloseable {
    private static final String ENDED = "\u0000ended";

    private final int status;
    private final Stream<String> body;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.body = response.body();
        Thread.ofVirtual().start(() -> {
            try {
                body.forEach(lines::add);
                lines.add(ENDED);
            } catch (RuntimeException e) {
                lines.add(ENDED); // closed by the test, or the connection dropped
            }
        });
    }

    /**
     * @param url     the stream
     * @param headers name, value, ...
     * @return the open stream (or the refusal, whose body lines are collected too)
     */
    static EventStreamClient open(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new EventStreamClient(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    int status() {
        return status;
    }

    /** @return the next line starting with the prefix, or null if none came within the limit or the stream ended */
    String next(String prefix, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(ENDED)) {
                return null;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** @return whether the server ended the stream within the limit */
    boolean endsWithin(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                return false;
            }
            if (line.equals(ENDED)) {
                return true;
            }
        }
    }

    @Override
    public void close() {
        body.close();
    }
}
