package org.bitwreckers.cms.core.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.value.ValueFormats;

/**
 * Staff invitations: whoever may manage users invites an address with a staff role; a job mails a single-use link
 * (only its hash is stored, the mail keeps it sealed) into the admin app; opening it, the person chooses a name and a
 * password, which creates the account with the invited role and signs them in. Sending again replaces the link;
 * revoking or accepting ends it; it expires after {@link #LIFETIME}.
 */
public final class StaffInvitations implements JobHandler {
    /** Job kind: mail an invitation's link. */
    public static final String MAIL = "account.invitation";
    /** How long a mailed link works. */
    public static final Duration LIFETIME = Duration.ofDays(7);
    /** The statuses the list can be filtered by. */
    public static final List<String> STATUSES = List.of("pending", "expired", "accepted", "revoked");

    private static final Set<String> INVITE_FIELDS = Set.of("email", "role");
    private static final Set<String> ACCEPT_FIELDS = Set.of("token", "full_name", "password");
    private static final String DEAD_LINK = "This invitation is not valid: it was used, revoked or replaced, or it expired."
            + " Ask for a new one";

    private final DbClient db;
    private final InvitationRepository repository;
    private final PasswordHasher passwords;
    private final MailService mail;
    private final JobQueue jobs;
    private final RoleTable roles;
    private final AccountService accounts;
    private final String adminUrl;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param db        database client
     * @param passwords password hashing
     * @param mail      mail (the invitation)
     * @param jobs      the job queue (invitations are mailed through it)
     * @param roles     the site's roles (only staff roles can be invited)
     * @param accounts  signs the new staff member in
     * @param adminUrl  ADMIN_URL: where the admin app is reached (the mailed link opens it)
     */
    public StaffInvitations(DbClient db, PasswordHasher passwords, MailService mail, JobQueue jobs, RoleTable roles,
                            AccountService accounts, String adminUrl) {
        this.db = db;
        this.repository = new InvitationRepository(db);
        this.passwords = passwords;
        this.mail = mail;
        this.jobs = jobs;
        this.roles = roles;
        this.accounts = accounts;
        this.adminUrl = adminUrl;
    }

    /**
     * Invites an address; the mail goes out through the job queue.
     *
     * @param body      {@code {"email", "role"}}
     * @param invitedBy the inviting user, if a user (an API token invites in the team's name)
     * @return the invitation
     */
    public String invite(JsonValue body, Optional<Long> invitedBy) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonObject request = AccountService.object(body, INVITE_FIELDS, problems);
        String email = AccountService.text(request, "email", 254, true, problems);
        String role = AccountService.text(request, "role", 60, true, problems);
        if (email != null && !ValueFormats.isEmail(email)) {
            problems.put("email", "must be an e-mail address");
        }
        if (role != null && !roles.isStaff(role)) {
            problems.put("role", "must be a staff role: one of " + String.join(", ", staffRoles()));
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        long id = Transactions.call(db, tx -> {
            if (repository.confirmedAccount(tx, email)) {
                throw CmsException.conflict("An account with this address exists: change its role instead",
                                            Map.of("email", "has an account already"));
            }
            long created = repository.insert(tx, email, role, invitedBy, (int) LIFETIME.toDays()).orElseThrow(
                    () -> CmsException.conflict("This address has an open invitation: send it again or revoke it",
                                                Map.of("email", "has an open invitation")));
            jobs.enqueue(tx, MAIL, Jsons.createObjectBuilder().add("invitation", created).build());
            return created;
        });
        return get(id);
    }

    /**
     * @param id invitation id
     * @return the invitation (never its link)
     */
    public String get(long id) {
        return repository.get(id).orElseThrow(() -> CmsException.notFound("No invitation with id " + id));
    }

    /**
     * @param status only this status (pending, expired, accepted, revoked)
     * @return the newest 200 invitations, as a JSON array
     */
    public String list(Optional<String> status) {
        status.filter(s -> !STATUSES.contains(s)).ifPresent(s -> {
            throw CmsException.badRequest("Invalid query parameters", Map.of("status", "must be one of "
                    + String.join(", ", STATUSES)));
        });
        return "[" + String.join(",", repository.list(status, 200)) + "]";
    }

