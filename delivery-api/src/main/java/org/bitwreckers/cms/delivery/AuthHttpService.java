package org.bitwreckers.cms.delivery;

import java.util.Optional;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.identity.AuthenticatedUser;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.http.SignedInUser;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.Uploads;

/**
 * The spec's authentication endpoints, at its exact paths.
 *
 * <pre>
 * POST /api/v1/auth/register         {"email", "password", "full_name", "university"?, "location"?}  202, always
 * POST /api/v1/auth/verify-email     {"token"}                                                       200 + tokens
 * POST /api/v1/auth/resend-verification {"email"}                                                    202, always
 * POST /api/v1/auth/login            {"email", "password"}                                            200 + tokens
 * POST /api/v1/auth/refresh          {"refresh_token"}                                               200 + new tokens
 * POST /api/v1/auth/logout           Bearer + {"refresh_token"?}                                     ends the session
 * GET  /api/v1/auth/me               Bearer
 * PUT  /api/v1/auth/profile          Bearer + {"full_name"?, "university"?, "avatar_url"?, "bio"?, "location"?, "skills"?}
 * POST /api/v1/auth/forgot-password  {"email"}                                                       202, always
 * POST /api/v1/auth/reset-password   {"token", "password"}
 * </pre>
 */
final class AuthHttpService {
    /**
     * @param email    address
     * @param password password
     */
    public record LoginRequest(String email, String password) {
    }

    /**
     * @param refresh_token the refresh token
     */
    public record RefreshRequest(String refresh_token) {
    }

    /**
     * @param email address
     */
    public record ForgotRequest(String email) {
    }

    /**
     * @param token from the mailed confirmation link
     */
    public record VerifyRequest(String token) {
    }

    /**
     * @param token    from the mailed link
     * @param password the new password
     */
    public record ResetRequest(String token, String password) {
    }

    /** The one answer to a registration, whether the address is new or taken: both get a mail. */
    private static final String CHECK_INBOX = "Check your inbox: we sent a message to finish signing up";

    private final AccountService accounts;
    private final RateLimits limits;
    private final JsonBody body;
    private final MediaService media;

    AuthHttpService(AccountService accounts, RateLimits limits, JsonBody body,
                    MediaService media) {
        this.accounts = accounts;
        this.limits = limits;
        this.body = body;
        this.media = media;
    }

    void mounts(RouteTable.Builder t) {
        String a = "/api/v1/auth";
        t.post(a + "/register", (req, res) -> {
                    limits.check(req, RateLimits.Kind.AUTH);
                    accounts.register(body.read(req));
                    Responses.json(res, Status.ACCEPTED_202, Envelope.success("{}", CHECK_INBOX));
                }).doc("register", "Sign up; a mail asks to confirm the address")
                .body(Schemas.fields("*email", "*password", "*full_name", "role", "university")).returns(202, Schemas.empty())
                .errors(422, 429);
        t.post(a + "/verify-email", (req, res) -> {
                    limits.check(req, RateLimits.Kind.AUTH);
                    ok(res, accounts.verifyEmail(body.read(req, VerifyRequest.class).token()), "Address confirmed; welcome!");
                }).doc("verifyEmail", "Confirm the address with the mailed token; signs in")
                .body(Schemas.fields("*token")).returns(Schemas.ref("Session")).errors(404, 422, 429);
        t.post(a + "/resend-verification", (req, res) -> {
                    limits.check(req, RateLimits.Kind.AUTH);
                    accounts.resendVerification(body.read(req, ForgotRequest.class).email());
                    Responses.json(res, Status.ACCEPTED_202, Envelope.success("{}", CHECK_INBOX));
                }).doc("resendVerification", "Send the confirmation mail again").body(Schemas.fields("*email"))
                .returns(202, Schemas.empty()).errors(422, 429);
        t.post(a + "/login", this::login).doc("login", "Sign in with e-mail and password")
                .body(Schemas.fields("*email", "*password")).returns(Schemas.ref("Session")).errors(401, 403, 422, 429);
        t.post(a + "/refresh", (req, res) -> {
                    limits.check(req, RateLimits.Kind.AUTH);
                    ok(res, accounts.refresh(body.read(req, RefreshRequest.class).refresh_token()), "Token refreshed");
                }).doc("refresh", "Trade a refresh token for new tokens").body(Schemas.fields("*refresh_token"))
                .returns(Schemas.ref("Session")).errors(401, 422, 429);
        t.post(a + "/logout", this::logout).member().doc("logout", "End the session").body(Schemas.fields("refresh_token"))
                .returns(Schemas.empty()).errors(401, 422);
        t.get(a + "/me", (req, res) -> ok(res, accounts.me(user(req).id()), "OK")).member()
                .doc("me", "Your account").returns(Schemas.ref("Account"));
        t.put(a + "/profile", (req, res) -> ok(res, accounts.updateProfile(user(req).id(), body.read(req)), "Profile saved"))
                .member().doc("updateProfile", "Change your public profile")
                .body(Schemas.fields("full_name", "university", "bio", "location", "skills:array", "listed:boolean"))
                .returns(Schemas.ref("Account")).errors(422);
        t.post(a + "/forgot-password", this::forgot).doc("forgotPassword", "Mail a password-reset link")
                .body(Schemas.fields("*email")).returns(202, Schemas.empty()).errors(422, 429);
        t.post(a + "/reset-password", this::reset).doc("resetPassword", "Set a new password with the mailed token")
                .body(Schemas.fields("*token", "*password")).returns(Schemas.empty()).errors(404, 422, 429);
        t.post(a + "/avatar", this::avatar).member().doc("uploadAvatar", "Upload your photo")
                .upload(Schemas.upload()).returns(Schemas.ref("Account")).errors(422, 429);
    }

