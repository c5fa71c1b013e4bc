package org.bitwreckers.cms.admin;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.auth.Principal;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccessPolicy;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.http.BearerToken;
import org.bitwreckers.cms.http.NotificationEndpoints;
import org.bitwreckers.cms.http.route.Access;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.Mount;
import org.bitwreckers.cms.http.route.RouteTable;

/**
 * Runs before every admin route and puts the caller's {@link Principal} in the request context, or stops the
 * request with 401 or 403. Two kinds of callers: API tokens (a read-scope token reads what an editor may read, a
 * full-scope token does anything) and signed-in users, whose role must grant what the route's mount in the
 * {@link RouteTable} needs. A signed-in user may open a notification stream with a single-use {@code ?ticket=} instead
 * (a browser's EventSource sends no headers); the ticket stands for the access token it was asked with and is checked
 * like it.
 */
final class AdminAuthentication implements Handler {
    private static final Pattern CONTENT_READ =
            Pattern.compile("/admin/v1/content/([a-z][a-z0-9_]*)(/\\d+(/versions(/\\d+)?)?)?");
    private static final Pattern TYPE_READ = Pattern.compile("/admin/v1/types/([a-z][a-z0-9_]*)");
    private static final Pattern STREAM = Pattern.compile("/admin/v1/users/(\\d{1,18})/notifications/stream");

    private final ApiTokenService tokens;
    private final AccountService accounts;
    private final NotificationEndpoints notifications;
    private final ContentTypeRegistry registry;
    private final RouteTable table;
    private final RoleTable roles;

    AdminAuthentication(ApiTokenService tokens, AccountService accounts, NotificationEndpoints notifications,
                        ContentTypeRegistry registry, RouteTable table, RoleTable roles) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.notifications = notifications;
        this.registry = registry;
        this.table = table;
        this.roles = roles;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        // looked up once per request: what the governing mount needs decides both steps below
        Access access = table.governing(Listener.ADMIN, req.prologue().method(), req.path().absolute().path())
                .map(Mount::access).orElse(Access.admin(Permission.USERS)); // outside every resource: admins only
        if (access instanceof Access.Public) {
            res.next(); // a public admin route (the app's sign-in) checks its callers itself
            return;
        }
        Matcher stream = STREAM.matcher(req.path().absolute().path());
        if (stream.matches() && BearerToken.of(req).isEmpty()) {
            long watched = Long.parseLong(stream.group(1));
            Optional<AuthenticatedUser> holder = notifications.ticketHolder(req, r -> r.watchedUserId() == watched);
            if (holder.isPresent()) {
                req.context().register(checkRole(req, access, holder.get()));
                req.context().register(holder.get());
                res.next();
                return;
            }
        }
        String bearer = BearerToken.of(req).orElseThrow(() -> CmsException.unauthorized(
                "The admin API needs an API token or a signed-in user: Authorization: Bearer ..."));
        Principal principal = tokens.authenticate(bearer).map(p -> checkScope(req, access, p))
                .or(() -> accounts.authenticate(bearer).map(user -> {
                    req.context().register(user); // streams end with the user's session
                    return checkRole(req, access, user);
                }))
                .orElseThrow(() -> CmsException.unauthorized("The token is not valid (unknown, revoked or expired)"));
        req.context().register(principal);
        res.next();
    }

    /** A full-scope token does what an admin does; a read-scope token reads what an editor reads. */
    private Principal checkScope(ServerRequest req, Access access, Principal principal) {
        Method method = req.prologue().method();
        boolean read = method == Method.GET || method == Method.HEAD || method == Method.OPTIONS;
        TokenScope needed = read ? TokenScope.READ : TokenScope.FULL;
        if (!principal.scope().covers(needed)) {
            throw CmsException.forbidden("This token's scope (" + principal.scope().text() + ") does not allow "
                                                 + (read ? "reading the admin API" : "changes"));
        }
        if (principal.scope() != TokenScope.FULL && !allowed(req, access, AccessPolicy.READ_TOKEN_ROLE)) {
            throw CmsException.forbidden("This token's scope (read) does not reach this part of the admin API (personal"
                                                 + " data and operations need a full-scope token)");
        }
        return principal;
    }

    private Principal checkRole(ServerRequest req, Access access, AuthenticatedUser user) {
        if (!allowed(req, access, user.role())) {
            throw CmsException.forbidden("Your role (" + user.role() + ") may not use this part of the admin API");
        }
        return new Principal("user:" + user.id(), TokenScope.FULL, Optional.of(user.role()), Optional.of(user.id()));
    }

    /** Whether the role has what the governing mount needs. */
    private boolean allowed(ServerRequest req, Access access, String role) {
        String path = req.path().absolute().path();
        return switch (access) {
            case Access.Roles roles -> role.equals(AccessPolicy.ADMIN_ROLE) || roles.roles().contains(role);
            case Access.Admin admin -> roles.allows(role, admin.permission()) || reviews(req, path, role);
            case Access.Public p -> true;
            case Access.Member m -> true;
        };
    }

    /** Reviewers a descriptor names (access.review) may read that type's documents and descriptor, nothing else. */
    private boolean reviews(ServerRequest req, String path, String role) {
        Matcher content = CONTENT_READ.matcher(path);
        Matcher descriptor = TYPE_READ.matcher(path);
        String type = content.matches() ? content.group(1) : descriptor.matches() ? descriptor.group(1) : null;
        return req.prologue().method() == Method.GET && type != null
                && registry.find(type).map(t -> t.reviewers().contains(role)).orElse(false);
    }

    /**
     * @param req an authenticated admin request
     * @return the caller
     */
    static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class).orElseThrow(() -> CmsException.unauthorized("Not authenticated"));
    }
}
