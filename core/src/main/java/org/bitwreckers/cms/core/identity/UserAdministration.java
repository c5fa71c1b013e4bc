package org.bitwreckers.cms.core.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.DocumentValidator;
import org.bitwreckers.cms.core.document.Page;
import org.bitwreckers.cms.core.document.Pages;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * User management for staff: find users, change roles, deactivate and reactivate, delete (personal data erased,
 * the row kept anonymous so references stay intact), and the first admin from ADMIN_EMAIL and ADMIN_PASSWORD.
 */
public final class UserAdministration {
    private static final Logger LOG = Logger.getLogger(UserAdministration.class.getName());
    private static final String TS = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    private static final String JSON = "jsonb_build_object('id', id, 'email', email, 'full_name', full_name, 'role', role,"
            + " 'university', university, 'location', location, 'is_active', is_active, 'email_verified', email_verified,"
            + " 'last_login_at', "
            + TS.formatted("last_login_at") + ", 'created_at', " + TS.formatted("created_at") + ")::text";

    private final DbClient db;
    private final PasswordHasher passwords;
    private final RoleTable roles;

    /**
     * @param db        database client
     * @param passwords password hashing (first admin)
     * @param roles     the site\'s roles
     */
    public UserAdministration(DbClient db, PasswordHasher passwords, RoleTable roles) {
        this.db = db;
        this.passwords = passwords;
        this.roles = roles;
    }

