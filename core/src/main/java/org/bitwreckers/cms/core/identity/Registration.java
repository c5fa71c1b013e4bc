package org.bitwreckers.cms.core.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.DocumentValidator;
import org.bitwreckers.cms.core.document.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;

/**
 * Public registration that does not tell who has an account. Every registration gets the same answer after the same
 * work (a password hash, one statement that creates the account or finds the existing one, one stored attempt, one
 * queued job); the job then mails the address: a one-time confirmation link for an unconfirmed account, or a
 * warning to the owner of a confirmed one. Confirming applies the password of the registration whose link was
 * opened, signs the member in and sends the welcome mail. Until then the account cannot sign in.
 */
final class Registration {
    /** Job kind: mail the address of a registration (or of a request for a new confirmation link). */
    static final String MAIL = "account.registration";

    private static final Duration LINK_LIFETIME = Duration.ofHours(24);
    private static final Set<String> FIELDS = Set.of("email", "password", "full_name", "university", "location");
    private static final String INVALID_LINK = "This confirmation link is not valid, was used, or expired";

    /** Issues the tokens of a signed-in user. */
    interface SignIn {
        /**
         * @param userId the user
         * @param role   their role
         * @return tokens and profile
         */
        String tokens(long userId, String role);
    }

    private final DbClient db;
    private final PasswordHasher passwords;
    private final MailService mail;
    private final JobQueue jobs;
    private final SignIn signIn;
    private final String frontendUrl;
    private final SecureRandom random = new SecureRandom();

    Registration(DbClient db, PasswordHasher passwords, MailService mail, JobQueue jobs, SignIn signIn, String frontendUrl) {
        this.db = db;
        this.passwords = passwords;
        this.mail = mail;
        this.jobs = jobs;
        this.signIn = signIn;
        this.frontendUrl = frontendUrl;
    }

