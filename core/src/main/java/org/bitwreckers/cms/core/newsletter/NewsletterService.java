package org.bitwreckers.cms.core.newsletter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.core.value.ValueFormats;

/**
 * The newsletter: double opt-in subscriptions (a confirmation link by e-mail), one-click unsubscribe through a link
 * signed with SECRET_KEY (also offered as List-Unsubscribe headers, RFC 8058), and issues sent to confirmed
 * subscribers in batches of jobs, each recipient's mail tracked on its own.
 */
public final class NewsletterService implements JobHandler {
    /** Job kind that sends one batch of an issue. */
    public static final String SEND_BATCH = "newsletter.send-batch";
    private static final int BATCH = 100;

    private final DbClient db;
    private final NewsletterRepository repository;
    private final JobQueue jobs;
    private final MailService mail;
    private final byte[] secret;
    private final String frontendUrl;
    private final String publicUrl;

    /**
     * @param db          database client
     * @param jobs        job queue
     * @param mail        mail service
     * @param secretKey   SECRET_KEY (signs unsubscribe links)
     * @param frontendUrl FRONTEND_URL (pages the links open)
     * @param publicUrl   PUBLIC_URL (the API one-click unsubscribe posts to)
     */
    public NewsletterService(DbClient db, JobQueue jobs, MailService mail, String secretKey, String frontendUrl,
                             String publicUrl) {
        this.db = db;
        this.repository = new NewsletterRepository(db);
        this.jobs = jobs;
        this.mail = mail;
        this.secret = secretKey.getBytes(StandardCharsets.UTF_8);
        this.frontendUrl = frontendUrl;
        this.publicUrl = publicUrl;
    }

    /**
     * Asks for a subscription; the same answer whatever the address's state, so nobody learns who subscribed.
     *
     * @param email address
     */
    public void subscribe(String email) {
        if (!ValueFormats.isEmail(email)) {
            throw CmsException.validation(Map.of("email", "must be an e-mail address"));
        }
        String token = randomToken();
        Transactions.run(db, tx -> {
            // a confirmed address gets nothing; a pending one at most one confirmation mail per 10 minutes
            if (repository.requestSubscription(tx, email, Hashes.sha256(token)).isPresent()) {
                mail.queue(tx, "newsletter-confirm", email,
                           Map.of("confirm_url", frontendUrl + "/newsletter/confirm?token=" + token), Map.of(),
                           Set.of(token));
            }
        });
    }

    /**
     * @param token the token from the confirmation link
     */
    public void confirm(String token) {
        boolean changed = token != null && token.length() <= 100 && repository.confirm(Hashes.sha256(token));
        if (!changed) {
            throw CmsException.notFound("This confirmation link is not valid or was already used");
        }
    }

    /**
     * @param subscriber subscriber id from the link
     * @param signature  the link's signature
     */
    public void unsubscribe(String subscriber, String signature) {
        long id;
        try {
            id = Long.parseLong(subscriber);
        } catch (NumberFormatException e) {
            throw CmsException.badRequest("This unsubscribe link is not valid");
        }
        if (signature == null || !MessageDigest.isEqual(sign(id).getBytes(StandardCharsets.US_ASCII),
                                                        signature.getBytes(StandardCharsets.US_ASCII))) {
            throw CmsException.badRequest("This unsubscribe link is not valid");
        }
        repository.unsubscribe(id);
    }

