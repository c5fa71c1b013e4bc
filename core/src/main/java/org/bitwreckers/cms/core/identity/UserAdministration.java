package org.bitwreckers.cms.core.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonArrayBuilder;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.value.ValueFormats;

/**
 * User management for staff: find users, change roles, deactivate and reactivate, delete (personal data erased,
 * the row kept anonymous so references stay intact), and the first admin from ADMIN_EMAIL and ADMIN_PASSWORD.
 */
public final class UserAdministration {
    private static final Logger LOG = Logger.getLogger(UserAdministration.class.getName());
    private final DbClient db;
    private final UserRepository users;
    private final AccountRepository accounts;
    private final PasswordHasher passwords;
    private final RoleTable roles;

    /**
     * @param db        database client
     * @param passwords password hashing (first admin)
     * @param roles     the site\'s roles
     */
    public UserAdministration(DbClient db, PasswordHasher passwords, RoleTable roles) {
        this.db = db;
        this.users = new UserRepository(db);
        this.accounts = new AccountRepository(db);
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
        return users.list(role, university, active, like, page, pageSize);
    }

    /** @return the site's roles by name, each with whether it is a staff role (may use the admin app; invitable) */
    public String roles() {
        JsonArrayBuilder list = Jsons.createArrayBuilder();
        roles.names().stream().sorted().forEach(name -> list.add(Jsons.createObjectBuilder().add("name", name)
                                                                      .add("staff", roles.isStaff(name))));
        return list.build().toString();
    }

    /**
     * @param id user id
     * @return the user as staff see them
     */
    public String get(long id) {
        return users.get(id)
                .orElseThrow(() -> CmsException.notFound("No user with id " + id));
    }

    /**
     * @param id user id
     * @return what the audit log keeps of a user: no personal data, so the log is no side door to user records
     */
    public String auditRecord(long id) {
        return users.auditRecord(id)
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
        Transactions.run(db, tx -> {
            boolean ended = users.changeRoleOrState(tx, id, role, active);
            if (ended) {
                SessionSignals.userSessionsEnded(tx, id);
            }
            if (active.equals(Optional.of(false))) {
                accounts.revokeRefreshTokens(tx, id);
            }
        });
        return get(id);
    }

    /**
     * Erases a user's personal data, including what their own submissions hold; the row stays, anonymous, so what
     * they created keeps a valid reference.
     *
     * @param id user id
     */
    public void delete(long id) {
        String email = users.email(id)
                .orElseThrow(() -> CmsException.notFound("No user with id " + id));
        String erased = "deleted-" + id + "@deleted.invalid";
        Transactions.run(db, tx -> {
            users.eraseAccount(tx, id, erased);
            SessionSignals.userSessionsEnded(tx, id);
            // what they submitted while signed in (applications, messages) carries their name and address too
            users.eraseOwnSubmissions(tx, id);
            // the mail and audit logs keep what happened, not to whom
            users.eraseFromLogs(tx, email, erased);
        });
    }

    /**
     * Creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD when no admin exists yet (an existing account with
     * that address becomes the admin, with that password).
     *
     * @param email    ADMIN_EMAIL
     * @param password ADMIN_PASSWORD
     */
    public void ensureFirstAdmin(String email, String password) {
        if (users.activeAdminExists()) {
            return;
        }
        if (!ValueFormats.isEmail(email)) {
            throw new IllegalArgumentException("ADMIN_EMAIL is not an e-mail address");
        }
        PasswordHasher.checkPolicy(password, email);
        users.upsertAdmin(email, passwords.hash(password));
        LOG.info("Created the first admin account " + email);
    }

    /**
     * Creates an admin account (the command line's {@code create-admin}); an address already in use is refused, so
     * an existing account is never taken over by accident ({@link #setPassword} changes a password).
     *
     * @param email    the account's address
     * @param password its password, checked against the password policy
     * @return the new account's id
     */
    public long createAdmin(String email, String password) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (email == null || !ValueFormats.isEmail(email)) {
            problems.put("email", "is not an e-mail address");
        }
        PasswordHasher.policyProblem(password, email).ifPresent(p -> problems.put("password", p));
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        long id = users.insertAdmin(email, passwords.hash(password)).orElseThrow(() -> CmsException.conflict(
                "An account with this address exists", Map.of("email", "is taken: use reset-password for that account")));
        LOG.info("Created the admin account " + email);
        return id;
    }

    /**
     * Sets an account's password (the command line's {@code reset-password}): its sessions end and its refresh tokens
     * are revoked.
     *
     * @param email    the account's address
     * @param password the new password, checked against the password policy
     * @return the account's id
     */
    public long setPassword(String email, String password) {
        PasswordHasher.policyProblem(password, email).ifPresent(p -> {
            throw CmsException.validation(Map.of("password", p));
        });
        long id = users.idByEmail(email).orElseThrow(() -> CmsException.notFound("No account with this address"));
        String hash = passwords.hash(password);
        Transactions.run(db, tx -> {
            accounts.resetPassword(tx, id, hash);
            accounts.revokeRefreshTokens(tx, id);
            SessionSignals.userSessionsEnded(tx, id);
        });
        LOG.info("Set a new password for account " + id);
        return id;
    }
}
