package org.bitwreckers.cms.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * Cross-origin requests from browsers: the configured origins may use every method and header the APIs use; any
 * other origin is refused in the error envelope (403 ORIGIN_NOT_ALLOWED) before routing. Requests without an
 * {@code Origin} header, and same-origin ones, pass untouched. Credentials (cookies) are never allowed: the APIs use
 * bearer tokens.
 *
 * <p>Our own filter rather than Helidon's CorsSupport: that one fails on paths it cannot decode and refuses with a
 * bare 403 without a body.
 */
public final class Cors implements Filter {
    /** The methods the APIs use. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    /** The request headers the APIs read (simple headers such as Accept are always allowed by browsers). */
    public static final List<String> HEADERS = List.of("Authorization", "Content-Type", "If-None-Match", "If-Range", "Range",
                                                       "Last-Event-ID", "Accept", "Accept-Language", "Cache-Control",
                                                       "X-Request-Id");
    /** Response headers a script may read besides the CORS-safelisted ones. */
    public static final List<String> EXPOSED = List.of("ETag", "Retry-After", "Location", "Content-Length",
                                                       "Content-Range", "Accept-Ranges", "Content-Disposition",
                                                       "X-Request-Id");
    private static final long MAX_AGE_SECONDS = 600;
    private static final Set<String> HEADERS_LOWER = HEADERS.stream().map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());

    private final Set<String> origins;

    /**
     * @param origins the allowed origins, each as scheme://host[:port]
     */
    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(HeaderNames.VARY, "Origin"); // caches must not hand one origin's answer to another
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty() || sameOrigin(req, origin.get())) {
            chain.proceed();
            return;
        }
        if (!origins.contains(origin.get())) {
            refuse(res, "Origin " + origin.get() + " may not call this API (allowed: FRONTEND_URL and CORS_ORIGINS)",
                   Map.of("Origin", "is not an allowed origin"));
            return;
        }
        Optional<String> preflight = req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (req.prologue().method() != Method.OPTIONS || preflight.isEmpty()) {
            AllowedOrigin allowed = new AllowedOrigin(origin.get());
            req.context().register(allowed);
            allowed.addTo(res);
            chain.proceed();
            return;
        }
        Map<String, String> problems = preflightProblems(req, preflight.get());
        if (!problems.isEmpty()) {
            refuse(res, "This cross-origin request is not allowed (methods: " + String.join(", ", METHODS) + "; headers: "
                    + String.join(", ", HEADERS) + ")", problems);
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", METHODS));
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", HEADERS));
        res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, Long.toString(MAX_AGE_SECONDS));
        res.status(Status.NO_CONTENT_204).send();
    }

    /**
     * Puts the CORS headers back on an error answer (Helidon clears the headers before error handlers run), so the
     * page can read why its request failed.
     *
     * @param req request
     * @param res response
     */
    public static void restore(ServerRequest req, ServerResponse res) {
        req.context().get(AllowedOrigin.class).ifPresent(allowed -> allowed.addTo(res));
    }

    /** The allowed origin of the request being served. */
    private record AllowedOrigin(String origin) {
        void addTo(ServerResponse res) {
            res.header(HeaderNames.VARY, "Origin");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", EXPOSED));
        }
    }

    /** @return what a preflight asks for that the APIs do not use, by request header */
    private static Map<String, String> preflightProblems(RoutingRequest req, String method) {
        List<String> unknownHeaders = Arrays.stream(req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)
                                                            .orElse("").split(","))
                .map(String::strip)
                .filter(h -> !h.isEmpty() && !HEADERS_LOWER.contains(h.toLowerCase(Locale.ROOT)))
                .toList();
        Map<String, String> problems = new LinkedHashMap<>();
        if (!METHODS.contains(method)) {
            problems.put("Access-Control-Request-Method", "not allowed: " + method);
        }
        if (!unknownHeaders.isEmpty()) {
            problems.put("Access-Control-Request-Headers", "not allowed: " + String.join(", ", unknownHeaders));
        }
        return problems;
    }

    /** A page served by this very host (behind the same proxy) is not cross-origin. */
    private static boolean sameOrigin(RoutingRequest req, String origin) {
        Optional<String> host = req.headers().first(HeaderNames.HOST);
        return host.isPresent() && (origin.equals("http://" + host.get()) || origin.equals("https://" + host.get()));
    }

    private static void refuse(RoutingResponse res, String message, Map<String, String> details) {
        Responses.error(res, ErrorCode.ORIGIN_NOT_ALLOWED, message, details);
    }
}