    /**
     * @param subject issue subject
     * @param text    issue text (plain; rendered into both parts, escaped in HTML)
     * @param author  who wrote it
     * @return the issue as JSON
     */
    public String createIssue(String subject, String text, String author) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            problems.put("subject", "is required (at most 200 characters)");
        }
        if (text == null || text.isBlank()) {
            problems.put("text", "is required");
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        return issue(repository.createIssue(subject.strip(), text, author));
    }

    /**
     * Starts sending an issue to every confirmed subscriber.
     *
     * @param id issue id
     * @return the issue as JSON
     */
    public String send(long id) {
        boolean started = Transactions.call(db, tx -> {
            if (!repository.startSending(tx, id)) {
                return false;
            }
            jobs.enqueue(tx, SEND_BATCH, Jsons.createObjectBuilder().add("issue_id", id).build());
            return true;
        });
        if (!started) {
            issue(id); // 404 when there is no such issue
            throw CmsException.conflict("This issue was already sent", Map.of());
        }
        return issue(id);
    }

    /** Sends the next batch of an issue and queues the batch after it; the issue row lock keeps batches in order. */
    @Override
    public void handle(Job job) {
        long issueId = job.payload().getJsonNumber("issue_id").longValue();
        Transactions.run(db, tx -> {
            NewsletterRepository.Issue issue = repository.lockSending(tx, issueId).orElse(null);
            if (issue == null) {
                return; // sent or gone meanwhile
            }
            List<NewsletterRepository.Recipient> recipients = repository.nextRecipients(tx, issueId, BATCH);
            List<MailService.Outgoing> mails = new ArrayList<>(recipients.size());
            for (NewsletterRepository.Recipient r : recipients) {
                String signature = sign(r.id());
                String unsubscribe = publicUrl + "/api/v1/newsletter/unsubscribe?s=" + r.id() + "&sig=" + signature;
                mails.add(new MailService.Outgoing("newsletter-issue", r.email(),
                                                   Map.of("issue_subject", issue.subject(), "issue_text", issue.text(),
                                                          "unsubscribe_url", frontendUrl + "/newsletter/unsubscribe?s="
                                                                  + r.id() + "&sig=" + signature),
                                                   Map.of("List-Unsubscribe", "<" + unsubscribe + ">",
                                                          "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                                                   Set.of(signature)));
            }
            List<Long> mailIds = mail.queueAll(tx, mails); // the batch's messages in one statement
            for (int i = 0; i < recipients.size(); i++) {
                repository.recordDelivery(tx, issueId, recipients.get(i).id(), mailIds.get(i));
            }
            if (recipients.size() == BATCH) {
                jobs.enqueue(tx, SEND_BATCH, job.payload());
            } else {
                repository.markSent(tx, issueId);
            }
        });
    }

    /**
     * @param id issue id
     * @return the issue with per-recipient mail statuses counted
     */
    public String issue(long id) {
        return repository.issue(id).orElseThrow(() -> CmsException.notFound("No newsletter issue with id " + id));
    }

    /**
     * @param page     1-based page
     * @param pageSize per page
     * @return issues with their sending progress, newest first
     */
    public Page issues(int page, int pageSize) {
        return repository.issues(page, pageSize);
    }

    /**
     * @param id         issue id
     * @param mailStatus only recipients whose mail has this status, if given
     * @param page       1-based page
     * @param pageSize   per page
     * @return the issue's recipients with their mail's status
     */
    public Page recipients(long id, Optional<String> mailStatus, int page, int pageSize) {
        mailStatus.filter(s -> !MailService.STATUSES.contains(s)).ifPresent(s -> {
            throw CmsException.badRequest("Invalid query parameters",
                                          Map.of("status", "must be queued, sent, captured, failed or erased"));
        });
        issue(id); // 404 when there is no such issue
        return repository.recipients(id, mailStatus, page, pageSize);
    }

    /**
     * @param status   only subscribers with this status, if given
     * @param page     1-based page
     * @param pageSize per page
     * @return subscribers, newest first
     */
    public Page subscribers(Optional<String> status, int page, int pageSize) {
        return repository.subscribers(status, page, pageSize);
    }

    /**
     * @param subscriber subscriber id
     * @return the signature of its unsubscribe link
     */
    public String sign(long subscriber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] sig = mac.doFinal(("newsletter-unsubscribe:" + subscriber).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static String randomToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
