package org.bitwreckers.cms.admin;

import java.util.List;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.webhook.WebhookService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Webhooks: register (the signing secret is in the response, once), list, pause or resume, delete, see the
 * delivery log and send a delivery again.
 */
final class WebhooksAdminHttpService {
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

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/webhooks", (req, res) -> ok(res, "[" + String.join(",", webhooks.list()) + "]", "OK"))
                .needs(Permission.WEBHOOKS).doc("listWebhooks", "Outgoing webhooks").returns(Schemas.arrayOf(Schemas.ref("Webhook")));
        t.post("/admin/v1/webhooks", this::create).needs(Permission.WEBHOOKS).doc("createWebhook", "Add a webhook")
                .body(Schemas.fields("*name", "*url", "*events:strings", "types:strings"))
                .returns(201, Schemas.ref("Webhook")).errors(422);
        t.patch("/admin/v1/webhooks/{id}", this::update).needs(Permission.WEBHOOKS).doc("updateWebhook", "Change a webhook")
                .body(Schemas.fields("active:boolean"))
                .returns(Schemas.ref("Webhook")).errors(422);
        t.delete("/admin/v1/webhooks/{id}", this::delete).needs(Permission.WEBHOOKS).doc("deleteWebhook", "Remove a webhook")
                .noContent();
        t.get("/admin/v1/webhooks/{id}/deliveries", (req, res) -> ok(res, "[" + String.join(",", webhooks.deliveries(
                        RequestParams.id(req, "id"))) + "]", "OK"))
                .needs(Permission.WEBHOOKS).doc("listWebhookDeliveries", "Recent deliveries of a webhook")
                .returns(Schemas.arrayOf(Schemas.ref("Delivery")));
        t.post("/admin/v1/webhooks/{id}/deliveries/{delivery}/redeliver", (req, res) -> Responses.json(
                        res, Status.ACCEPTED_202, Envelope.success(webhooks.redeliver(RequestParams.id(req, "id"),
                                                                                     RequestParams.id(req, "delivery")),
                                                                  "Queued for delivery again")))
                .needs(Permission.WEBHOOKS).doc("redeliverWebhook", "Send a logged delivery again, as a new delivery")
                .returns(202, Schemas.ref("Delivery")).errors(409);
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
