package org.bitwreckers.cms.core.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.value.MediaKeys;
import org.bitwreckers.cms.core.value.ValueFormats;

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
    private final DbClient db;
    private final AccountRepository repository;
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
        this.repository = new AccountRepository(db);
        this.passwords = passwords;
        this.tokens = tokens;
        this.mail = mail;
        this.jobs = jobs;
        this.throttle = throttle;
        this.frontendUrl = frontendUrl;
        this.media = media;
        this.registration = new Registration(db, repository, passwords, mail, jobs,
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
        Optional<AccountRepository.Credentials> user = email == null ? Optional.empty() : repository.credentials(email);
        String hash = user.map(AccountRepository.Credentials::passwordHash).orElse(null);
        boolean matches = passwords.verify(password, hash);
        if (!matches || !user.get().maySignIn()) { // unconfirmed: as if unknown
            throttle.failed(email, client);
            throw CmsException.unauthorized("Wrong e-mail address or password");
        }
        throttle.succeeded(email, client);
        repository.recordSignIn(user.get().id());
        return session(user.get().id(), user.get().role(), UUID.randomUUID());
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
        Optional<AccountRepository.RefreshToken> rotated = Transactions.call(db, tx -> {
            AccountRepository.RefreshToken token = repository.lockRefreshToken(tx, Hashes.sha256(refreshToken))
                    .orElseThrow(() -> CmsException.unauthorized("The refresh token is not valid"));
            if (token.used()) {
                // a rotated token came back: someone else holds this chain; end it for everybody (committed, then refused)
                repository.revokeFamily(tx, token.family());
                return Optional.empty();
            }
            if (token.revoked() || token.expired() || !token.active()) {
                throw CmsException.unauthorized("The refresh token is not valid");
            }
            repository.markReplaced(tx, token.id());
            return Optional.of(token);
        });
        AccountRepository.RefreshToken token = rotated.orElseThrow(
                () -> CmsException.unauthorized("The refresh token was already used; sign in again"));
        return session(token.userId(), token.role(), token.family());
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
            repository.revokeAccessToken(tx, user.tokenId(), user.expiresAt());
            Set<UUID> families = new LinkedHashSet<>(); // the token's session and the body's chain are usually one
            user.session().ifPresent(families::add);
            refreshToken.flatMap(t -> repository.familyOf(tx, Hashes.sha256(t), user.id())).ifPresent(families::add);
            for (UUID family : families) {
                repository.revokeFamily(tx, family, user.id());
                SessionSignals.sessionEnded(tx, family);
            }
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
        if (claims.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return repository.currentRole(claims.userId(), claims.issuedAt(), claims.tokenId())
                .map(role -> new AuthenticatedUser(claims.userId(), role, claims.tokenId(), claims.issuedAt(),
                                                   claims.expiresAt(), claims.session()));
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
        return repository.profile(userId)
                .map(p -> media.withAvatar(JsonText.object(p)).toString())
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
            problems.put("avatar_url", ValueFormats.HTTP_URL_RULE + " (or an uploaded photo's /media/ path)");
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
        repository.updateProfile(userId, new AccountRepository.ProfileChange(
                fullName, request.containsKey("university"), university, request.containsKey("avatar_url"), avatar,
                request.containsKey("bio"), bio, request.containsKey("location"), location,
                skills == null ? null : skills.toString(),
                publicProfile == null ? null : publicProfile.getValueType() == JsonValue.ValueType.TRUE));
        return me(userId);
    }

    /**
     * Mails a reset link if an active account has this address; answers the same either way, after the same work
     * (one lookup, one queued job, which does nothing without an account), so timing tells nothing either.
     *
     * @param email address
     */
    public void forgotPassword(String email) {
        if (email == null || !ValueFormats.isEmail(email)) {
            throw CmsException.validation(Map.of("email", "must be an e-mail address"));
        }
        JsonValue userId = repository.activeUserId(email).<JsonValue>map(Jsons::createValue).orElse(JsonValue.NULL);
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
        Optional<AccountRepository.Recipient> user = repository.activeUser(id.longValue());
        if (user.isEmpty()) {
            return;
        }
        String token = randomToken("bwp_");
        Transactions.run(db, tx -> {
            // only the newest link works: an older mail that leaks later is no use
            repository.replacePasswordReset(tx, user.get().id(), Hashes.sha256(token), (int) RESET_LIFETIME.toMinutes());
            mail.queue(tx, "password-reset", user.get().email(),
                       Map.of("full_name", user.get().fullName(),
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
            AccountRepository.Recipient reset = repository.lockPasswordReset(tx, Hashes.sha256(token))
                    .orElseThrow(() -> badResetLink(password));
            PasswordHasher.checkPolicy(password, reset.email());
            repository.usePasswordResets(tx, reset.id());
            // the link proved the mailbox: an unconfirmed account is confirmed, with the owner's own password
            repository.resetPassword(tx, reset.id(), passwords.hash(password));
            repository.deleteAttempts(tx, reset.id());
            repository.revokeRefreshTokens(tx, reset.id());
            SessionSignals.userSessionsEnded(tx, reset.id());
            return reset.email();
        });
        throttle.forget(email);
    }

    /** A dead link, and in the same answer what is wrong with the new password, so one more try is enough. */
    private static CmsException badResetLink(String password) {
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("token", "is not valid, was used, or expired: ask for a new link");
        PasswordHasher.policyProblem(password, null).ifPresent(p -> problems.put("password", p));
        return CmsException.badRequest("This reset link is not valid, was used, or expired", problems);
    }

    /** Signs in an account an identity flow of this package has just proven (an accepted staff invitation). */
    String signedIn(long userId, String role) {
        return session(userId, role, UUID.randomUUID());
    }

    private String session(long userId, String role, UUID family) {
        AccessTokens.Issued access = tokens.issue(userId, role, family);
        String refresh = randomToken("bwr_");
        repository.insertRefreshToken(userId, family, Hashes.sha256(refresh), (int) REFRESH_LIFETIME.toDays());
        return Jsons.createObjectBuilder()
                .add("access_token", access.token())
                .add("token_type", "bearer")
                .add("expires_in", access.expiresIn())
                .add("refresh_token", refresh)
                .add("user", JsonText.object(me(userId)))
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
        return ValueFormats.isHttpUrl(url)
                || url.startsWith("/media/") && MediaKeys.valid(url.substring("/media/".length()));
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
