package org.bitwreckers.cms.delivery;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.http.SignedInUser;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.RequestParams;

/**
 * The signed-in user's own notifications: {@code /api/v1/notifications} (list, {@code ?status=unread}),
 * {@code /unread-count}, {@code /{id}/read}, {@code /read-all}, and {@code /stream} (Server-Sent Events, with the
 * bearer token or, from a browser's EventSource, with {@code ?ticket=} from {@code POST /stream-ticket}).
 * There is no user id in these paths: nobody can name another user's notifications.
 */
final class MyNotificationsHttpService {
    private final AccountService accounts;
    private final NotificationEndpoints endpoints;

    MyNotificationsHttpService(AccountService accounts, NotificationEndpoints endpoints) {
        this.accounts = accounts;
        this.endpoints = endpoints;
    }

    void mounts(RouteTable.Builder t) {
        String base = "/api/v1/notifications";
        t.get(base, (req, res) -> endpoints.list(req, res, me(req))).member().doc("listMyNotifications",
                "Your notifications, newest first").query("status", "string", "unread: only the unread ones")
                .query("page", "integer", "page number").query("pageSize", "integer", "notifications per page")
                .page(Schemas.ref("Notification")).errors(400);
        t.get(base + "/unread-count", (req, res) -> endpoints.unreadCount(res, me(req))).member()
                .doc("countMyUnread", "How many are unread").returns(Schemas.fields("unread:integer"));
        t.post(base + "/read-all", (req, res) -> endpoints.markAllRead(res, me(req))).member()
                .doc("markMyAllRead", "Mark them all read").returns(Schemas.fields("marked:integer"));
        t.post(base + "/stream-ticket", (req, res) -> {
                    AuthenticatedUser user = SignedInUser.require(req, accounts);
                    endpoints.ticket(res, user, user.id());
                }).member().doc("myStreamTicket", "A single-use ticket to open the stream from a browser")
                .returns(201, Schemas.fields("ticket", "expires_at"));
        t.get(base + "/stream", this::stream).member()
                .doc("streamMyNotifications", "New notifications as server-sent events (a ticket may replace the token)")
                .query("ticket", "string", "a single-use stream ticket").raw("text/event-stream", Schemas.string()).errors(429);
        t.post(base + "/{id}/read", (req, res) -> endpoints.markRead(res, me(req), RequestParams.id(req, "id"))).member()
                .doc("markMyRead", "Mark one read").returns(Schemas.ref("Notification"));
    }

    private void stream(ServerRequest req, ServerResponse res) {
        AuthenticatedUser user = SignedInUser.optional(req, accounts)
                .or(() -> endpoints.ticketHolder(req, r -> r.watchedUserId() == r.user().id()))
                .orElseGet(() -> SignedInUser.require(req, accounts));
        endpoints.stream(req, res, user.id(), user, accounts);
    }

    private long me(ServerRequest req) {
        return SignedInUser.require(req, accounts).id();
    }
}
