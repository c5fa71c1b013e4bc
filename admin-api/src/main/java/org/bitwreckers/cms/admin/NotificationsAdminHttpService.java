package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.Optional;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.core.notification.NotificationHub;
import org.bitwreckers.cms.core.notification.NotificationService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * A user's notifications, for staff: list, unread count, mark read, send one, and the live stream (SSE; a browser
 * asks for a single-use ticket first with {@code POST .../stream-ticket}). A stream opened by a signed-in staff
 * member ends with their session. Signed-in users have the same for themselves at {@code /api/v1/notifications}.
 */
final class NotificationsAdminHttpService {
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

    void mounts(RouteTable.Builder t) {
        String base = "/admin/v1/users/{user}/notifications";
        t.get(base, (req, res) -> endpoints.list(req, res, user(req))).needs(Permission.NOTIFICATIONS)
                .doc("listUserNotifications", "A user's notifications, newest first").query("status", "string", "unread: only the unread ones")
                .query("page", "integer", "page number").query("pageSize", "integer", "notifications per page")
                .page(Schemas.ref("Notification")).errors(400);
        t.post(base, this::create).needs(Permission.NOTIFICATIONS).doc("notifyUser", "Send a user a notification")
                .body(Schemas.fields("*title", "body", "link", "kind")).returns(201, Schemas.ref("Notification")).errors(422);
        t.get(base + "/unread-count", (req, res) -> endpoints.unreadCount(res, user(req))).needs(Permission.NOTIFICATIONS)
                .doc("countUserUnread", "How many are unread").returns(Schemas.fields("unread:integer"));
        t.post(base + "/read-all", (req, res) -> endpoints.markAllRead(res, user(req))).needs(Permission.NOTIFICATIONS)
                .doc("markUserAllRead", "Mark them all read").returns(Schemas.fields("marked:integer"));
        t.get(base + "/stream", this::stream).needs(Permission.NOTIFICATIONS)
                .doc("streamUserNotifications", "New notifications as server-sent events (a ticket may replace the token)")
                .query("ticket", "string", "a single-use stream ticket").raw("text/event-stream", Schemas.string()).errors(429);
        t.post(base + "/stream-ticket", this::ticket).needs(Permission.NOTIFICATIONS)
                .doc("userStreamTicket", "A single-use ticket to open the stream from a browser")
                .returns(201, Schemas.fields("ticket", "expires_at"));
        t.post(base + "/{id}/read", (req, res) -> endpoints.markRead(res, user(req), RequestParams.id(req, "id")))
                .needs(Permission.NOTIFICATIONS).doc("markUserRead", "Mark one read").returns(Schemas.ref("Notification"));
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
