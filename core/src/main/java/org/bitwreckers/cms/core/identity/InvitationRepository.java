package org.bitwreckers.cms.core.identity;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.db.SqlTime;

/** SQL of staff invitations ({@code staff_invitations}); values are always bound. */
final class InvitationRepository {
    /** An invitation as staff see it: never the token, a status computed from the timestamps. */
    private static final String JSON = "jsonb_build_object('id', i.id, 'email', i.email, 'role', i.role,"
            + " 'invited_by', i.invited_by, 'status', CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'"
            + " WHEN i.revoked_at IS NOT NULL THEN 'revoked' WHEN i.expires_at <= now() THEN 'expired'"
            + " ELSE 'pending' END, 'user_id', i.user_id, 'created_at', " + SqlTime.iso("i.created_at")
            + ", 'sent_at', " + SqlTime.iso("i.sent_at") + ", 'expires_at', " + SqlTime.iso("i.expires_at")
            + ", 'accepted_at', " + SqlTime.iso("i.accepted_at") + ", 'revoked_at', " + SqlTime.iso("i.revoked_at")
            + ")::text AS doc";
    private static final String OPEN = "i.accepted_at IS NULL AND i.revoked_at IS NULL";

    /** An open invitation to be mailed. */
    record Mailing(String email, String role, String inviter) {
    }

    /** An invitation whose link was presented, locked until the transaction ends. */
    record Presented(long id, String email, String role) {
    }

    private final DbClient db;

    InvitationRepository(DbClient db) {
        this.db = db;
    }

    /** @return whether a confirmed account has this address (a self-registered, unconfirmed one does not count) */
    boolean confirmedAccount(DbExecute tx, String email) {
        return tx.get("SELECT 1 FROM users WHERE lower(email) = lower(?) AND email_verified", email).isPresent();
    }

    /** @return the new invitation's id; empty when the address has an open invitation already */
    Optional<Long> insert(DbExecute tx, String email, String role, Optional<Long> invitedBy, int lifetimeDays) {
        return tx.get("INSERT INTO staff_invitations (email, role, invited_by, expires_at)"
                              + " VALUES (?, ?, ?, now() + make_interval(days => ?)) ON CONFLICT DO NOTHING RETURNING id",
                      email, role, invitedBy.orElse(null), lifetimeDays)
                .map(r -> r.column("id").get(Long.class));
    }

    Optional<String> get(long id) {
        return db.execute().get("SELECT " + JSON + " FROM staff_invitations i WHERE i.id = ?", id)
                .map(r -> r.column("doc").get(String.class));
    }

    /** @return the newest invitations first, each as JSON */
    List<String> list(Optional<String> status, int limit) {
        String where = status.map(s -> " WHERE " + switch (s) {
            case "accepted" -> "i.accepted_at IS NOT NULL";
            case "revoked" -> "i.revoked_at IS NOT NULL";
            case "expired" -> OPEN + " AND i.expires_at <= now()";
            default -> OPEN + " AND i.expires_at > now()";
        }).orElse("");
        try (Stream<DbRow> rows = db.execute().query("SELECT " + JSON + " FROM staff_invitations i" + where
                                                             + " ORDER BY i.id DESC LIMIT ?", limit)) {
            return rows.map(r -> r.column("doc").get(String.class)).toList();
        }
    }

    /** @return the open invitation, locked; empty when it is accepted, revoked or missing */
    Optional<Long> lockOpen(DbExecute tx, long id) {
        return tx.get("SELECT i.id FROM staff_invitations i WHERE i.id = ? AND " + OPEN + " FOR UPDATE", id)
                .map(r -> r.column("id").get(Long.class));
    }

    /** @return the open invitation with who sent it, for its mail */
    Optional<Mailing> mailing(DbExecute tx, long id) {
        return tx.get("SELECT i.email, i.role, coalesce(u.full_name, 'The Bitwreckers team') AS inviter FROM staff_invitations i LEFT JOIN users u"
                              + " ON u.id = i.invited_by WHERE i.id = ? AND " + OPEN + " FOR UPDATE OF i", id)
                .map(r -> new Mailing(r.column("email").get(String.class), r.column("role").get(String.class),
                                      r.column("inviter").get(String.class)));
    }

    /** Gives the invitation a new link (the old one stops working) and a fresh lifetime. */
    void setLink(DbExecute tx, long id, String tokenHash, int lifetimeDays) {
        tx.dml("UPDATE staff_invitations SET token_hash = ?, sent_at = now(),"
                       + " expires_at = now() + make_interval(days => ?) WHERE id = ?", tokenHash, lifetimeDays, id);
    }

    void revoke(DbExecute tx, long id) {
        tx.dml("UPDATE staff_invitations SET revoked_at = now(), token_hash = NULL WHERE id = ?", id);
    }

    /** @return the open, unexpired invitation whose link has this hash, locked */
    Optional<Presented> lockPresented(DbExecute tx, String tokenHash) {
        return tx.get("SELECT i.id, i.email, i.role FROM staff_invitations i WHERE i.token_hash = ? AND " + OPEN
                              + " AND i.expires_at > now() FOR UPDATE", tokenHash)
                .map(r -> new Presented(r.column("id").get(Long.class), r.column("email").get(String.class),
                                        r.column("role").get(String.class)));
    }

    /**
     * Creates the invited account, or turns an unconfirmed, self-registered one with the address into it (the link
     * proved the mailbox, as a confirmation link would).
     *
     * @return the account's id; empty when a confirmed account took the address meanwhile
     */
    Optional<Long> createAccount(DbExecute tx, String email, String fullName, String role, String passwordHash) {
        Optional<Long> unconfirmed = tx.get("UPDATE users SET full_name = ?, role = ?, password_hash = ?,"
                                                    + " email_verified = true, updated_at = now()"
                                                    + " WHERE lower(email) = lower(?)"
                                                    + " AND NOT email_verified RETURNING id",
                                            fullName, role, passwordHash, email)
                .map(r -> r.column("id").get(Long.class));
        if (unconfirmed.isPresent()) {
            // it never signed in (unconfirmed): only its pending registrations go
            tx.dml("DELETE FROM email_verifications WHERE user_id = ?", unconfirmed.get());
            return unconfirmed;
        }
        return tx.get("INSERT INTO users (email, full_name, role, password_hash, email_verified)"
                              + " VALUES (?, ?, ?, ?, true) ON CONFLICT DO NOTHING RETURNING id",
                      email, fullName, role, passwordHash)
                .map(r -> r.column("id").get(Long.class));
    }

    void accepted(DbExecute tx, long id, long userId) {
        tx.dml("UPDATE staff_invitations SET accepted_at = now(), user_id = ?, token_hash = NULL WHERE id = ?", userId, id);
    }
}