    /** A signed-in user's own photo: an image upload, checked like any other, that becomes their avatar_url. */
    private void avatar(ServerRequest req, ServerResponse res) {
        long userId = user(req).id();
        limits.check(req, RateLimits.Kind.FORM);
        try (Uploads.Upload upload = Uploads.read(
                req, media.maxUploadBytes(), Set.of())) {
            String asset = media.store(upload.file(), upload.filename(), "", "", "user:" + userId, Set.of("image"))
                    .json();
            // stored as the library path; answers put the current base in front (a move to a CDN rewrites nothing)
            String path = MediaLinks.PATH
                    + JsonText.object(asset).getString("key");
            ok(res, accounts.updateProfile(userId, Jsons.createObjectBuilder().add("avatar_url", path).build()),
               "Avatar saved");
        }
    }

    private void login(ServerRequest req, ServerResponse res) {
        limits.check(req, RateLimits.Kind.AUTH);
        LoginRequest r = body.read(req, LoginRequest.class);
        ok(res, accounts.login(r.email(), r.password(), limits.clientAddress(req)), "Signed in");
    }

    private void logout(ServerRequest req, ServerResponse res) {
        AuthenticatedUser user = user(req);
        Optional<String> refresh = req.content().hasEntity()
                ? Optional.ofNullable(body.read(req, RefreshRequest.class).refresh_token()) : Optional.empty();
        accounts.logout(user, refresh);
        ok(res, "{}", "Signed out");
    }

    private void forgot(ServerRequest req, ServerResponse res) {
        limits.check(req, RateLimits.Kind.AUTH);
        accounts.forgotPassword(body.read(req, ForgotRequest.class).email());
        Responses.json(res, Status.ACCEPTED_202, Envelope.success("{}", "If an account uses this address, a reset link is"
                + " on its way"));
    }

    private void reset(ServerRequest req, ServerResponse res) {
        limits.check(req, RateLimits.Kind.AUTH);
        ResetRequest r = body.read(req, ResetRequest.class);
        accounts.resetPassword(r.token(), r.password());
        ok(res, "{}", "Password changed; sign in with the new password");
    }

    private AuthenticatedUser user(ServerRequest req) {
        return SignedInUser.require(req, accounts);
    }

    private static void ok(ServerResponse res, String json, String message) {
        Responses.json(res, Status.OK_200, Envelope.success(json, message));
    }
}
