package org.bitwreckers.cms.core.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * Single-use tickets that open one notification stream. A browser's {@code EventSource} cannot send an
 * Authorization header, and a long-lived token in a URL ends up in logs and browser history; a ticket is asked for
 * with the bearer token, works once, for 30 seconds, for one user's stream, and stands for the access token it was
 * asked with: the stream it opens ends with that token's session. Stored hashed in PostgreSQL, so any node can
 * redeem it.
 */
public final class StreamTickets {
    /** How long a ticket can be redeemed. */
    public static final Duration LIFETIME = Duration.ofSeconds(30);

    private final DbClient db;
    private final AccountService accounts;
    private final SecureRandom random = new SecureRandom();

    /**
     * A redeemed ticket.
     *
     * @param user          who asked for it, still signed in
     * @param watchedUserId whose notifications it opens
     */
    public record Redeemed(AuthenticatedUser user, long watchedUserId) {
    }

    /**
     * @param db       database client
     * @param accounts checks that the ticket's session is still current
     */
    public StreamTickets(DbClient db, AccountService accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    /**
     * @param user          the signed-in user asking
     * @param watchedUserId whose stream it opens (their own, or for staff any user's)
     * @return the ticket
     * @throws CmsException NOT_FOUND when there is no such user
     */
    public String issue(AuthenticatedUser user, long watchedUserId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = "bwt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        db.execute().dml("DELETE FROM stream_tickets WHERE expires_at < now()");
        long stored = db.execute().dml("INSERT INTO stream_tickets (ticket_hash, user_id, watched_user_id, access_token_id,"
                                               + " session, token_issued_at, token_expires_at, expires_at)"
                                               + " SELECT ?, ?, id, ?, ?::uuid, ?::timestamptz, ?::timestamptz,"
                                               + " now() + make_interval(secs => ?) FROM users WHERE id = ?",
                                       Hashes.sha256(ticket), user.id(), user.tokenId(),
                                       user.session().map(UUID::toString).orElse(null), user.issuedAt().toString(),
                                       user.expiresAt().toString(), LIFETIME.toSeconds(), watchedUserId);
        if (stored == 0) {
            throw CmsException.notFound("No user with id " + watchedUserId);
        }
        return ticket;
    }

    /**
     * Uses a ticket up.
     *
     * @param ticket the presented ticket
     * @return who may open whose stream, if the ticket is unused, unexpired and its session still current
     */
    public Optional<Redeemed> redeem(String ticket) {
        if (ticket == null || ticket.length() > 200) {
            return Optional.empty();
        }
        Optional<DbRow> row = db.execute().get("DELETE FROM stream_tickets WHERE ticket_hash = ? AND expires_at > now()"
                                                       + " RETURNING user_id, watched_user_id, access_token_id,"
                                                       + " session::text AS session,"
                                                       + " (extract(epoch FROM token_issued_at) * 1000)::bigint AS issued,"
                                                       + " (extract(epoch FROM token_expires_at) * 1000)::bigint AS expires",
                                               Hashes.sha256(ticket));
        return row.flatMap(r -> accounts.current(new AccessTokens.Claims(
                        r.column("user_id").get(Long.class), "", r.column("access_token_id").get(String.class),
                        Instant.ofEpochMilli(r.column("issued").get(Long.class)),
                        Instant.ofEpochMilli(r.column("expires").get(Long.class)),
                        Optional.ofNullable(r.column("session").get(String.class)).map(UUID::fromString)))
                .map(user -> new Redeemed(user, r.column("watched_user_id").get(Long.class))));
    }
}
