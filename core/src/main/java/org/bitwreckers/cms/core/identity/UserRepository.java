package org.bitwreckers.cms.core.identity;

import java.util.Optional;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;

/**
 * SQL of user management by staff: the staff view of users, role and state changes, erasure and the first admin.
 * Methods that take a transaction run in it; values are always bound.
 */
final class UserRepository {
    private static final String JSON = "jsonb_build_object('id', id, 'email', email, 'full_name', full_name, 'role', role,"
            + " 'university', university, 'location', location, 'is_active', is_active, 'email_verified', email_verified,"
            + " 'last_login_at', "
            + SqlTime.iso("last_login_at") + ", 'created_at', " + SqlTime.iso("created_at") + ")::text";

    private final DbClient db;

    UserRepository(DbClient db) {
        this.db = db;
    }

    /**
     * @param like a LIKE pattern for the name or address, or null for all
     */
    Page list(Optional<String> role, Optional<String> university, Optional<Boolean> active, String like, int page,
              int pageSize) {
        return Pages.read(db.execute().query(
                "SELECT " + JSON + " AS doc, count(*) OVER () AS total FROM users WHERE (?::text IS NULL OR role = ?)"
                        + " AND (?::text IS NULL OR university = ?) AND (?::boolean IS NULL OR is_active = ?)"
                        + " AND (?::text IS NULL OR full_name ILIKE ? OR email ILIKE ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                role.orElse(null), role.orElse(null), university.orElse(null), university.orElse(null), active.orElse(null),
                active.orElse(null), like, like, like, pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }

    /** @return the user as staff see them, as JSON */
    Optional<String> get(long id) {
        return db.execute().get("SELECT " + JSON + " AS doc FROM users WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class));
    }

    /** @return id, role and state only, as JSON */
    Optional<String> auditRecord(long id) {
        return db.execute().get("SELECT jsonb_build_object('id', id, 'role', role, 'is_active', is_active)::text AS doc"
                                        + " FROM users WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class));
    }

    /**
     * Changes the role and/or state that are given; a deactivation or a new role ends the user's sessions.
     *
     * @return whether the user's sessions ended
     */
    boolean changeRoleOrState(DbExecute tx, long id, Optional<String> role, Optional<Boolean> active) {
        return tx.get("UPDATE users SET role = COALESCE(?::text, role), is_active = COALESCE(?::boolean,"
                              + " is_active), updated_at = now(), sessions_valid_after = CASE WHEN ?::boolean"
                              + " OR (?::text IS NOT NULL AND ?::text <> role) THEN now()"
                              + " ELSE sessions_valid_after END WHERE id = ?"
                              + " RETURNING sessions_valid_after = now() AS ended",
                      role.orElse(null), active.orElse(null), active.equals(Optional.of(false)),
                      role.orElse(null), role.orElse(null), id)
                .map(r -> r.column("ended").get(Boolean.class)).orElse(false);
    }

    Optional<String> email(long id) {
        return db.execute().get("SELECT email FROM users WHERE id = ?", id).map(r -> r.column("email").get(String.class));
    }

    /** The row stays, anonymous and inactive, under the erased address; whatever lets it sign in or reach it goes. */
    void eraseAccount(DbExecute tx, long id, String erasedEmail) {
        tx.dml("UPDATE users SET email = ?, full_name = 'Deleted user',"
                       + " university = NULL, avatar_url = NULL, bio = NULL, location = NULL, skills = '[]',"
                       + " password_hash = NULL, is_active = false, sessions_valid_after = now(), updated_at = now()"
                       + " WHERE id = ?", erasedEmail, id);
        tx.dml("DELETE FROM refresh_tokens WHERE user_id = ?", id);
        tx.dml("DELETE FROM password_resets WHERE user_id = ?", id);
        tx.dml("DELETE FROM email_verifications WHERE user_id = ?", id);
        tx.dml("DELETE FROM notifications WHERE user_id = ?", id);
    }

    /** Empties what the user submitted while signed in and was never published, with its history. */
    void eraseOwnSubmissions(DbExecute tx, long id) {
        tx.dml("DELETE FROM document_versions WHERE document_id IN (SELECT id FROM documents WHERE owner_id = ?"
                       + " AND published_data IS NULL)", id);
        tx.dml("UPDATE documents SET data = '{}'::jsonb, updated_at = now() WHERE owner_id = ? AND published_data IS NULL",
               id);
    }

    /**
     * Mail to the address loses its content (and is not sent if it was still waiting), and the address is replaced
     * wherever else it appears in the mail and audit logs.
     */
    void eraseFromLogs(DbExecute tx, String email, String erased) {
        String literal = "***=" + email; // a PostgreSQL regular expression matching the address literally
        tx.dml("UPDATE mail_messages SET recipient = ?, subject = '(erased)', text_body = '', html_body = '', headers = '{}',"
                       + " sealed = NULL, status = CASE WHEN status IN ('queued', 'failed') THEN 'erased' ELSE status END"
                       + " WHERE lower(recipient) = lower(?)", erased, email);
        tx.dml("UPDATE mail_messages SET subject = regexp_replace(subject, ?, ?, 'gi'),"
                       + " text_body = regexp_replace(text_body, ?, ?, 'gi'), html_body = regexp_replace(html_body, ?, ?, 'gi'),"
                       + " headers = regexp_replace(headers::text, ?, ?, 'gi')::jsonb"
                       + " WHERE strpos(lower(subject || text_body || html_body || headers::text), lower(?)) > 0",
               literal, erased, literal, erased, literal, erased, literal, erased, email);
        tx.dml("UPDATE audit_log SET before = regexp_replace(before::text, ?, ?, 'gi')::jsonb,"
                       + " after = regexp_replace(after::text, ?, ?, 'gi')::jsonb"
                       + " WHERE strpos(lower(COALESCE(before::text, '') || COALESCE(after::text, '')), lower(?)) > 0",
               literal, erased, literal, erased, email);
    }

    boolean activeAdminExists() {
        return db.execute().get("SELECT 1 AS found FROM users WHERE role = 'admin' AND is_active").isPresent();
    }

    /** Creates an admin account, or makes the account with this address an active admin with this password. */
    void upsertAdmin(String email, String passwordHash) {
        db.execute().dml("INSERT INTO users (email, full_name, role, password_hash) VALUES (?, 'Administrator', 'admin', ?)"
                                 + " ON CONFLICT (lower(email)) DO UPDATE SET role = 'admin', is_active = true,"
                                 + " password_hash = excluded.password_hash", email, passwordHash);
    }

    /** @return the new admin's id; empty when an account has this address */
    Optional<Long> insertAdmin(String email, String passwordHash) {
        return db.execute().get("INSERT INTO users (email, full_name, role, password_hash, email_verified) VALUES (?,"
                                        + " 'Administrator', 'admin', ?, true) ON CONFLICT (lower(email)) DO NOTHING"
                                        + " RETURNING id", email, passwordHash)
                .map(r -> r.column("id").get(Long.class));
    }

    /** @return the id of the account with this address (any case) */
    Optional<Long> idByEmail(String email) {
        return db.execute().get("SELECT id FROM users WHERE lower(email) = lower(?)", email)
                .map(r -> r.column("id").get(Long.class));
    }
}