    void register(JsonValue body) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonObject request = AccountService.object(body, FIELDS, problems);
        String email = AccountService.text(request, "email", 254, true, problems);
        String fullName = AccountService.text(request, "full_name", 200, true, problems);
        String university = AccountService.text(request, "university", 200, false, problems);
        String location = AccountService.text(request, "location", 200, false, problems);
        String password = request.get("password") instanceof JsonString s ? s.getString() : null;
        if (email != null && !DocumentValidator.isEmail(email)) {
            problems.put("email", "must be an e-mail address");
        }
        PasswordHasher.policyProblem(password, email).ifPresent(p -> problems.putIfAbsent("password", p));
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        String hash = passwords.hash(password);
        Transactions.run(db, tx -> {
            // one statement either way: the new account's id, or the existing one's (the statement's snapshot does
            // not see its own insert, so exactly one of the two parts answers)
            Optional<DbRow> user = tx.get("WITH created AS (INSERT INTO users (email, full_name, university, location,"
                                                  + " password_hash, email_verified) VALUES (?, ?, ?, ?, ?, false)"
                                                  + " ON CONFLICT DO NOTHING RETURNING id)"
                                                  + " SELECT id FROM created UNION ALL"
                                                  + " SELECT id FROM users WHERE lower(email) = lower(?)",
                                          email, fullName, university, location, hash, email);
            JsonValue attempt = JsonValue.NULL; // no row: an account with this address is being created right now
            if (user.isPresent()) {
                attempt = Jsons.createValue(tx.get("INSERT INTO email_verifications (user_id, password_hash, expires_at)"
                                                           + " VALUES (?, ?, now() + make_interval(hours => ?)) RETURNING id",
                                                   user.get().column("id").get(Long.class), hash,
                                                   (int) LINK_LIFETIME.toHours())
                                                   .orElseThrow().column("id").get(Long.class));
            }
            jobs.enqueue(tx, MAIL, Jsons.createObjectBuilder().add("attempt", attempt).build());
        });
    }

    /** A new link for the newest registration of an unconfirmed account; the same answer and work for any address. */
    void resend(String email) {
        if (email == null || !DocumentValidator.isEmail(email)) {
            throw CmsException.validation(Map.of("email", "must be an e-mail address"));
        }
        JsonValue attempt = db.execute().get("SELECT max(v.id) AS attempt FROM users u JOIN email_verifications v"
                                                     + " ON v.user_id = u.id WHERE lower(u.email) = lower(?) AND u.is_active"
                                                     + " AND NOT u.email_verified", email)
                .map(r -> r.column("attempt").get(Long.class))
                .<JsonValue>map(Jsons::createValue).orElse(JsonValue.NULL);
        jobs.enqueueNow(MAIL, Jsons.createObjectBuilder().add("attempt", attempt).build());
    }

    /** Mails the address of one registration (see the class comment). */
    void handle(Job job) {
        if (!(job.payload().get("attempt") instanceof JsonNumber attempt)) {
            return;
        }
        Optional<DbRow> row = db.execute().get("SELECT u.id, u.email, u.full_name, u.email_verified, u.is_active"
                                                       + " FROM email_verifications v JOIN users u ON u.id = v.user_id"
                                                       + " WHERE v.id = ?", attempt.longValue());
        if (row.isEmpty()) {
            return; // confirmed or erased meanwhile
        }
        DbRow user = row.get();
        String email = user.column("email").get(String.class);
        Map<String, String> names = Map.of("full_name", user.column("full_name").get(String.class), "site_url", frontendUrl);
        Transactions.run(db, tx -> {
            if (user.column("email_verified").get(Boolean.class) || !user.column("is_active").get(Boolean.class)) {
                tx.dml("DELETE FROM email_verifications WHERE id = ?", attempt.longValue()); // the owner keeps their password
                if (user.column("is_active").get(Boolean.class)) {
                    mail.queue(tx, "registration-attempt", email, names, Map.of());
                }
            } else {
                String token = "bwv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
                tx.dml("UPDATE email_verifications SET token_hash = ?, expires_at = now() + make_interval(hours => ?)"
                               + " WHERE id = ?", Hashes.sha256(token), (int) LINK_LIFETIME.toHours(), attempt.longValue());
                Map<String, String> variables = new LinkedHashMap<>(names);
                variables.put("verify_url", frontendUrl + "/verify-email?token=" + token);
                variables.put("valid_hours", Long.toString(LINK_LIFETIME.toHours()));
                mail.queue(tx, "verify-email", email, variables, Map.of(), Set.of(token));
            }
        });
    }

    /** Confirms the address with a mailed link (once), sets that registration's password and signs the member in. */
    String verify(String token) {
        if (token == null || token.length() > 200) {
            throw CmsException.badRequest(INVALID_LINK);
        }
        DbRow found = Transactions.call(db, tx -> {
            DbRow user = tx.get("SELECT u.id, u.role, u.email, u.full_name, v.password_hash FROM email_verifications v"
                                         + " JOIN users u ON u.id = v.user_id WHERE v.token_hash = ? AND v.expires_at > now()"
                                         + " AND u.is_active AND NOT u.email_verified FOR UPDATE OF u",
                                 Hashes.sha256(token)).orElseThrow(() -> CmsException.badRequest(INVALID_LINK));
            long id = user.column("id").get(Long.class);
            tx.dml("UPDATE users SET email_verified = true, password_hash = ?, updated_at = now() WHERE id = ?",
                   user.column("password_hash").get(String.class), id);
            tx.dml("DELETE FROM email_verifications WHERE user_id = ?", id);
            mail.queue(tx, "welcome", user.column("email").get(String.class),
                       Map.of("full_name", user.column("full_name").get(String.class), "site_url", frontendUrl), Map.of());
            return user;
        });
        return signIn.tokens(found.column("id").get(Long.class), found.column("role").get(String.class));
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}
