package org.bitwreckers.cms.core.newsletter;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;

/**
 * SQL of the newsletter: subscribers, issues and who got which issue. Methods that take a transaction run in it;
 * values are always bound.
 */
final class NewsletterRepository {

    /** An issue being sent. */
    record Issue(String subject, String text) {
    }

    /** A confirmed subscriber who has not got the issue yet. */
    record Recipient(long id, String email) {
    }

    /**
     * An issue (alias {@code i}) with its sending progress: {@code audience} is who it goes to (the confirmed
     * subscribers until it is sent, then its recipients), {@code recipients} how many got their mail queued so far,
     * {@code mail} the count of their mails per status.
     */
    private static final String ISSUE = "jsonb_build_object('id', i.id, 'subject', i.subject, 'text', i.body_text,"
            + " 'status', i.status, 'created_by', i.created_by, 'created_at', " + SqlTime.iso("i.created_at")
            + ", 'sent_at', " + SqlTime.iso("i.sent_at")
            + ", 'recipients', (SELECT count(*) FROM newsletter_deliveries d WHERE d.issue_id = i.id),"
            + " 'audience', CASE WHEN i.status = 'sent' THEN (SELECT count(*) FROM newsletter_deliveries d"
            + " WHERE d.issue_id = i.id) ELSE (SELECT count(*) FROM newsletter_subscribers WHERE status = 'confirmed') END,"
            + " 'mail', COALESCE((SELECT jsonb_object_agg(status, n) FROM (SELECT m.status, count(*) AS n"
            + " FROM newsletter_deliveries d JOIN mail_messages m ON m.id = d.mail_id WHERE d.issue_id = i.id"
            + " GROUP BY m.status) c), '{}'::jsonb))::text";

    private final DbClient db;

    NewsletterRepository(DbClient db) {
        this.db = db;
    }

    /**
     * Records a subscription request with a new confirmation token, unless the address is confirmed or was sent a
     * confirmation in the last 10 minutes.
     *
     * @return the subscriber id when a confirmation mail is due
     */
    Optional<Long> requestSubscription(DbExecute tx, String email, String tokenHash) {
        return tx.get("INSERT INTO newsletter_subscribers (email, confirm_token_hash, confirm_sent_at)"
                              + " VALUES (?, ?, now()) ON CONFLICT (lower(email)) DO UPDATE SET"
                              + " confirm_token_hash = excluded.confirm_token_hash, status = 'pending',"
                              + " confirm_sent_at = now() WHERE newsletter_subscribers.status <> 'confirmed'"
                              + " AND (newsletter_subscribers.confirm_sent_at IS NULL OR"
                              + " newsletter_subscribers.confirm_sent_at < now() - interval '10 minutes')"
                              + " RETURNING id", email, tokenHash)
                .map(r -> r.column("id").get(Long.class));
    }

    /** @return whether a pending subscription had this token (it is confirmed now) */
    boolean confirm(String tokenHash) {
        return db.execute().dml("UPDATE newsletter_subscribers SET status = 'confirmed', confirmed_at = now(),"
                                        + " confirm_token_hash = NULL WHERE confirm_token_hash = ? AND status = 'pending'",
                                tokenHash) > 0;
    }

    void unsubscribe(long id) {
        db.execute().dml("UPDATE newsletter_subscribers SET status = 'unsubscribed', unsubscribed_at = now()"
                                 + " WHERE id = ? AND status <> 'unsubscribed'", id);
    }

    long createIssue(String subject, String text, String author) {
        return db.execute().get("INSERT INTO newsletter_issues (subject, body_text, created_by) VALUES (?, ?, ?)"
                                        + " RETURNING id", subject, text, author)
                .orElseThrow().column("id").get(Long.class);
    }

    /** @return whether the issue was a draft (it is sending now) */
    boolean startSending(DbExecute tx, long id) {
        return tx.dml("UPDATE newsletter_issues SET status = 'sending' WHERE id = ? AND status = 'draft'", id) > 0;
    }

