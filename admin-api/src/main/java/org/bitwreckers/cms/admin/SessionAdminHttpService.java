package org.bitwreckers.cms.admin;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.auth.Principal;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccessPolicy;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.core.identity.StaffInvitations;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.route.Access;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.Mount;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.http.SignedInUser;

/**
 * The admin app's browser session: staff sign in with their account; the refresh token lives only in an HttpOnly,
 * SameSite=Strict cookie scoped to this resource, and the short-lived access token is handed to the page, which keeps
 * it in memory. Every call that changes the session must carry {@code X-CSRF: 1} (a header a cross-site form cannot
 * send, and a cross-origin script cannot without a preflight the CORS filter refuses for cookies) and, when the
 * browser sends an {@code Origin}, it must be this listener's own.
 *
 * <pre>
 * POST   /admin/v1/session          {"email", "password"} + X-CSRF   200 {access_token, expires_in, user, role, permissions}
 * POST   /admin/v1/session/refresh  cookie + X-CSRF                   200 as above, with a rotated cookie
 * GET    /admin/v1/session          Bearer                            200 {user, role, permissions}
 * DELETE /admin/v1/session          Bearer + X-CSRF                   200; the refresh chain is revoked, the cookie cleared
 * POST   /admin/v1/session/invitation {"token", "full_name", "password"} + X-CSRF  200 as sign-in: the invited account
 * </pre>
 *
 * Only staff (a role with at least one admin permission) may open a session; students and graduates get 403.
 */
final class SessionAdminHttpService {
    /** The refresh cookie's name and path: the browser sends it to this resource only. */
    static final String COOKIE = "bw_admin_refresh";
    static final String COOKIE_PATH = "/admin/v1/session";
    /** The header every session-changing call must carry. */
    static final String CSRF_HEADER = "X-CSRF";
    private static final Duration COOKIE_LIFETIME = Duration.ofDays(30); // the refresh token's own lifetime

    /**
     * @param email    address
     * @param password password
     */
    public record SignInRequest(String email, String password) {
    }

    private final AccountService accounts;
    private final StaffInvitations invitations;
    private final JsonBody body;
    /** Who a sign-in comes from: behind a trusted proxy, the client, not the proxy (failed sign-ins count per client). */
    private final RateLimits limits;
    private final RoleTable roles;
    /** The plugins' admin routes, each with the roles it names (known once the table is built). */
    private volatile List<Mount> pluginRoutes = List.of();

    SessionAdminHttpService(AccountService accounts, StaffInvitations invitations, JsonBody body, RateLimits limits,
                            RoleTable roles) {
        this.accounts = accounts;
        this.limits = limits;
        this.invitations = invitations;
        this.body = body;
        this.roles = roles;
    }

    /** The session names the plugin routes its role may call: plugins name roles, not permissions. */
    void answerRoutesFrom(RouteTable table) {
        pluginRoutes = table.mounts(Listener.ADMIN).stream().filter(m -> m.access() instanceof Access.Roles).toList();
    }

    /**
     * Signing in and refreshing are public in the table and check their callers themselves (password or cookie, and
     * the CSRF header); reading and ending the session need the signed-in user's access token.
     */
    void mounts(RouteTable.Builder t) {
        String base = "/admin/v1/session";
        t.post(base, this::signIn).opensSession().tag("session").doc("openSession", "Sign in to the admin app (sets the refresh cookie;"
                + " needs X-CSRF: 1)").body(Schemas.fields("*email", "*password")).returns(Schemas.ref("AdminSession"))
                .errors(401, 403, 422, 429);
        t.get(base, this::current).member().tag("session").doc("getSession", "The signed-in staff member, role and permissions")
                .returns(Schemas.ref("AdminSession")).errors(401, 403);
        t.delete(base, this::signOut).member().tag("session").doc("closeSession", "Sign out: the session is revoked, the cookie"
                + " cleared (needs X-CSRF: 1)").returns(Schemas.empty()).errors(401, 403);
        t.post(base + "/refresh", this::refresh).opensSession().tag("session").doc("refreshSession", "A new access token from the"
                + " refresh cookie, which is rotated (needs X-CSRF: 1)").returns(Schemas.ref("AdminSession"))
                .errors(401, 403);
        t.post(base + "/invitation", this::acceptInvitation).opensSession().tag("session").doc("acceptInvitation",
                "Accept a staff invitation: choose a name and password; the account is created with the invited role"
                        + " and signed in (sets the refresh cookie; needs X-CSRF: 1)")
                .body(Schemas.fields("*token", "*full_name", "*password")).returns(Schemas.ref("AdminSession"))
                .errors(401, 403, 409, 422);
    }

    private void acceptInvitation(ServerRequest req, ServerResponse res) {
        checkCsrf(req);
        answer(req, res, JsonText.object(invitations.accept(body.read(req))), "Welcome: your account is ready");
    }

    private void signIn(ServerRequest req, ServerResponse res) {
        checkCsrf(req);
        SignInRequest r = body.read(req, SignInRequest.class);
        JsonObject session = JsonText.object(accounts.login(r.email(), r.password(), limits.clientAddress(req)));
        answer(req, res, session, "Signed in");
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        checkCsrf(req);
        String token = cookie(req).orElseThrow(() -> CmsException.unauthorized("No admin session: sign in"));
        JsonObject session;
        try {
            session = JsonText.object(accounts.refresh(token));
        } catch (CmsException e) {
            refuseAndClear(req, res, e); // a dead cookie is not sent again
            return;
        }
        answer(req, res, session, "Session refreshed");
    }

