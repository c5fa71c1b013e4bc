package org.bitwreckers.cms.core.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.member.MemberDirectory;

/**
 * SQL of a member's own account: credentials, sessions (refresh token chains, revoked access tokens), password
 * resets, e-mail confirmations and the profile. Methods that take a transaction run in it; values are always bound.
 */
final class AccountRepository {
    private static final String PROFILE = "jsonb_build_object('id', id, 'email', email, 'full_name', full_name, 'role', role,"
            + " 'university', university, 'avatar_url', avatar_url, 'bio', bio, 'location', location, 'skills', skills,"
            + " 'public_profile', " + MemberDirectory.PUBLIC_PROFILE + ","
            + " 'is_active', is_active, 'created_at', " + SqlTime.iso("created_at") + ", 'updated_at', "
            + SqlTime.iso("updated_at") + ")::text";

    /** What signing in checks. */
    record Credentials(long id, String role, String passwordHash, boolean maySignIn) {
    }

    /** A presented refresh token and its account. */
    record RefreshToken(long id, long userId, UUID family, boolean used, boolean revoked, boolean expired, String role,
                        boolean active) {
    }

    /** Whom a mail goes to. */
    record Recipient(long id, String fullName, String email) {
    }

    /** A registration attempt and the state of its account. */
    record Attempt(String email, String fullName, boolean verified, boolean active) {
    }

    /** An unconfirmed account whose mailed link was opened, with the password of that registration. */
    record Confirmation(long userId, String role, String email, String fullName, String passwordHash) {
    }

    /**
     * Profile fields to change: null text keeps the old value, except where the matching {@code set} flag says the
     * field was sent (then null clears it).
     */
    record ProfileChange(String fullName, boolean setUniversity, String university, boolean setAvatar, String avatar,
                         boolean setBio, String bio, boolean setLocation, String location, String skills,
                         Boolean publicProfile) {
    }

    private final DbClient db;

    AccountRepository(DbClient db) {
        this.db = db;
    }

    Optional<Credentials> credentials(String email) {
        return db.execute().get("SELECT id, role, password_hash, is_active AND email_verified AS may_sign_in FROM users"
                                        + " WHERE lower(email) = lower(?)", email)
                .map(r -> new Credentials(r.column("id").get(Long.class), r.column("role").get(String.class),
                                          r.column("password_hash").get(String.class),
                                          r.column("may_sign_in").get(Boolean.class)));
    }

    void recordSignIn(long userId) {
        db.execute().dml("UPDATE users SET last_login_at = now() WHERE id = ?", userId);
    }

    /** Locks the refresh token with this hash for the rest of the transaction. */
    Optional<RefreshToken> lockRefreshToken(DbExecute tx, String tokenHash) {
        return tx.get("SELECT r.id, r.user_id, r.family::text AS family, r.replaced_at IS NOT NULL AS used,"
                              + " r.revoked_at IS NOT NULL AS revoked, r.expires_at < now() AS expired,"
                              + " u.role, u.is_active FROM refresh_tokens r JOIN users u ON u.id = r.user_id"
                              + " WHERE r.token_hash = ? FOR UPDATE OF r", tokenHash)
                .map(r -> new RefreshToken(r.column("id").get(Long.class), r.column("user_id").get(Long.class),
                                           UUID.fromString(r.column("family").get(String.class)),
                                           r.column("used").get(Boolean.class), r.column("revoked").get(Boolean.class),
                                           r.column("expired").get(Boolean.class), r.column("role").get(String.class),
                                           r.column("is_active").get(Boolean.class)));
    }

    void insertRefreshToken(long userId, UUID family, String tokenHash, int lifetimeDays) {
        db.execute().dml("INSERT INTO refresh_tokens (user_id, family, token_hash, expires_at)"
                                 + " VALUES (?, ?::uuid, ?, now() + make_interval(days => ?))",
                         userId, family.toString(), tokenHash, lifetimeDays);
    }

    void markReplaced(DbExecute tx, long refreshTokenId) {
        tx.dml("UPDATE refresh_tokens SET replaced_at = now() WHERE id = ?", refreshTokenId);
    }

    void revokeFamily(DbExecute tx, UUID family) {
        tx.dml("UPDATE refresh_tokens SET revoked_at = now() WHERE family = ?::uuid AND revoked_at IS NULL",
               family.toString());
    }