    /** Locks an issue that is sending, so its batches run one at a time. */
    Optional<Issue> lockSending(DbExecute tx, long id) {
        return tx.get("SELECT subject, body_text FROM newsletter_issues WHERE id = ? AND status = 'sending' FOR UPDATE", id)
                .map(r -> new Issue(r.column("subject").get(String.class), r.column("body_text").get(String.class)));
    }

    List<Recipient> nextRecipients(DbExecute tx, long issueId, int limit) {
        try (Stream<DbRow> rows = tx.query("SELECT s.id, s.email FROM newsletter_subscribers s WHERE s.status = 'confirmed'"
                                                   + " AND NOT EXISTS (SELECT 1 FROM newsletter_deliveries d"
                                                   + " WHERE d.issue_id = ? AND d.subscriber_id = s.id)"
                                                   + " ORDER BY s.id LIMIT ?", issueId, limit)) {
            return rows.map(r -> new Recipient(r.column("id").get(Long.class), r.column("email").get(String.class)))
                    .toList();
        }
    }

    void recordDelivery(DbExecute tx, long issueId, long subscriber, long mailId) {
        tx.dml("INSERT INTO newsletter_deliveries (issue_id, subscriber_id, mail_id) VALUES (?, ?, ?)",
               issueId, subscriber, mailId);
    }

    void markSent(DbExecute tx, long issueId) {
        tx.dml("UPDATE newsletter_issues SET status = 'sent', sent_at = now() WHERE id = ?", issueId);
    }

    /** @return the issue with per-recipient mail statuses counted, as JSON */
    Optional<String> issue(long id) {
        return db.execute().get("SELECT " + ISSUE + " AS doc FROM newsletter_issues i WHERE i.id = ?", id)
                .map(r -> r.column("doc").get(String.class));
    }

    Page issues(int page, int pageSize) {
        return Pages.read(db.execute().query("SELECT " + ISSUE + " AS doc, count(*) OVER () AS total FROM newsletter_issues i"
                                                     + " ORDER BY i.id DESC LIMIT ? OFFSET ?", pageSize,
                                             (long) (page - 1) * pageSize), page, pageSize);
    }

    /** @return who an issue went to, each with the status of their own mail, in sending order */
    Page recipients(long issueId, Optional<String> mailStatus, int page, int pageSize) {
        return Pages.read(db.execute().query(
                "SELECT jsonb_build_object('subscriber_id', s.id, 'email', s.email, 'mail_id', m.id, 'status', m.status,"
                        + " 'attempts', m.attempts, 'last_error', m.last_error, 'sent_at', " + SqlTime.iso("m.sent_at")
                        + ")::text AS doc, count(*) OVER () AS total FROM newsletter_deliveries d"
                        + " JOIN newsletter_subscribers s ON s.id = d.subscriber_id JOIN mail_messages m ON m.id = d.mail_id"
                        + " WHERE d.issue_id = ? AND (?::text IS NULL OR m.status = ?) ORDER BY s.id LIMIT ? OFFSET ?",
                issueId, mailStatus.orElse(null), mailStatus.orElse(null), pageSize, (long) (page - 1) * pageSize),
                          page, pageSize);
    }

    Page subscribers(Optional<String> status, int page, int pageSize) {
        return Pages.read(db.execute().query(
                "SELECT jsonb_build_object('id', id, 'email', email, 'status', status, 'created_at', "
                        + SqlTime.iso("created_at") + ", 'confirmed_at', " + SqlTime.iso("confirmed_at")
                        + ", 'unsubscribed_at', " + SqlTime.iso("unsubscribed_at") + ")::text AS doc, count(*) OVER () AS total"
                        + " FROM newsletter_subscribers WHERE (?::text IS NULL OR status = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                status.orElse(null), status.orElse(null), pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }
}
