package org.bitwreckers.cms.http;

import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * {@code HEAD} wherever {@code GET} is served: a HEAD request is routed as the GET it mirrors (same handler, same
 * status, headers, ETag and 304), and {@link Responses} leaves the body out. Handlers run on the filter's thread,
 * so the flag lives in a thread-local for the length of the request.
 */
public final class HeadRequests implements Filter {
    private static final ThreadLocal<Boolean> HEAD = ThreadLocal.withInitial(() -> false);
    /** Helidon's observers answer HEAD themselves (health with 204; metrics has none: 404 without a body). */
    private static final String OBSERVERS = "/observe/";

    /** @return whether the request served on this thread is a HEAD (routed as its GET) */
    public static boolean active() {
        return HEAD.get();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        HttpPrologue prologue = req.prologue();
        if (prologue.method() != Method.HEAD) {
            chain.proceed();
            return;
        }
        if (!prologue.uriPath().rawPath().startsWith(OBSERVERS)) {
            req.prologue(HttpPrologue.create(prologue.rawProtocol(), prologue.protocol(), prologue.protocolVersion(),
                                             Method.GET, prologue.uriPath(), prologue.query(), prologue.fragment()));
        }
        HEAD.set(true);
        try {
            chain.proceed();
        } finally {
            HEAD.remove();
        }
    }
}