    void revokeFamily(DbExecute tx, UUID family, long userId) {
        tx.dml("UPDATE refresh_tokens SET revoked_at = now() WHERE family = ?::uuid AND user_id = ?"
                       + " AND revoked_at IS NULL", family.toString(), userId);
    }

    /** Every refresh token of the user stops working. */
    void revokeRefreshTokens(DbExecute tx, long userId) {
        tx.dml("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", userId);
    }

    /** @return the chain of the user's refresh token with this hash */
    Optional<UUID> familyOf(DbExecute tx, String tokenHash, long userId) {
        return tx.get("SELECT family::text AS family FROM refresh_tokens WHERE token_hash = ? AND user_id = ?",
                      tokenHash, userId)
                .map(r -> UUID.fromString(r.column("family").get(String.class)));
    }

    /** Denies an access token until it expires; tokens expired a minute ago leave the list. */
    void revokeAccessToken(DbExecute tx, String tokenId, Instant expiresAt) {
        tx.dml("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (?, ?::timestamptz) ON CONFLICT DO NOTHING",
               tokenId, expiresAt.toString());
        tx.dml("DELETE FROM revoked_access_tokens WHERE expires_at < now() - interval '1 minute'");
    }

    /**
     * @return the role of the user, when the account is active, the token was issued after the account's sessions
     *         last ended, and the token is not revoked
     */
    Optional<String> currentRole(long userId, Instant issuedAt, String tokenId) {
        return db.execute().get("SELECT role FROM users WHERE id = ? AND is_active AND sessions_valid_after <= ?::timestamptz"
                                        + " AND NOT EXISTS (SELECT 1 FROM revoked_access_tokens WHERE jti = ?)",
                                userId, issuedAt.toString(), tokenId)
                .map(r -> r.column("role").get(String.class));
    }

    /** @return the user's own profile as JSON (the avatar as stored) */
    Optional<String> profile(long userId) {
        return db.execute().get("SELECT " + PROFILE + " AS p FROM users WHERE id = ?", userId)
                .map(r -> r.column("p").get(String.class));
    }

    void updateProfile(long userId, ProfileChange change) {
        db.execute().dml("UPDATE users SET full_name = COALESCE(?, full_name),"
                                 + " university = CASE WHEN ? THEN ? ELSE university END,"
                                 + " avatar_url = CASE WHEN ? THEN ? ELSE avatar_url END,"
                                 + " bio = CASE WHEN ? THEN ? ELSE bio END,"
                                 + " location = CASE WHEN ? THEN ? ELSE location END,"
                                 + " skills = COALESCE(?::jsonb, skills), profile_public = COALESCE(?::boolean, profile_public),"
                                 + " updated_at = now() WHERE id = ?",
                         change.fullName(), change.setUniversity(), change.university(), change.setAvatar(),
                         change.avatar(), change.setBio(), change.bio(), change.setLocation(), change.location(),
                         change.skills(), change.publicProfile(), userId);
    }

    Optional<Long> activeUserId(String email) {
        return db.execute().get("SELECT id FROM users WHERE lower(email) = lower(?) AND is_active", email)
                .map(r -> r.column("id").get(Long.class));
    }

    Optional<Recipient> activeUser(long id) {
        return db.execute().get("SELECT id, full_name, email FROM users WHERE id = ? AND is_active", id)
                .map(r -> new Recipient(r.column("id").get(Long.class), r.column("full_name").get(String.class),
                                        r.column("email").get(String.class)));
    }

    /** Only the newest reset link works: the user's older ones are removed. */
    void replacePasswordReset(DbExecute tx, long userId, String tokenHash, int lifetimeMinutes) {
        tx.dml("DELETE FROM password_resets WHERE user_id = ?", userId);
        tx.dml("INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, now() + make_interval(mins => ?))",
               tokenHash, userId, lifetimeMinutes);
    }

    /**
     * Locks an unused, unexpired reset of an active account.
     *
     * @return the account's id and address
     */
    Optional<Recipient> lockPasswordReset(DbExecute tx, String tokenHash) {
        return tx.get("SELECT r.user_id, u.full_name, u.email FROM password_resets r JOIN users u ON u.id = r.user_id"
                              + " WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > now() AND u.is_active"
                              + " FOR UPDATE OF r", tokenHash)
                .map(r -> new Recipient(r.column("user_id").get(Long.class), r.column("full_name").get(String.class),
                                        r.column("email").get(String.class)));
    }

    void usePasswordResets(DbExecute tx, long userId) {
        tx.dml("UPDATE password_resets SET used_at = now() WHERE user_id = ? AND used_at IS NULL", userId);
    }

