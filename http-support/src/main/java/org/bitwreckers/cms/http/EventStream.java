package org.bitwreckers.cms.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * Server-Sent Events written straight onto the response (Helidon's SSE module is not available at our Helidon
 * version on our registry; the protocol is small): {@code text/event-stream}, one flushed frame per event, a comment
 * as keep-alive. Runs on the request's virtual thread until the client goes away.
 */
public final class EventStream {
    /**
     * One event.
     *
     * @param id   event id (the client sends the last one back as Last-Event-ID when it reconnects)
     * @param name event name
     * @param data JSON text, on one line
     */
    public record Event(String id, String name, String data) {
    }

    /** Put on the queue to end the stream: the client is told the session ended and is not asked to reconnect. */
    public static final Event SESSION_ENDED = new Event("", "session-ended", "{\"reason\":\"session ended\"}");

    /** Streams end after this long; clients reconnect with Last-Event-ID (this frees stuck connections). */
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

    private EventStream() {
    }

    /**
     * Streams until the client disconnects, {@link #SESSION_ENDED} arrives, or {@code endsBy} (whichever comes first;
     * at most 30 minutes).
     *
     * @param res       the response
     * @param backlog   events to send first (missed while disconnected)
     * @param events    where new events arrive
     * @param keepAlive longest silence before a keep-alive comment
     * @param endsBy    when the stream must end (the access token it was opened with expires)
     */
    public static void run(ServerResponse res, List<Event> backlog, BlockingQueue<Event> events, Duration keepAlive,
                           Instant endsBy) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no"); // proxies must not buffer the stream
        if (HeadRequests.active()) { // what a GET would open, without opening it
            res.send();
            return;
        }
        try (OutputStream out = res.outputStream()) {
            write(out, "retry: 3000\n: connected\n\n");
            for (Event e : backlog) {
                write(out, frame(e));
            }
            Instant now = Instant.now();
            long left = endsBy.isAfter(now.plus(MAX_LIFETIME)) ? MAX_LIFETIME.toMillis()
                    : Duration.between(now, endsBy).toMillis();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, left));
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
                long wait = Math.min(keepAlive.toNanos(), end - System.nanoTime());
                Event next = events.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (next == SESSION_ENDED) {
                    write(out, "event: " + next.name() + "\ndata: " + next.data() + "\n\n");
                    return;
                }
                write(out, next == null ? ": keep-alive\n\n" : frame(next));
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String frame(Event e) {
        return "id: " + e.id() + "\nevent: " + e.name() + "\ndata: " + e.data().replace("\n", " ") + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
