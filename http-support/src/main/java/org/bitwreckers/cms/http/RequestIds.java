package org.bitwreckers.cms.http;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The id of the request being served: taken from the client's {@code X-Request-Id} when it is well-formed (so a
 * balancer's or a caller's id can be followed through), made up otherwise; echoed in the response, written on every
 * log line of the request (as {@value #MDC_KEY}) and in error envelopes.
 *
 * <p>It is held by the thread serving the request (Helidon serves a connection's requests one after another on one
 * thread, its error handlers included), not in the request's context nor Helidon's logging MDC: making the context and
 * going through the MDC's providers three times were a tenth of a cached answer's work. The plain log format, whose
 * pattern reads the MDC, is given it while it formats a line ({@code LogSetup}).
 */
public final class RequestIds {
    /** The header that carries it, both ways. */
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    /** Its name on log lines (and in the MDC of the plain format). */
    public static final String MDC_KEY = "request_id";
    /** Letters, digits and a few separators, at most 64: nothing that could break a log line or a header. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private RequestIds() {
    }

    /**
     * @param offered the client's {@code X-Request-Id}, if any
     * @return that id when it is well-formed, else a new random one (32 hex digits)
     */
    public static String acceptOrCreate(Optional<String> offered) {
        return offered.map(String::strip).filter(id -> WELL_FORMED.matcher(id).matches()).orElseGet(RequestIds::create);
    }

    /** @return a new random id */
    public static String create() {
        // an id only needs to be unique, not secret: SecureRandom's shared source is a lock every request queued on
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
    }

    /**
     * Makes an id the current request's, until {@link #end()} or the next request on this thread.
     *
     * @param id its id
     */
    public static void begin(String id) {
        CURRENT.set(id);
    }

    /** Forgets the id once the request is answered. */
    public static void end() {
        CURRENT.remove();
    }

    /** @return the id of the request this thread is serving, if any */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Puts the header back on a response whose headers an error reset.
     *
     * @param res the response of the request this thread is serving
     */
    public static void restore(ServerResponse res) {
        current().ifPresent(id -> res.header(HEADER, id));
    }
}