    /**
     * @param role       only this role
     * @param university only this university
     * @param active     only active or only inactive users
     * @param search     part of the name or e-mail address
     * @param page       1-based page
     * @param pageSize   per page
     * @return users, newest first
     */
    public Page list(Optional<String> role, Optional<String> university, Optional<Boolean> active, Optional<String> search,
                     int page, int pageSize) {
        role.filter(r -> !roles.names().contains(r)).ifPresent(r -> {
            throw CmsException.badRequest("Invalid query parameters", Map.of("role", "must be one of "
                    + String.join(", ", roles.names().stream().sorted().toList())));
        });
        String like = search.map(t -> "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .orElse(null);
        return Pages.read(db.execute().query(
                "SELECT " + JSON + " AS doc, count(*) OVER () AS total FROM users WHERE (?::text IS NULL OR role = ?)"
                        + " AND (?::text IS NULL OR university = ?) AND (?::boolean IS NULL OR is_active = ?)"
                        + " AND (?::text IS NULL OR full_name ILIKE ? OR email ILIKE ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                role.orElse(null), role.orElse(null), university.orElse(null), university.orElse(null), active.orElse(null),
                active.orElse(null), like, like, like, pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }

    /**
     * @param id user id
     * @return the user as staff see them
     */
    public String get(long id) {
        return db.execute().get("SELECT " + JSON + " AS doc FROM users WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class))
                .orElseThrow(() -> CmsException.notFound("No user with id " + id));
    }

    /**
     * @param id user id
     * @return what the audit log keeps of a user: no personal data, so the log is no side door to user records
     */
    public String auditRecord(long id) {
        return db.execute().get("SELECT jsonb_build_object('id', id, 'role', role, 'is_active', is_active)::text AS doc"
                                        + " FROM users WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class))
                .orElseThrow(() -> CmsException.notFound("No user with id " + id));
    }

    /**
     * Changes a role and/or deactivates or reactivates; deactivation ends every session at once, and both end the
     * user's open notification streams on every node.
     *
     * @param id     user id
     * @param role   new role, if changing
     * @param active new state, if changing
     * @param actor  the staff member's user id, if a user (staff cannot demote or deactivate themselves)
     * @return the user
     */
    public String update(long id, Optional<String> role, Optional<Boolean> active, Optional<Long> actor) {
        Map<String, String> problems = new LinkedHashMap<>();
        role.filter(r -> !roles.names().contains(r)).ifPresent(r -> problems.put("role", "must be one of "
                + String.join(", ", roles.names().stream().sorted().toList())));
        if (actor.isPresent() && actor.get() == id && (role.isPresent() && !role.get().equals("admin")
                || active.equals(Optional.of(false)))) {
            problems.put("role", "you cannot demote or deactivate yourself");
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        get(id);
        DbTransaction tx = db.transaction();
        try {
            boolean ended = tx.get("UPDATE users SET role = COALESCE(?::text, role), is_active = COALESCE(?::boolean,"
                                           + " is_active), updated_at = now(), sessions_valid_after = CASE WHEN ?::boolean"
                                           + " OR (?::text IS NOT NULL AND ?::text <> role) THEN now()"
                                           + " ELSE sessions_valid_after END WHERE id = ?"
                                           + " RETURNING sessions_valid_after = now() AS ended",
                                   role.orElse(null), active.orElse(null), active.equals(Optional.of(false)),
                                   role.orElse(null), role.orElse(null), id)
                    .map(r -> r.column("ended").get(Boolean.class)).orElse(false);
            if (ended) {
                SessionSignals.userSessionsEnded(tx, id);
            }
            if (active.equals(Optional.of(false))) {
                tx.dml("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", id);
            }
            tx.commit();
        } catch (RuntimeException | Error e) {
            Transactions.rollback(tx, e);
            throw e;
        }
        return get(id);
    }

    /**
     * Erases a user's personal data, including what their own submissions hold; the row stays, anonymous, so what
     * they created keeps a valid reference.
     *
     * @param id user id
     */
    public void delete(long id) {
        String email = db.execute().get("SELECT email FROM users WHERE id = ?", id)
                .map(r -> r.column("email").get(String.class))
                .orElseThrow(() -> CmsException.notFound("No user with id " + id));
        String erased = "deleted-" + id + "@deleted.invalid";
        DbTransaction tx = db.transaction();
        try {
            tx.dml("UPDATE users SET email = 'deleted-' || id || '@deleted.invalid', full_name = 'Deleted user',"
                           + " university = NULL, avatar_url = NULL, bio = NULL, location = NULL, skills = '[]',"
                           + " password_hash = NULL, is_active = false, sessions_valid_after = now(), updated_at = now()"
                           + " WHERE id = ?", id);
            tx.dml("DELETE FROM refresh_tokens WHERE user_id = ?", id);
            SessionSignals.userSessionsEnded(tx, id);
            tx.dml("DELETE FROM password_resets WHERE user_id = ?", id);
            tx.dml("DELETE FROM email_verifications WHERE user_id = ?", id);
            tx.dml("DELETE FROM notifications WHERE user_id = ?", id);
            // what they submitted while signed in (applications, messages) carries their name and address too
            tx.dml("DELETE FROM document_versions WHERE document_id IN (SELECT id FROM documents WHERE owner_id = ?"
                           + " AND published_data IS NULL)", id);
            tx.dml("UPDATE documents SET data = '{}'::jsonb, updated_at = now() WHERE owner_id = ? AND published_data IS NULL",
                   id);
            eraseFromLogs(tx, email, erased);
            tx.commit();
        } catch (RuntimeException | Error e) {
            Transactions.rollback(tx, e);
            throw e;
        }
    }

    /**
     * The mail and audit logs keep what happened, not to whom: mail to the address loses its content (and is not sent
     * if it was still waiting), and the address is replaced wherever else it appears.
     */
    private static void eraseFromLogs(DbTransaction tx, String email, String erased) {
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

    /**
     * Creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD when no admin exists yet (an existing account with
     * that address becomes the admin, with that password).
     *
     * @param email    ADMIN_EMAIL
     * @param password ADMIN_PASSWORD
     */
    public void ensureFirstAdmin(String email, String password) {
        if (db.execute().get("SELECT 1 AS found FROM users WHERE role = 'admin' AND is_active").isPresent()) {
            return;
        }
        if (!DocumentValidator.isEmail(email)) {
            throw new IllegalArgumentException("ADMIN_EMAIL is not an e-mail address");
        }
        PasswordHasher.checkPolicy(password, email);
        db.execute().dml("INSERT INTO users (email, full_name, role, password_hash) VALUES (?, 'Administrator', 'admin', ?)"
                                 + " ON CONFLICT (lower(email)) DO UPDATE SET role = 'admin', is_active = true,"
                                 + " password_hash = excluded.password_hash", email, passwords.hash(password));
        LOG.info("Created the first admin account " + email);
    }
}
