package org.bitwreckers.cms.core.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.DocumentValidator;
import org.bitwreckers.cms.core.document.JsonText;
import org.bitwreckers.cms.core.document.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.media.MediaLinks;

/**
 * User accounts: register (with {@link Registration}), sign in, refresh, sign out, profile, forgotten passwords.
 *
 * <p>Access tokens are short-lived JWTs; refresh tokens are opaque, stored hashed and rotated on every use. Using a
 * refresh token that was already rotated means it was stolen or replayed: the whole family (that login's chain) is
 * revoked. Sign-out revokes the refresh family (named by the access token's {@code sid}, so no body is needed) and
 * puts the access token on a denylist until it would expire. A password reset, or deactivation, makes every earlier
 * access token invalid. Whatever ends a session also tells every node ({@link SessionSignals}), so open
 * notification streams close with it.
 */
public final class AccountService implements JobHandler {
    /** Job kind: send a password reset link. */
    public static final String PASSWORD_RESET = "account.password-reset";
    /** Job kind: mail the address of a registration. */
    public static final String REGISTRATION = Registration.MAIL;

    private static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    private static final Duration RESET_LIFETIME = Duration.ofMinutes(30);
    private static final Set<String> PROFILE_FIELDS = Set.of("full_name", "university", "avatar_url", "bio", "location",
                                                             "skills", "public_profile");
    private static final String TS = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    private static final String PROFILE = "jsonb_build_object('id', id, 'email', email, 'full_name', full_name, 'role', role,"
            + " 'university', university, 'avatar_url', avatar_url, 'bio', bio, 'location', location, 'skills', skills,"
            + " 'public_profile', " + org.bitwreckers.cms.core.member.MemberDirectory.PUBLIC_PROFILE + ","
            + " 'is_active', is_active, 'created_at', " + TS.formatted("created_at") + ", 'updated_at', "
            + TS.formatted("updated_at") + ")::text";

    private final DbClient db;
    private final PasswordHasher passwords;
    private final AccessTokens tokens;
    private final MailService mail;
    private final JobQueue jobs;
    private final SignInThrottle throttle;
    private final String frontendUrl;
    private final MediaLinks media;
    private final Registration registration;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param db          database client
     * @param passwords   password hashing
     * @param tokens      access tokens
     * @param mail        mail (welcome, password reset)
     * @param jobs        the job queue (reset links are sent through it)
     * @param throttle    failed sign-ins, shared by every node
     * @param frontendUrl FRONTEND_URL (pages the mailed links open)
     * @param media       builds the URL of an avatar uploaded to the library
     */
    public AccountService(DbClient db, PasswordHasher passwords, AccessTokens tokens, MailService mail, JobQueue jobs,
                          SignInThrottle throttle, String frontendUrl, MediaLinks media) {
        this.db = db;
        this.passwords = passwords;
        this.tokens = tokens;
        this.mail = mail;
        this.jobs = jobs;
        this.throttle = throttle;
        this.frontendUrl = frontendUrl;
        this.media = media;
        this.registration = new Registration(db, passwords, mail, jobs,
                                             (userId, role) -> session(userId, role, UUID.randomUUID()), frontendUrl);
    }

    /**
     * Registers a student account, answering the same whether the address is new or taken ({@link Registration}):
     * a new account waits for its owner to open the mailed confirmation link.
     *
     * @param body email, password, full_name, optional university and location; nothing else (no role)
     */
    public void register(JsonValue body) {
        registration.register(body);
    }

    /**
     * Confirms a registered address with the mailed one-time link.
     *
     * @param token the token from the link
     * @return tokens and profile: the member is signed in
     */
    public String verifyEmail(String token) {
        return registration.verify(token);
    }

    /**
     * Mails a new confirmation link if an unconfirmed account has this address; the same answer and work otherwise.
     *
     * @param email address
     */
    public void resendVerification(String email) {
        registration.resend(email);
    }

    /**
     * @param email    address
     * @param password password
     * @param client   the client's address (failed sign-ins are counted per account and client)
     * @return tokens and profile
     * @throws CmsException UNAUTHORIZED, the same for every reason (no account enumeration); TOO_MANY_REQUESTS when
     *                      this client must wait before trying this account again
     */
    public String login(String email, String password, String client) {
        throttle.check(email, client);
        Optional<DbRow> user = email == null ? Optional.empty()
                : db.execute().get("SELECT id, role, password_hash, is_active AND email_verified AS may_sign_in FROM users"
                                           + " WHERE lower(email) = lower(?)", email);
        String hash = user.map(u -> u.column("password_hash").get(String.class)).orElse(null);
        boolean matches = passwords.verify(password, hash);
        if (!matches || !user.get().column("may_sign_in").get(Boolean.class)) { // unconfirmed: as if unknown
            throttle.failed(email, client);
            throw CmsException.unauthorized("Wrong e-mail address or password");
        }
        throttle.succeeded(email, client);
        long id = user.get().column("id").get(Long.class);
        db.execute().dml("UPDATE users SET last_login_at = now() WHERE id = ?", id);
        return session(id, user.get().column("role").get(String.class), UUID.randomUUID());
    }

