package org.bitwreckers.cms.http;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The id of the request being served: taken from the client's {@code X-Request-Id} when it is well-formed (so a
 * balancer's or a caller's id can be followed through), made up otherwise; echoed in the response, written on every
 * log line of the request (the logging MDC key {@value #MDC_KEY}) and in error envelopes.
 */
public final class RequestIds {
    /** The header that carries it, both ways. */
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    /** Its key in the logging MDC. */
    public static final String MDC_KEY = "request_id";
    /** Letters, digits and a few separators, at most 64: nothing that could break a log line or a header. */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
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
     * Makes an id the current request's: in the request context (for error handlers) and the logging MDC.
     *
     * @param req the request
     * @param id  its id
     */
    public static void begin(ServerRequest req, String id) {
        req.context().register(new RequestId(id));
        HelidonMdc.set(MDC_KEY, id);
    }

    /** Clears the logging MDC once the request is answered. */
    public static void end() {
        HelidonMdc.remove(MDC_KEY);
    }

    /** @return the id of the request this thread is serving, if any */
    public static Optional<String> current() {
        return HelidonMdc.get(MDC_KEY);
    }

    /**
     * Puts the header back on a response whose headers an error reset; the MDC, cleared by then for a request that
     * ended in an error outside the filters, is set again until the answer is sent.
     *
     * @param req the request
     * @param res its response
     */
    public static void restore(ServerRequest req, ServerResponse res) {
        req.context().get(RequestId.class).ifPresent(r -> {
            res.header(HEADER, r.id());
            HelidonMdc.set(MDC_KEY, r.id());
        });
    }

    private record RequestId(String id) {
    }
}
