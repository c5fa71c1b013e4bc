package org.bitwreckers.cms.server.observe;

import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderNames;

import org.bitwreckers.cms.http.HeadRequests;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;

/**
 * {@code GET /metrics} on the admin listener: what Prometheus scrapes. Like health, it asks for no credentials (the
 * admin listener is the operators' side, kept off the public network); it shows counts and timings, never content.
 */
public final class MetricsEndpoint {
    /** Prometheus' text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsEndpoint() {
    }

    /**
     * Declares {@code GET /metrics} on the current listener.
     *
     * @param t       the route table being built
     * @param metrics the node's meters
     */
    public static void mounts(RouteTable.Builder t, Metrics metrics) {
        t.get("/metrics", (req, res) -> {
                    req.content().consume();
                    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                    res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE).header(HeaderNames.CACHE_CONTROL, "no-store");
                    if (HeadRequests.active()) {
                        res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                        res.send();
                    } else {
                        res.send(body);
                    }
                })
                .tag("operations").doc("prometheusMetrics", "This node's metrics, both listeners (Prometheus text format)")
                .raw("text/plain", Schemas.string());
    }
}
