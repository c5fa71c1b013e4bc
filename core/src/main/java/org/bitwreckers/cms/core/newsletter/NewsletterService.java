package org.bitwreckers.cms.core.newsletter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;


import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.auth.Hashes;
import org.bitwreckers.cms.core.document.DocumentValidator;
import org.bitwreckers.cms.core.document.Jsons;
import org.bitwreckers.cms.core.document.Page;
import org.bitwreckers.cms.core.document.Pages;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.mail.MailService;

/**
 * The newsletter: double opt-in subscriptions (a confirmation link by e-mail), one-click unsubscribe through a link
 * signed with SECRET_KEY (also offered as List-Unsubscribe headers, RFC 8058), and issues sent to confirmed
 * subscribers in batches of jobs, each recipient's mail tracked on its own.
 */
public final class NewsletterService implements JobHandler {
    /** Job kind that sends one batch of an issue. */
    public static final String SEND_BATCH = "newsletter.send-batch";
    private static final int BATCH = 100;
    private static final String TS = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    private final DbClient db;
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
        if (!DocumentValidator.isEmail(email)) {
            throw CmsException.validation(Map.of("email", "must be an e-mail address"));
        }
        String token = randomToken();
        Transactions.run(db, tx -> {
            // a confirmed address gets nothing; a pending one at most one confirmation mail per 10 minutes
            Optional<DbRow> row = tx.get("INSERT INTO newsletter_subscribers (email, confirm_token_hash, confirm_sent_at)"
                                                 + " VALUES (?, ?, now()) ON CONFLICT (lower(email)) DO UPDATE SET"
                                                 + " confirm_token_hash = excluded.confirm_token_hash, status = 'pending',"
                                                 + " confirm_sent_at = now() WHERE newsletter_subscribers.status <> 'confirmed'"
                                                 + " AND (newsletter_subscribers.confirm_sent_at IS NULL OR"
                                                 + " newsletter_subscribers.confirm_sent_at < now() - interval '10 minutes')"
                                                 + " RETURNING id", email, Hashes.sha256(token));
            if (row.isPresent()) {
                mail.queue(tx, "newsletter-confirm", email,
                           Map.of("confirm_url", frontendUrl + "/newsletter/confirm?token=" + token), Map.of(),
                           java.util.Set.of(token));
            }
        });
    }

    /**
     * @param token the token from the confirmation link
     */
    public void confirm(String token) {
        long changed = token == null || token.length() > 100 ? 0
                : db.execute().dml("UPDATE newsletter_subscribers SET status = 'confirmed', confirmed_at = now(),"
                                           + " confirm_token_hash = NULL WHERE confirm_token_hash = ? AND status = 'pending'",
                                   Hashes.sha256(token));
        if (changed == 0) {
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
        db.execute().dml("UPDATE newsletter_subscribers SET status = 'unsubscribed', unsubscribed_at = now()"
                                 + " WHERE id = ? AND status <> 'unsubscribed'", id);
    }

    /**
     * @param subject issue subject
     * @param text    issue text (plain; rendered into both parts, escaped in HTML)
     * @param author  who wrote it
     * @return the issue as JSON
     */
    public String createIssue(String subject, String text, String author) {
        if (subject == null || subject.isBlank() || subject.length() > 200 || text == null || text.isBlank()) {
            throw CmsException.validation(Map.of("subject", "is required (at most 200 characters)", "text", "is required"));
        }
        long id = db.execute().get("INSERT INTO newsletter_issues (subject, body_text, created_by) VALUES (?, ?, ?)"
                                           + " RETURNING id", subject.strip(), text, author)
                .orElseThrow().column("id").get(Long.class);
        return issue(id);
    }

    /**
     * Starts sending an issue to every confirmed subscriber.
     *
     * @param id issue id
     * @return the issue as JSON
     */
    public String send(long id) {
        boolean started = Transactions.call(db, tx -> {
            if (tx.dml("UPDATE newsletter_issues SET status = 'sending' WHERE id = ? AND status = 'draft'", id) == 0) {
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
            DbRow issue = tx.get("SELECT subject, body_text FROM newsletter_issues WHERE id = ? AND status = 'sending'"
                                         + " FOR UPDATE", issueId).orElse(null);
            if (issue == null) {
                return; // sent or gone meanwhile
            }
            List<DbRow> recipients;
            try (Stream<DbRow> rows = tx.query("SELECT s.id, s.email FROM newsletter_subscribers s WHERE s.status = 'confirmed'"
                                                       + " AND NOT EXISTS (SELECT 1 FROM newsletter_deliveries d"
                                                       + " WHERE d.issue_id = ? AND d.subscriber_id = s.id)"
                                                       + " ORDER BY s.id LIMIT ?", issueId, BATCH)) {
                recipients = rows.toList();
            }
            for (DbRow r : recipients) {
                long subscriber = r.column("id").get(Long.class);
                String signature = sign(subscriber);
                String unsubscribe = publicUrl + "/api/v1/newsletter/unsubscribe?s=" + subscriber + "&sig=" + signature;
                long mailId = mail.queue(tx, "newsletter-issue", r.column("email").get(String.class),
                                         Map.of("issue_subject", issue.column("subject").get(String.class),
                                                "issue_text", issue.column("body_text").get(String.class),
                                                "unsubscribe_url", frontendUrl + "/newsletter/unsubscribe?s=" + subscriber
                                                        + "&sig=" + signature),
                                         Map.of("List-Unsubscribe", "<" + unsubscribe + ">",
                                                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                                         java.util.Set.of(signature));
                tx.dml("INSERT INTO newsletter_deliveries (issue_id, subscriber_id, mail_id) VALUES (?, ?, ?)",
                       issueId, subscriber, mailId);
            }
            if (recipients.size() == BATCH) {
                jobs.enqueue(tx, SEND_BATCH, job.payload());
            } else {
                tx.dml("UPDATE newsletter_issues SET status = 'sent', sent_at = now() WHERE id = ?", issueId);
            }
        });
    }

    /**
     * @param id issue id
     * @return the issue with per-recipient mail statuses counted
     */
    public String issue(long id) {
        return db.execute().get("SELECT jsonb_build_object('id', i.id, 'subject', i.subject, 'text', i.body_text,"
                                        + " 'status', i.status, 'created_by', i.created_by, 'created_at', "
                                        + TS.formatted("i.created_at") + ", 'sent_at', " + TS.formatted("i.sent_at")
                                        + ", 'recipients', (SELECT count(*) FROM newsletter_deliveries d WHERE d.issue_id = i.id),"
                                        + " 'mail', COALESCE((SELECT jsonb_object_agg(status, n) FROM (SELECT m.status,"
                                        + " count(*) AS n FROM newsletter_deliveries d JOIN mail_messages m ON m.id = d.mail_id"
                                        + " WHERE d.issue_id = i.id GROUP BY m.status) c), '{}'::jsonb))::text AS doc"
                                        + " FROM newsletter_issues i WHERE i.id = ?", id)
                .map(r -> r.column("doc").get(String.class))
                .orElseThrow(() -> CmsException.notFound("No newsletter issue with id " + id));
    }

    /**
     * @param status   only subscribers with this status, if given
     * @param page     1-based page
     * @param pageSize per page
     * @return subscribers, newest first
     */
    public Page subscribers(Optional<String> status, int page, int pageSize) {
        return Pages.read(db.execute().query(
                "SELECT jsonb_build_object('id', id, 'email', email, 'status', status, 'created_at', "
                        + TS.formatted("created_at") + ", 'confirmed_at', " + TS.formatted("confirmed_at")
                        + ", 'unsubscribed_at', " + TS.formatted("unsubscribed_at") + ")::text AS doc, count(*) OVER () AS total"
                        + " FROM newsletter_subscribers WHERE (?::text IS NULL OR status = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                status.orElse(null), status.orElse(null), pageSize, (long) (page - 1) * pageSize), page, pageSize);
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
