package org.bitwreckers.cms.delivery;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.http.SignedInUser;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.RequestParams;

/**
 * The signed-in user's own notifications: {@code /api/v1/notifications} (list, {@code ?status=unread}),
 * {@code /unread-count}, {@code /{id}/read}, {@code /read-all}, and {@code /stream} (Server-Sent Events, with the
 * bearer token or, from a browser's EventSource, with {@code ?ticket=} from {@code POST /stream-ticket}).
 * There is no user id in these paths: nobody can name another user's notifications.
 */
final class MyNotificationsHttpService implements HttpService {
    private final AccountService accounts;
    private final NotificationEndpoints endpoints;

    MyNotificationsHttpService(AccountService accounts, NotificationEndpoints endpoints) {
        this.accounts = accounts;
        this.endpoints = endpoints;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> endpoints.list(req, res, me(req)))
                .any("/", ErrorHandling::methodNotAllowed)
                .get("/unread-count", (req, res) -> endpoints.unreadCount(res, me(req)))
                .any("/unread-count", ErrorHandling::methodNotAllowed)
                .post("/read-all", (req, res) -> endpoints.markAllRead(res, me(req)))
                .any("/read-all", ErrorHandling::methodNotAllowed)
                .post("/stream-ticket", (req, res) -> {
                    AuthenticatedUser user = SignedInUser.require(req, accounts);
                    endpoints.ticket(res, user, user.id());
                })
                .any("/stream-ticket", ErrorHandling::methodNotAllowed)
                .get("/stream", this::stream)
                .any("/stream", ErrorHandling::methodNotAllowed)
                .post("/{id}/read", (req, res) -> endpoints.markRead(res, me(req), RequestParams.id(req, "id")))
                .any("/{id}/read", ErrorHandling::methodNotAllowed);
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
