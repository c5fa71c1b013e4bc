package org.bitwreckers.cms.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.analytics.Analytics;
import org.bitwreckers.cms.core.analytics.Beacon;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.RequestContentType;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;

/**
 * The website's analytics beacon and the small script that sends it.
 *
 * <pre>
 * POST /api/v1/collect       JSON as text/plain (or application/json), at most 2 KB    202, no body
 * GET  /api/v1/analytics.js  the tracking script (page views, document views, named events)
 * </pre>
 */
final class CollectHttpService {
    private static final String SCRIPT = script();

    private final Analytics analytics;
    private final RateLimits limits;

    CollectHttpService(Analytics analytics, RateLimits limits) {
        this.analytics = analytics;
        this.limits = limits;
    }

    void mounts(RouteTable.Builder t) {
        t.post("/api/v1/collect", this::collect).tag("analytics")
                .doc("collect", "Count a page view, a document view or a named event (JSON sent as text/plain)")
                .body("text/plain", Schemas.fields("*k", "*u", "r", "t", "s", "n", "wd")).empty(202).errors(413, 415);
        t.get("/api/v1/analytics.js", this::script).tag("analytics")
                .doc("getTrackingScript", "The tracking script: page views, document views and named events, no cookies")
                .raw("text/javascript", Schemas.string());
    }

    private void collect(ServerRequest req, ServerResponse res) {
        HttpMediaType type = RequestContentType.of(req).orElse(null);
        if (type == null || !(type.mediaType().subtype().equals("plain") || type.mediaType().subtype().equals("json"))) {
            throw new CmsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the beacon as text/plain (JSON text)", Map.of());
        }
        String body = body(req);
        ServerRequestHeaders headers = req.headers();
        boolean optedOut = headers.first(HeaderNames.create("Sec-GPC")).map("1"::equals).orElse(false)
                || headers.first(HeaderNames.create("DNT")).map("1"::equals).orElse(false);
        boolean prefetch = headers.first(HeaderNames.create("Sec-Purpose")).map(v -> v.contains("prefetch")).orElse(false)
                || headers.first(HeaderNames.create("Purpose")).map(v -> v.contains("prefetch")).orElse(false);
        analytics.accept(body, new Analytics.Request(limits.clientAddress(req),
                                                     headers.first(HeaderNames.USER_AGENT).orElse(""), optedOut, prefetch));
        res.status(Status.ACCEPTED_202).header(HeaderNames.CACHE_CONTROL, "no-store").send();
    }

    private static String body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw CmsException.badRequest("The beacon needs a body");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(Beacon.MAX_BYTES + 1);
            if (bytes.length > Beacon.MAX_BYTES) {
                throw new CmsException(ErrorCode.PAYLOAD_TOO_LARGE, "A beacon is at most " + Beacon.MAX_BYTES + " bytes",
                                       Map.of());
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void script(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/javascript; charset=utf-8")
                .header(HeaderNames.CACHE_CONTROL, "public, max-age=3600")
                .send(SCRIPT);
    }

    private static String script() {
        try (InputStream in = CollectHttpService.class.getResourceAsStream("/analytics.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("analytics.js is packaged with the delivery API", e);
        }
    }
}
