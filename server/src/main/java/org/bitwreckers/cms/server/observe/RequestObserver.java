package org.bitwreckers.cms.server.observe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.bitwreckers.cms.http.RequestIds;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.RouteTable;

/**
 * The first filter of each listener: gives the request its id (header in and out, log lines), and once the answer
 * is sent (by a handler or an error handler alike) counts it in {@code http_server_requests_seconds} and writes its
 * access-log line. The line has the path without its query and no headers, so no token or cookie reaches the log.
 */
public final class RequestObserver implements Filter {
    /** The access log's logger: {@code org.bitwreckers.cms.access.level=OFF} silences it. */
    public static final String ACCESS_LOGGER = "org.bitwreckers.cms.access";
    private static final Logger ACCESS = Logger.getLogger(ACCESS_LOGGER);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Longest path written to the access log; a longer one is cut. */
    private static final int MAX_LOGGED_PATH = 512;
    /** Histogram buckets: from a cached read to a slow export, few enough to keep the series count small. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final Listener listener;
    private final String listenerName;
    private final RouteLabels labels;
    private final MeterRegistry registry;
    /** The timer of each method, status and route: finding it through a builder was a good part of a cached answer. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param listener the listener it watches
     * @param routes   every route, for the {@code uri} label
     * @param metrics  where requests are counted
     */
    public RequestObserver(Listener listener, RouteTable routes, Metrics metrics) {
        this.listener = listener;
        this.listenerName = listener.name().toLowerCase(Locale.ROOT);
        this.labels = new RouteLabels(routes);
        this.registry = metrics.registry();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String id = RequestIds.acceptOrCreate(req.headers().first(RequestIds.HEADER));
        RequestIds.begin(id);
        res.header(RequestIds.HEADER, id);
        // read now: a HEAD is routed on as its GET further down the chain
        Method method = req.prologue().method();
        String path = req.prologue().uriPath().rawPath();
        res.whenSent(() -> answered(method, path, res, System.nanoTime() - start));
        chain.proceed(); // an exception goes on to the error handlers, which answer with the id still set
    }

    private void answered(Method method, String path, RoutingResponse res, long nanos) {
        try {
            int status = res.status().code();
            String uri = labels.label(listener, method, path, status);
            String methodLabel = METHODS.contains(method.text()) ? method.text() : "OTHER";
            timers.computeIfAbsent(methodLabel + ' ' + status + ' ' + uri, k -> Timer.builder("http.server.requests")
                    .description("Requests answered, by listener, route template and status")
                    .tags("listener", listenerName, "method", methodLabel, "uri", uri, "status", Integer.toString(status),
                          "outcome", outcome(status))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry))
                    .record(nanos, TimeUnit.NANOSECONDS);
            if (ACCESS.isLoggable(Level.INFO)) {
                access(methodLabel, uri, path, status, nanos, res.bytesWritten());
            }
        } finally {
            RequestIds.end();
        }
    }

    private void access(String method, String uri, String path, int status, long nanos, long bytes) {
        String shown = path.length() > MAX_LOGGED_PATH ? path.substring(0, MAX_LOGGED_PATH) + "..." : path;
        double millis = Math.round(nanos / 10_000.0) / 100.0;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("listener", listenerName);
        fields.put("method", method);
        fields.put("route", uri);
        fields.put("path", shown);
        fields.put("status", status);
        fields.put("duration_ms", millis);
        fields.put("bytes", bytes);
        LogRecord line = new LogRecord(Level.INFO, method + " " + shown + " " + status + " " + millis + " ms " + bytes
                + " B (" + listenerName + " " + uri + ")");
        line.setLoggerName(ACCESS_LOGGER);
        line.setParameters(new Object[] {new JsonLogFormatter.Fields(fields)});
        ACCESS.log(line);
    }

    private static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