    /**
     * Rotates a refresh token.
     *
     * @param refreshToken the presented refresh token
     * @return new tokens and profile
     */
    public String refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.length() > 200) {
            throw CmsException.unauthorized("The refresh token is not valid");
        }
        Optional<Rotation> rotation = Transactions.call(db, tx -> {
            DbRow row = tx.get("SELECT r.id, r.user_id, r.family::text AS family, r.replaced_at IS NOT NULL AS used,"
                                       + " r.revoked_at IS NOT NULL AS revoked, r.expires_at < now() AS expired,"
                                       + " u.role, u.is_active FROM refresh_tokens r JOIN users u ON u.id = r.user_id"
                                       + " WHERE r.token_hash = ? FOR UPDATE OF r", Hashes.sha256(refreshToken))
                    .orElseThrow(() -> CmsException.unauthorized("The refresh token is not valid"));
            UUID family = UUID.fromString(row.column("family").get(String.class));
            if (row.column("used").get(Boolean.class)) {
                // a rotated token came back: someone else holds this chain; end it for everybody (committed, then refused)
                tx.dml("UPDATE refresh_tokens SET revoked_at = now() WHERE family = ?::uuid AND revoked_at IS NULL",
                       family.toString());
                return Optional.empty();
            }
            if (row.column("revoked").get(Boolean.class) || row.column("expired").get(Boolean.class)
                    || !row.column("is_active").get(Boolean.class)) {
                throw CmsException.unauthorized("The refresh token is not valid");
            }
            tx.dml("UPDATE refresh_tokens SET replaced_at = now() WHERE id = ?", row.column("id").get(Long.class));
            return Optional.of(new Rotation(row.column("user_id").get(Long.class), row.column("role").get(String.class),
                                            family));
        });
        Rotation rotated = rotation.orElseThrow(
                () -> CmsException.unauthorized("The refresh token was already used; sign in again"));
        return session(rotated.userId(), rotated.role(), rotated.family());
    }

    /** A refresh token rotated: whose session goes on, in which chain. */
    private record Rotation(long userId, String role, UUID family) {
    }

    /**
     * Signs out: the access token stops working now, and so does its refresh chain (the token's session, and the
     * chain of the refresh token if one is sent); open streams of the session close on every node.
     *
     * @param user         the signed-in user
     * @param refreshToken the session's refresh token, if the client sends it
     */
    public void logout(AuthenticatedUser user, Optional<String> refreshToken) {
        Transactions.run(db, tx -> {
            tx.dml("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (?, ?::timestamptz) ON CONFLICT DO NOTHING",
                   user.tokenId(), user.expiresAt().toString());
            Set<String> families = new LinkedHashSet<>(); // the token's session and the body's chain are usually one
            user.session().ifPresent(s -> families.add(s.toString()));
            refreshToken.flatMap(t -> tx.get("SELECT family::text AS family FROM refresh_tokens WHERE token_hash = ?"
                                                      + " AND user_id = ?", Hashes.sha256(t), user.id()))
                    .ifPresent(r -> families.add(r.column("family").get(String.class)));
            for (String family : families) {
                tx.dml("UPDATE refresh_tokens SET revoked_at = now() WHERE family = ?::uuid AND user_id = ?"
                               + " AND revoked_at IS NULL", family, user.id());
                SessionSignals.sessionEnded(tx, UUID.fromString(family));
            }
            tx.dml("DELETE FROM revoked_access_tokens WHERE expires_at < now() - interval '1 minute'");
        });
    }

    /**
     * Resolves a bearer token to the signed-in user: signature, expiry, denylist, account still active, token not
     * older than the last password reset. One indexed query.
     *
     * @param token the access token
     * @return the user, if all checks pass
     */
    public Optional<AuthenticatedUser> authenticate(String token) {
        return tokens.verify(token).flatMap(this::current);
    }

    /**
     * @param claims verified claims of an access token (or of the token a stream ticket stands for)
     * @return the user, if the token is still current: not revoked, account active, not older than the last reset
     */
    public Optional<AuthenticatedUser> current(AccessTokens.Claims claims) {
        if (claims.expiresAt().isBefore(java.time.Instant.now())) {
            return Optional.empty();
        }
        return db.execute().get("SELECT role FROM users WHERE id = ? AND is_active AND sessions_valid_after <= ?::timestamptz"
                                        + " AND NOT EXISTS (SELECT 1 FROM revoked_access_tokens WHERE jti = ?)",
                                claims.userId(), claims.issuedAt().toString(), claims.tokenId())
                .map(r -> new AuthenticatedUser(claims.userId(), r.column("role").get(String.class), claims.tokenId(),
                                                claims.issuedAt(), claims.expiresAt(), claims.session()));
    }

    /**
     * @param user a user who was signed in
     * @return whether their access token still is current
     */
    public boolean stillSignedIn(AuthenticatedUser user) {
        return current(new AccessTokens.Claims(user.id(), user.role(), user.tokenId(), user.issuedAt(), user.expiresAt(),
                                               user.session())).isPresent();
    }

    /**
     * @param userId the signed-in user
     * @return their own profile, with e-mail address
     */
    public String me(long userId) {
        return db.execute().get("SELECT " + PROFILE + " AS p FROM users WHERE id = ?", userId)
                .map(r -> media.withAvatar(JsonText.object(r.column("p").get(String.class))).toString())
                .orElseThrow(() -> CmsException.unauthorized("The account no longer exists"));
    }

    /**
     * Changes the user's own profile; e-mail, role and status are not theirs to change.
     *
     * @param userId the signed-in user
     * @param body   some of full_name, university, avatar_url, bio, location, skills, public_profile (listed in the
     *               public member directory or not)
     * @return the profile
     */
    public String updateProfile(long userId, JsonValue body) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonObject request = object(body, PROFILE_FIELDS, problems);
        String fullName = text(request, "full_name", 200, false, problems);
        String university = text(request, "university", 200, false, problems);
        String avatar = text(request, "avatar_url", 2048, false, problems);
        if (avatar != null && !avatar.isEmpty() && !isAvatarUrl(request.getString("avatar_url"))) { // as sent, unstripped
            problems.put("avatar_url", DocumentValidator.HTTP_URL_RULE + " (or an uploaded photo's /media/ path)");
        }
        String bio = text(request, "bio", 2000, false, problems);
        String location = text(request, "location", 200, false, problems);
        JsonValue skills = request.get("skills");
        if (skills != null && !(skills.getValueType() == JsonValue.ValueType.ARRAY && skills.asJsonArray().size() <= 30
                && skills.asJsonArray().stream().allMatch(s -> s instanceof JsonString t && t.getString().length() <= 60))) {
            problems.put("skills", "must be a list of at most 30 skills of at most 60 characters");
        }
        JsonValue publicProfile = request.get("public_profile");
        if (publicProfile != null && publicProfile.getValueType() != JsonValue.ValueType.TRUE
                && publicProfile.getValueType() != JsonValue.ValueType.FALSE) {
            problems.put("public_profile", "must be true or false");
        }
        if (request.containsKey("full_name") && (fullName == null || fullName.isBlank())) {
            problems.put("full_name", "must not be empty");
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        db.execute().dml("UPDATE users SET full_name = COALESCE(?, full_name),"
                                 + " university = CASE WHEN ? THEN ? ELSE university END,"
                                 + " avatar_url = CASE WHEN ? THEN ? ELSE avatar_url END,"
                                 + " bio = CASE WHEN ? THEN ? ELSE bio END,"
                                 + " location = CASE WHEN ? THEN ? ELSE location END,"
                                 + " skills = COALESCE(?::jsonb, skills), profile_public = COALESCE(?::boolean, profile_public),"
                                 + " updated_at = now() WHERE id = ?",
                         fullName, request.containsKey("university"), university, request.containsKey("avatar_url"), avatar,
                         request.containsKey("bio"), bio, request.containsKey("location"), location,
                         skills == null ? null : skills.toString(),
                         publicProfile == null ? null : publicProfile.getValueType() == JsonValue.ValueType.TRUE, userId);
        return me(userId);
    }

    /**
     * Mails a reset link if an active account has this address; answers the same either way, after the same work
     * (one lookup, one queued job, which does nothing without an account), so timing tells nothing either.
     *
     * @param email address
     */
    public void forgotPassword(String email) {
        if (email == null || !DocumentValidator.isEmail(email)) {
            throw CmsException.validation(Map.of("email", "must be an e-mail address"));
        }
        JsonValue userId = db.execute().get("SELECT id FROM users WHERE lower(email) = lower(?) AND is_active", email)
                .<JsonValue>map(r -> Jsons.createValue(r.column("id").get(Long.class))).orElse(JsonValue.NULL);
        jobs.enqueueNow(PASSWORD_RESET, Jsons.createObjectBuilder().add("user_id", userId).build());
    }

    /** Sends the reset link asked for through {@link #forgotPassword(String)}, or a registration's mail. */
    @Override
    public void handle(Job job) {
        if (job.kind().equals(REGISTRATION)) {
            registration.handle(job);
            return;
        }
        if (!(job.payload().get("user_id") instanceof JsonNumber id)) {
            return; // no account has the address
        }
        Optional<DbRow> user = db.execute().get("SELECT id, full_name, email FROM users WHERE id = ? AND is_active",
                                                id.longValue());
        if (user.isEmpty()) {
            return;
        }
        String token = randomToken("bwp_");
        Transactions.run(db, tx -> {
            // only the newest link works: an older mail that leaks later is no use
            tx.dml("DELETE FROM password_resets WHERE user_id = ?", user.get().column("id").get(Long.class));
            tx.dml("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, now() + make_interval(mins => ?))",
                   Hashes.sha256(token), user.get().column("id").get(Long.class), (int) RESET_LIFETIME.toMinutes());
            mail.queue(tx, "password-reset", user.get().column("email").get(String.class),
                       Map.of("full_name", user.get().column("full_name").get(String.class),
                              "reset_url", frontendUrl + "/reset-password?token=" + token,
                              "valid_minutes", Long.toString(RESET_LIFETIME.toMinutes())), Map.of(), Set.of(token));
        });
    }

    /**
     * Sets a new password with a reset token; every existing session ends.
     *
     * @param token    the token from the mailed link
     * @param password the new password
     */
    public void resetPassword(String token, String password) {
        if (token == null || token.length() > 200) {
            throw badResetLink(password);
        }
        String email = Transactions.call(db, tx -> {
            DbRow reset = tx.get("SELECT r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id"
                                         + " WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > now() AND u.is_active"
                                         + " FOR UPDATE OF r", Hashes.sha256(token)).orElse(null);
            if (reset == null) {
                throw badResetLink(password);
            }
            PasswordHasher.checkPolicy(password, reset.column("email").get(String.class));
            long userId = reset.column("user_id").get(Long.class);
            tx.dml("UPDATE password_resets SET used_at = now() WHERE user_id = ? AND used_at IS NULL", userId);
            // the link proved the mailbox: an unconfirmed account is confirmed, with the owner's own password
            tx.dml("UPDATE users SET password_hash = ?, email_verified = true, sessions_valid_after = now(),"
                           + " updated_at = now() WHERE id = ?", passwords.hash(password), userId);
            tx.dml("DELETE FROM email_verifications WHERE user_id = ?", userId);
            tx.dml("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", userId);
            SessionSignals.userSessionsEnded(tx, userId);
            return reset.column("email").get(String.class);
        });
        throttle.forget(email);
    }

    /** A dead link, and in the same answer what is wrong with the new password, so one more try is enough. */
    private static CmsException badResetLink(String password) {
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        problems.put("token", "is not valid, was used, or expired: ask for a new link");
        PasswordHasher.policyProblem(password, null).ifPresent(p -> problems.put("password", p));
        return CmsException.badRequest("This reset link is not valid, was used, or expired", problems);
    }

    private String session(long userId, String role, UUID family) {
        AccessTokens.Issued access = tokens.issue(userId, role, family);
        String refresh = randomToken("bwr_");
        db.execute().dml("INSERT INTO refresh_tokens (user_id, family, token_hash, expires_at)"
                                 + " VALUES (?, ?::uuid, ?, now() + make_interval(days => ?))",
                         userId, family.toString(), Hashes.sha256(refresh), (int) REFRESH_LIFETIME.toDays());
        return Jsons.createObjectBuilder()
                .add("access_token", access.token())
                .add("token_type", "bearer")
                .add("expires_in", access.expiresIn())
                .add("refresh_token", refresh)
                .add("user", org.bitwreckers.cms.core.document.JsonText.object(me(userId)))
                .build().toString();
    }

    /** The body's keys that may not be set are recorded with the other problems, not refused on their own. */
    static JsonObject object(JsonValue body, Set<String> allowed, Map<String, String> problems) {
        if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
            throw CmsException.validation(Map.of("body", "must be a JSON object"));
        }
        body.asJsonObject().keySet().stream().filter(k -> !allowed.contains(k))
                .forEach(k -> problems.put(k, "cannot be set here"));
        return body.asJsonObject();
    }

    /** An avatar is shown in pages: an absolute http(s) URL, or the path of a photo in the media library. */
    private static boolean isAvatarUrl(String url) {
        return DocumentValidator.isHttpUrl(url)
                || url.startsWith("/media/") && org.bitwreckers.cms.core.media.MediaKeys.valid(url.substring("/media/".length()));
    }

    static String text(JsonObject request, String field, int max, boolean required, Map<String, String> problems) {
        JsonValue value = request.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                problems.put(field, "is required");
            }
            return null;
        }
        if (!(value instanceof JsonString s) || s.getString().length() > max || s.getString().indexOf('\u0000') >= 0
                || required && s.getString().isBlank()) {
            problems.put(field, "must be text of at most " + max + " characters");
            return null;
        }
        return s.getString().strip();
    }

    private String randomToken(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
