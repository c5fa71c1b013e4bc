package org.bitwreckers.cms.admin;

import java.util.List;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.webhook.WebhookService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Webhooks: register (the signing secret is in the response, once), list, pause or resume, delete, and see the
 * delivery log.
 */
final class WebhooksAdminHttpService implements HttpService {
    /**
     * Body of a webhook registration.
     *
     * @param name   what it is for
     * @param url    receiver URL
     * @param events event names
     * @param types  content types it is limited to (optional)
     */
    public record CreateRequest(String name, String url, List<String> events, List<String> types) {
    }

    /**
     * Body of a change.
     *
     * @param active whether the webhook receives events
     */
    public record UpdateRequest(Boolean active) {
    }

    private final WebhookService webhooks;
    private final JsonBody body;

    WebhooksAdminHttpService(WebhookService webhooks, JsonBody body) {
        this.webhooks = webhooks;
        this.body = body;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> ok(res, "[" + String.join(",", webhooks.list()) + "]", "OK"))
                .post("/", this::create)
                .any("/", ErrorHandling::methodNotAllowed)
                .patch("/{id}", this::update)
                .delete("/{id}", this::delete)
                .any("/{id}", ErrorHandling::methodNotAllowed)
                .get("/{id}/deliveries", (req, res) -> ok(res, "[" + String.join(",", webhooks.deliveries(
                        RequestParams.id(req, "id"))) + "]", "OK"))
                .any("/{id}/deliveries", ErrorHandling::methodNotAllowed);
    }

    private void create(ServerRequest req, ServerResponse res) {
        CreateRequest r = body.read(req, CreateRequest.class);
        Responses.json(res, Status.CREATED_201, Envelope.success(webhooks.create(r.name(), r.url(), r.events(), r.types()),
                                                                 "Webhook created; copy its secret now, it is not shown again"));
    }

    private void update(ServerRequest req, ServerResponse res) {
        UpdateRequest r = body.read(req, UpdateRequest.class);
        if (r.active() == null) {
            throw CmsException.validation(Map.of("active", "is required (true or false)"));
        }
        ok(res, webhooks.setActive(RequestParams.id(req, "id"), r.active()), "Saved");
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        webhooks.delete(id);
        ok(res, "{\"id\":" + id + "}", "Webhook deleted");
    }

    private static void ok(ServerResponse res, String json, String message) {
        Responses.json(res, Status.OK_200, Envelope.success(json, message));
    }
}