    /** Sets the password of a proven mailbox (confirmed now, if it was not) and ends the user's earlier sessions. */
    void resetPassword(DbExecute tx, long userId, String passwordHash) {
        tx.dml("UPDATE users SET password_hash = ?, email_verified = true, sessions_valid_after = now(),"
                       + " updated_at = now() WHERE id = ?", passwordHash, userId);
    }

    /**
     * Creates an unconfirmed account, or finds the one with this address, in one statement (its snapshot does not see
     * its own insert, so exactly one of the two parts answers).
     *
     * @return the account's id; empty while an account with this address is being created in another transaction
     */
    Optional<Long> createOrFindUser(DbExecute tx, String email, String fullName, String university, String location,
                                    String passwordHash) {
        return tx.get("WITH created AS (INSERT INTO users (email, full_name, university, location,"
                              + " password_hash, email_verified) VALUES (?, ?, ?, ?, ?, false)"
                              + " ON CONFLICT DO NOTHING RETURNING id)"
                              + " SELECT id FROM created UNION ALL"
                              + " SELECT id FROM users WHERE lower(email) = lower(?)",
                      email, fullName, university, location, passwordHash, email)
                .map(r -> r.column("id").get(Long.class));
    }

    /** @return the id of the new registration attempt, which keeps the password it was made with */
    long insertAttempt(DbExecute tx, long userId, String passwordHash, int lifetimeHours) {
        return tx.get("INSERT INTO email_verifications (user_id, password_hash, expires_at)"
                              + " VALUES (?, ?, now() + make_interval(hours => ?)) RETURNING id",
                      userId, passwordHash, lifetimeHours)
                .orElseThrow().column("id").get(Long.class);
    }

    /** @return the newest registration attempt of an active, unconfirmed account with this address */
    Optional<Long> newestUnconfirmedAttempt(String email) {
        return db.execute().get("SELECT max(v.id) AS attempt FROM users u JOIN email_verifications v"
                                        + " ON v.user_id = u.id WHERE lower(u.email) = lower(?) AND u.is_active"
                                        + " AND NOT u.email_verified", email)
                .map(r -> r.column("attempt").get(Long.class));
    }

    Optional<Attempt> attempt(long id) {
        return db.execute().get("SELECT u.id, u.email, u.full_name, u.email_verified, u.is_active"
                                        + " FROM email_verifications v JOIN users u ON u.id = v.user_id"
                                        + " WHERE v.id = ?", id)
                .map(r -> new Attempt(r.column("email").get(String.class), r.column("full_name").get(String.class),
                                      r.column("email_verified").get(Boolean.class),
                                      r.column("is_active").get(Boolean.class)));
    }

    void deleteAttempt(DbExecute tx, long id) {
        tx.dml("DELETE FROM email_verifications WHERE id = ?", id);
    }

    /** Gives the attempt its mailed link (a new one replaces the old) and a fresh lifetime. */
    void setAttemptLink(DbExecute tx, long id, String tokenHash, int lifetimeHours) {
        tx.dml("UPDATE email_verifications SET token_hash = ?, expires_at = now() + make_interval(hours => ?)"
                       + " WHERE id = ?", tokenHash, lifetimeHours, id);
    }

    /** Locks the unconfirmed, active account whose unexpired link has this hash. */
    Optional<Confirmation> lockConfirmation(DbExecute tx, String tokenHash) {
        return tx.get("SELECT u.id, u.role, u.email, u.full_name, v.password_hash FROM email_verifications v"
                              + " JOIN users u ON u.id = v.user_id WHERE v.token_hash = ? AND v.expires_at > now()"
                              + " AND u.is_active AND NOT u.email_verified FOR UPDATE OF u", tokenHash)
                .map(r -> new Confirmation(r.column("id").get(Long.class), r.column("role").get(String.class),
                                           r.column("email").get(String.class), r.column("full_name").get(String.class),
                                           r.column("password_hash").get(String.class)));
    }

    void confirm(DbExecute tx, long userId, String passwordHash) {
        tx.dml("UPDATE users SET email_verified = true, password_hash = ?, updated_at = now() WHERE id = ?",
               passwordHash, userId);
    }

    /** The user's registration attempts are over (confirmed, or the password was reset). */
    void deleteAttempts(DbExecute tx, long userId) {
        tx.dml("DELETE FROM email_verifications WHERE user_id = ?", userId);
    }
}