    /**
     * Mails a new link (the old one stops working) with a fresh lifetime.
     *
     * @param id invitation id
     * @return the invitation
     */
    public String resend(long id) {
        Transactions.run(db, tx -> {
            repository.lockOpen(tx, id).orElseThrow(() -> closed(id));
            jobs.enqueue(tx, MAIL, Jsons.createObjectBuilder().add("invitation", id).build());
        });
        return get(id);
    }

    /**
     * Ends an open invitation: its link stops working.
     *
     * @param id invitation id
     * @return the invitation
     */
    public String revoke(long id) {
        Transactions.run(db, tx -> {
            repository.lockOpen(tx, id).orElseThrow(() -> closed(id));
            repository.revoke(tx, id);
        });
        return get(id);
    }

    private CmsException closed(long id) {
        get(id); // 404 when there is no such invitation
        return CmsException.conflict("This invitation was accepted or revoked already", Map.of("id", "is closed"));
    }

    /** Mails an open invitation a new single-use link. */
    @Override
    public void handle(Job job) {
        if (!(job.payload().get("invitation") instanceof JsonNumber id)) {
            return;
        }
        String token = "bwi_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        Transactions.run(db, tx -> repository.mailing(tx, id.longValue()).ifPresent(invitation -> {
            repository.setLink(tx, id.longValue(), Hashes.sha256(token), (int) LIFETIME.toDays());
            // the token travels in the fragment: browsers never send it to a server, so no log sees it
            mail.queue(tx, "staff-invitation", invitation.email(),
                       Map.of("inviter", invitation.inviter(), "role", invitation.role(),
                              "valid_days", Long.toString(LIFETIME.toDays()),
                              "accept_url", adminUrl + "/admin/accept-invitation#token=" + token),
                       Map.of(), Set.of(token));
        }));
    }

    /**
     * Accepts an invitation once: creates the account with the invited role and the chosen name and password.
     *
     * @param body {@code {"token", "full_name", "password"}}
     * @return tokens and profile, as a sign-in answers: the new staff member is signed in
     */
    public String accept(JsonValue body) {
        Map<String, String> problems = new LinkedHashMap<>();
        JsonObject request = AccountService.object(body, ACCEPT_FIELDS, problems);
        String fullName = AccountService.text(request, "full_name", 200, true, problems);
        String token = request.get("token") instanceof JsonString s && s.getString().length() <= 200 ? s.getString() : null;
        String password = request.get("password") instanceof JsonString s ? s.getString() : null;
        Accepted account = Transactions.call(db, tx -> {
            Optional<InvitationRepository.Presented> found = token == null ? Optional.empty()
                    : repository.lockPresented(tx, Hashes.sha256(token));
            PasswordHasher.policyProblem(password, found.map(InvitationRepository.Presented::email).orElse(null))
                    .ifPresent(p -> problems.putIfAbsent("password", p));
            if (found.isEmpty()) { // with every other problem, so one more try is enough once a new link comes
                Map<String, String> all = new LinkedHashMap<>();
                all.put("token", "is not valid, was used, or expired");
                all.putAll(problems);
                throw new CmsException(ErrorCode.UNAUTHORIZED, DEAD_LINK, all); // the link is the invitee's credential
            }
            if (!problems.isEmpty()) {
                throw CmsException.validation(problems);
            }
            InvitationRepository.Presented invitation = found.get();
            long userId = repository.createAccount(tx, invitation.email(), fullName, invitation.role(),
                                                   passwords.hash(password))
                    .orElseThrow(() -> CmsException.conflict("An account with this address exists already: sign in,"
                                                                     + " or reset its password",
                                                             Map.of("email", "has an account already")));
            repository.accepted(tx, invitation.id(), userId);
            return new Accepted(userId, invitation.role());
        });
        return accounts.signedIn(account.userId(), account.role());
    }

    private record Accepted(long userId, String role) {
    }

    private List<String> staffRoles() {
        return roles.names().stream().filter(roles::isStaff).sorted().toList();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }
}
