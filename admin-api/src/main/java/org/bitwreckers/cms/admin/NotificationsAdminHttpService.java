package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.Optional;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.core.notification.NotificationHub;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * A user's notifications, for staff: list, unread count, mark read, send one, and the live stream (SSE; a browser
 * asks for a single-use ticket first with {@code POST .../stream-ticket}). A stream opened by a signed-in staff
 * member ends with their session. Signed-in users have the same for themselves at {@code /api/v1/notifications}.
 */
final class NotificationsAdminHttpService implements HttpService {
    /**
     * @param kind  machine-readable kind
     * @param title short text
     * @param body  longer text
     * @param data  anything the frontend needs
     */
    public record NotificationRequest(String kind, String title, String body, JsonObject data) {
    }

    private final NotificationService notifications;
    private final NotificationEndpoints endpoints;
    private final AccountService accounts;
    private final JsonBody body;

    NotificationsAdminHttpService(NotificationService notifications, NotificationEndpoints endpoints,
                                  AccountService accounts, JsonBody body) {
        this.notifications = notifications;
        this.endpoints = endpoints;
        this.accounts = accounts;
        this.body = body;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{user}/notifications", (req, res) -> endpoints.list(req, res, user(req)))
                .post("/{user}/notifications", this::create)
                .any("/{user}/notifications", ErrorHandling::methodNotAllowed)
                .get("/{user}/notifications/unread-count", (req, res) -> endpoints.unreadCount(res, user(req)))
                .any("/{user}/notifications/unread-count", ErrorHandling::methodNotAllowed)
                .post("/{user}/notifications/read-all", (req, res) -> endpoints.markAllRead(res, user(req)))
                .any("/{user}/notifications/read-all", ErrorHandling::methodNotAllowed)
                .get("/{user}/notifications/stream", this::stream)
                .post("/{user}/notifications/stream-ticket", this::ticket)
                .any("/{user}/notifications/stream-ticket", ErrorHandling::methodNotAllowed)
                .any("/{user}/notifications/stream", ErrorHandling::methodNotAllowed)
                .post("/{user}/notifications/{id}/read", (req, res) -> endpoints.markRead(res, user(req),
                                                                                         RequestParams.id(req, "id")))
                .any("/{user}/notifications/{id}/read", ErrorHandling::methodNotAllowed);
    }

    private void create(ServerRequest req, ServerResponse res) {
        NotificationRequest r = body.read(req, NotificationRequest.class);
        String created = notifications.notify(user(req), r.kind(), r.title(), r.body(),
                                              r.data() == null ? JsonValue.EMPTY_JSON_OBJECT : r.data());
        Responses.json(res, Status.CREATED_201, Envelope.success(created, "Notification sent"));
    }

    private void stream(ServerRequest req, ServerResponse res) {
        Optional<AuthenticatedUser> staff = req.context().get(AuthenticatedUser.class);
        if (staff.isPresent()) {
            endpoints.stream(req, res, user(req), staff.get(), accounts);
        } else { // an API token: the stream lasts until the client goes away
            endpoints.stream(req, res, user(req), NotificationHub.Opener.TOKEN, Instant.MAX, () -> true);
        }
    }

    private void ticket(ServerRequest req, ServerResponse res) {
        AuthenticatedUser staff = req.context().get(AuthenticatedUser.class).orElseThrow(() -> CmsException.badRequest(
                "Stream tickets are for signed-in users; an API token can send its Authorization header to the stream"));
        endpoints.ticket(res, staff, user(req));
    }

    private static long user(ServerRequest req) {
        return RequestParams.id(req, "user");
    }
}
