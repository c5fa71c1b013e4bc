package org.bitwreckers.cms.core.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.value.ValueFormats;

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
    private final AccountRepository repository;
    private final PasswordHasher passwords;
    private final MailService mail;
    private final JobQueue jobs;
    private final SignIn signIn;
    private final String frontendUrl;
    private final SecureRandom random = new SecureRandom();

    Registration(DbClient db, AccountRepository repository, PasswordHasher passwords, MailService mail, JobQueue jobs, SignIn signIn, String frontendUrl) {
        this.db = db;
        this.repository = repository;
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
        if (email != null && !ValueFormats.isEmail(email)) {
            problems.put("email", "must be an e-mail address");
        }
        PasswordHasher.policyProblem(password, email).ifPresent(p -> problems.putIfAbsent("password", p));
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        String hash = passwords.hash(password);
        Transactions.run(db, tx -> {
            Optional<Long> user = repository.createOrFindUser(tx, email, fullName, university, location, hash);
            JsonValue attempt = user.<JsonValue>map(id -> Jsons.createValue(
                    repository.insertAttempt(tx, id, hash, (int) LINK_LIFETIME.toHours())))
                    .orElse(JsonValue.NULL); // no row: an account with this address is being created right now
            jobs.enqueue(tx, MAIL, Jsons.createObjectBuilder().add("attempt", attempt).build());
        });
    }

    /** A new link for the newest registration of an unconfirmed account; the same answer and work for any address. */
    void resend(String email) {
        if (email == null || !ValueFormats.isEmail(email)) {
            throw CmsException.validation(Map.of("email", "must be an e-mail address"));
        }
        JsonValue attempt = repository.newestUnconfirmedAttempt(email).<JsonValue>map(Jsons::createValue)
                .orElse(JsonValue.NULL);
        jobs.enqueueNow(MAIL, Jsons.createObjectBuilder().add("attempt", attempt).build());
    }

    /** Mails the address of one registration (see the class comment). */
    void handle(Job job) {
        if (!(job.payload().get("attempt") instanceof JsonNumber attempt)) {
            return;
        }
        Optional<AccountRepository.Attempt> found = repository.attempt(attempt.longValue());
        if (found.isEmpty()) {
            return; // confirmed or erased meanwhile
        }
        AccountRepository.Attempt user = found.get();
        Map<String, String> names = Map.of("full_name", user.fullName(), "site_url", frontendUrl);
        Transactions.run(db, tx -> {
            if (user.verified() || !user.active()) {
                repository.deleteAttempt(tx, attempt.longValue()); // the owner keeps their password
                if (user.active()) {
                    mail.queue(tx, "registration-attempt", user.email(), names, Map.of());
                }
            } else {
                String token = "bwv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
                repository.setAttemptLink(tx, attempt.longValue(), Hashes.sha256(token), (int) LINK_LIFETIME.toHours());
                Map<String, String> variables = new LinkedHashMap<>(names);
                variables.put("verify_url", frontendUrl + "/verify-email?token=" + token);
                variables.put("valid_hours", Long.toString(LINK_LIFETIME.toHours()));
                mail.queue(tx, "verify-email", user.email(), variables, Map.of(), Set.of(token));
            }
        });
    }

    /** Confirms the address with a mailed link (once), sets that registration's password and signs the member in. */
    String verify(String token) {
        if (token == null || token.length() > 200) {
            throw CmsException.badRequest(INVALID_LINK);
        }
        AccountRepository.Confirmation confirmed = Transactions.call(db, tx -> {
            AccountRepository.Confirmation user = repository.lockConfirmation(tx, Hashes.sha256(token))
                    .orElseThrow(() -> CmsException.badRequest(INVALID_LINK));
            repository.confirm(tx, user.userId(), user.passwordHash());
            repository.deleteAttempts(tx, user.userId());
            mail.queue(tx, "welcome", user.email(), Map.of("full_name", user.fullName(), "site_url", frontendUrl), Map.of());
            return user;
        });
        return signIn.tokens(confirmed.userId(), confirmed.role());
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}
