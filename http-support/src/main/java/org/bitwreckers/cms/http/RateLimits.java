package org.bitwreckers.cms.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * Rate limits (Bucket4j token buckets) for the public write endpoints: per client address for each kind of
 * endpoint. Over the limit: 429 with Retry-After. Buckets live in this node's memory (a bounded LRU map), so with N
 * nodes a client can make up to N times as many requests; failed sign-ins, which must hold on every node, are
 * counted in PostgreSQL instead ({@link org.bitwreckers.cms.core.identity.SignInThrottle}).
 */
public final class RateLimits {
    /** Kinds of limited endpoints. */
    public enum Kind { AUTH, FORM }

    private static final int MAX_BUCKETS = 100_000;

    private final Duration window;
    private final Map<Kind, Integer> perWindow;
    private final Set<String> trustedProxies;
    private final Map<String, Bucket> buckets = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_BUCKETS;
        }
    });

    /**
     * @param window                the period limits refill over
     * @param authPerWindow         sign-in, registration and password requests per address
     * @param formsPerWindow        public form posts (submissions, newsletter) per address
     * @param trustedProxies        load balancers whose X-Forwarded-For names the real client
     */
    public RateLimits(Duration window, int authPerWindow, int formsPerWindow, Set<String> trustedProxies) {
        this.window = window;
        this.perWindow = Map.of(Kind.AUTH, authPerWindow, Kind.FORM, formsPerWindow);
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /**
     * The client's address: the socket peer, or, when the peer is a trusted proxy, the nearest address in
     * X-Forwarded-For that is not a trusted proxy itself (addresses further left can be forged by the client).
     *
     * @param req request
     * @return the address limits are counted against
     */
    public String clientAddress(ServerRequest req) {
        String peer = req.remotePeer().host();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> hops = req.headers().first(HeaderNames.X_FORWARDED_FOR)
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList())
                .orElse(List.of());
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return peer;
    }

    /**
     * Takes one request from the client's bucket for this kind of endpoint.
     *
     * @param req  the request
     * @param kind endpoint kind
     * @throws CmsException TOO_MANY_REQUESTS when the bucket is empty
     */
    public void check(ServerRequest req, Kind kind) {
        consume(kind + ":" + clientAddress(req), perWindow.get(kind), "Too many requests from your address");
    }

    private void consume(String key, int capacity, String message) {
        ConsumptionProbe probe = bucket(key, capacity).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw CmsException.tooManyRequests(message, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
        }
    }

    private Bucket bucket(String key, int capacity) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                .build());
    }
}
