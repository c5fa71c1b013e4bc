package org.bitwreckers.cms.delivery;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Public newsletter endpoints.
 *
 * <pre>
 * curl -X POST -H 'Content-Type: application/json' -d '{"email":"ana@example.org"}' .../api/v1/newsletter/subscribe
 * curl -X POST -H 'Content-Type: application/json' -d '{"token":"..."}' .../api/v1/newsletter/confirm
 * curl -X POST '.../api/v1/newsletter/unsubscribe?s=12&amp;sig=...'    (one click, RFC 8058)
 * </pre>
 */
final class NewsletterHttpService {
    /**
     * @param email address to subscribe
     */
    public record SubscribeRequest(String email) {
    }

    /**
     * @param token token from the confirmation link
     */
    public record ConfirmRequest(String token) {
    }

    private final NewsletterService newsletter;
    private final RateLimits limits;
    private final JsonBody body;

    NewsletterHttpService(NewsletterService newsletter, RateLimits limits, JsonBody body) {
        this.newsletter = newsletter;
        this.limits = limits;
        this.body = body;
    }

    void mounts(RouteTable.Builder t) {
        t.post("/api/v1/newsletter/subscribe", this::subscribe).doc("subscribe", "Subscribe; a mail asks to confirm")
                .body(Schemas.fields("*email", "name")).returns(202, Schemas.empty()).errors(422, 429);
        t.post("/api/v1/newsletter/confirm", this::confirm).doc("confirmSubscription", "Confirm with the mailed token")
                .body(Schemas.fields("*token")).returns(Schemas.object()).errors(404, 422, 429);
        t.post("/api/v1/newsletter/unsubscribe", this::unsubscribe).doc("unsubscribe", "Unsubscribe with the mailed token")
                .body(Schemas.fields("*token")).returns(Schemas.object()).errors(404, 422, 429);
    }

    private void subscribe(ServerRequest req, ServerResponse res) {
        limits.check(req, RateLimits.Kind.FORM);
        newsletter.subscribe(body.read(req, SubscribeRequest.class).email());
        Responses.json(res, Status.ACCEPTED_202, Envelope.success("{}", "Check your inbox: confirm the subscription with"
                + " the link we sent"));
    }

    private void confirm(ServerRequest req, ServerResponse res) {
        limits.check(req, RateLimits.Kind.FORM);
        newsletter.confirm(body.read(req, ConfirmRequest.class).token());
        Responses.json(res, Status.OK_200, Envelope.success("{}", "Subscription confirmed"));
    }

    /** Mail clients post "List-Unsubscribe=One-Click" as a form; the link's parameters are what count. */
    private void unsubscribe(ServerRequest req, ServerResponse res) {
        limits.check(req, RateLimits.Kind.FORM);
        newsletter.unsubscribe(RequestParams.single(req, "s").orElse(""), RequestParams.single(req, "sig").orElse(null));
        Responses.json(res, Status.OK_200, Envelope.success("{}", "You are unsubscribed"));
    }
}
