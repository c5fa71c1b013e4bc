package org.bitwreckers.cms.server.observe;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.helidon.http.Method;

import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.Mount;
import org.bitwreckers.cms.http.route.RouteTable;

/**
 * The {@code uri} label of a request: the template of the route that answers its path (from the route table), else
 * one of a few fixed labels, so paths no route has (scanners, typos) never add a series each.
 */
final class RouteLabels {
    /** A path no route has, answered 404. */
    static final String NOT_FOUND = "NOT_FOUND";
    /** A path no route has, redirected. */
    static final String REDIRECTION = "REDIRECTION";
    /** A path no route has, answered otherwise. */
    static final String UNKNOWN = "UNKNOWN";
    /** Paths served outside the table (Helidon's health endpoints, Swagger UI, the admin app's files) by prefix. */
    private static final List<String> SERVED_BY_PREFIX = List.of("/observe/health", "/docs", "/admin");

    /** Each listener's mounts by their number of segments, in declaration order. */
    private final Map<Listener, Map<Integer, List<Mount>>> mounts = new EnumMap<>(Listener.class);

    RouteLabels(RouteTable table) {
        for (Listener listener : Listener.values()) {
            Map<Integer, List<Mount>> bySegments = new HashMap<>();
            for (Mount m : table.mounts(listener)) {
                bySegments.computeIfAbsent(Mount.segmentCount(m.path()), n -> new ArrayList<>()).add(m);
            }
            mounts.put(listener, bySegments);
        }
    }

    /**
     * @param listener the listener that served it
     * @param method   its method
     * @param rawPath  its path, as sent
     * @param status   the status it was answered
     * @return its route's template, or a fixed label
     */
    String label(Listener listener, Method method, String rawPath, int status) {
        Method asked = method == Method.HEAD ? Method.GET : method;
        int segments = Mount.segmentCount(rawPath);
        List<Mount> candidates = mounts.get(listener).getOrDefault(segments, List.of());
        Mount anyMethod = null;
        for (Mount m : candidates) {
            if (m.segmentsMatched(rawPath) == segments) { // as many as both have: counted once, not per candidate
                if (m.method() == asked) {
                    return m.path();
                }
                if (anyMethod == null) {
                    anyMethod = m; // another method on a known path: answered 405 there
                }
            }
        }
        if (anyMethod != null) {
            return anyMethod.path();
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status >= 300 && status < 400) {
            return REDIRECTION;
        }
        for (String prefix : SERVED_BY_PREFIX) {
            if (rawPath.equals(prefix) || rawPath.startsWith(prefix + "/")) {
                return prefix + "/**";
            }
        }
        return UNKNOWN;
    }
}