    private void current(ServerRequest req, ServerResponse res) {
        AuthenticatedUser user = staff(SignedInUser.require(req, accounts));
        JsonObject me = JsonText.object(accounts.me(user.id()));
        Responses.json(res, Status.OK_200, Envelope.success(describe(me, user.role()).build().toString(), "OK"));
    }

    private void signOut(ServerRequest req, ServerResponse res) {
        checkCsrf(req);
        AuthenticatedUser user = SignedInUser.require(req, accounts);
        register(req, user);
        accounts.logout(user, cookie(req));
        clearCookie(req, res);
        Responses.json(res, Status.OK_200, Envelope.success("{}", "Signed out"));
    }

    /** Sets the refresh cookie and answers everything but the refresh token; a non-staff session is ended at once. */
    private void answer(ServerRequest req, ServerResponse res, JsonObject session, String message) {
        String access = session.getString("access_token");
        AuthenticatedUser user = accounts.authenticate(access)
                .orElseThrow(() -> CmsException.unauthorized("The session ended while it was opened; sign in again"));
        if (!isStaff(user.role())) { // the session just opened ends at once, and so does an old cookie
            accounts.logout(user, Optional.of(session.getString("refresh_token")));
            refuseAndClear(req, res, notStaff(user.role()));
            return;
        }
        register(req, user);
        res.header(HeaderNames.SET_COOKIE, cookieHeader(req, session.getString("refresh_token"), COOKIE_LIFETIME));
        String data = describe(session.getJsonObject("user"), user.role())
                .add("access_token", access)
                .add("expires_in", session.getJsonNumber("expires_in").longValue())
                .build().toString();
        Responses.json(res, Status.OK_200, Envelope.success(data, message));
    }

    private JsonObjectBuilder describe(JsonObject user, String role) {
        JsonArrayBuilder permissions = Jsons.createArrayBuilder();
        permissions(role).forEach(p -> permissions.add(p.name().toLowerCase(Locale.ROOT)));
        JsonArrayBuilder routes = Jsons.createArrayBuilder();
        pluginRoutes.stream()
                .filter(m -> role.equals(AccessPolicy.ADMIN_ROLE) || ((Access.Roles) m.access()).roles().contains(role))
                .forEach(m -> routes.add(m.method().text() + " " + m.path()));
        return Jsons.createObjectBuilder().add("user", user).add("role", role).add("permissions", permissions)
                .add("routes", routes);
    }

    private Stream<AccessPolicy.Permission> permissions(String role) {
        return Arrays.stream(AccessPolicy.Permission.values()).filter(p -> roles.allows(role, p));
    }

    private boolean isStaff(String role) {
        return roles.isStaff(role);
    }

    private AuthenticatedUser staff(AuthenticatedUser user) {
        if (!isStaff(user.role())) {
            throw notStaff(user.role());
        }
        return user;
    }

    private static CmsException notStaff(String role) {
        return CmsException.forbidden("The admin app is for staff; your role (" + role + ") has no admin permissions."
                                              + " Use the website instead.");
    }

    /** Answers the refusal here: the error handler would drop the header that clears the cookie. */
    private static void refuseAndClear(ServerRequest req, ServerResponse res, CmsException e) {
        clearCookie(req, res);
        Responses.error(res, e.code(), e.getMessage(), e.details());
    }

    /** The audit log names who opened or ended a session. */
    private static void register(ServerRequest req, AuthenticatedUser user) {
        req.context().register(new Principal("user:" + user.id(), TokenScope.FULL, Optional.of(user.role()),
                                             Optional.of(user.id())));
    }

    /** Cross-site requests cannot set a custom header without a preflight, and carry a foreign Origin. */
    private static void checkCsrf(ServerRequest req) {
        if (!req.headers().first(HeaderNames.create(CSRF_HEADER)).map("1"::equals).orElse(false)) {
            throw CmsException.forbidden("Session requests need the header " + CSRF_HEADER + ": 1");
        }
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        if (origin.isPresent() && !origin.get().equals("http://" + host) && !origin.get().equals("https://" + host)) {
            throw CmsException.forbidden("Session requests must come from the admin app's own origin");
        }
    }

    private static Optional<String> cookie(ServerRequest req) {
        for (String header : String.join(";", req.headers().all(HeaderNames.COOKIE, List::of)).split(";")) {
            String pair = header.strip();
            if (pair.startsWith(COOKIE + "=")) {
                return Optional.of(pair.substring(COOKIE.length() + 1)).filter(v -> !v.isEmpty());
            }
        }
        return Optional.empty();
    }

    private static void clearCookie(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.SET_COOKIE, cookieHeader(req, "", Duration.ZERO));
    }

    /** Secure whenever the browser reached us over HTTPS (directly or through a TLS-terminating proxy). */
    private static String cookieHeader(ServerRequest req, String value, Duration lifetime) {
        boolean https = req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO).map("https"::equalsIgnoreCase)
                .orElse(false);
        return COOKIE + "=" + value + "; Path=" + COOKIE_PATH + "; Max-Age=" + lifetime.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
    }
}
