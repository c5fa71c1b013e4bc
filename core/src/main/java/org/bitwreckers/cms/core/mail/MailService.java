package org.bitwreckers.cms.core.mail;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.JsonText;
import org.bitwreckers.cms.core.document.Page;
import org.bitwreckers.cms.core.document.Pages;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Every e-mail goes through here: rendered from a template, stored in {@code mail_messages} and queued as a
 * {@code mail.send} job in the caller's transaction. The job delivers it over SMTP, or marks it captured when no
 * SMTP server is configured (readable in the admin API). Nothing is silently dropped.
 */
public final class MailService implements JobHandler {
    /** The job kind that delivers one stored message. */
    public static final String SEND = "mail.send";
    /** Statuses a message can have. */
    public static final Set<String> STATUSES = Set.of("queued", "sent", "captured", "failed");

    private static final String TS = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    private static final String SUMMARY = "'id', id, 'message_id', message_id, 'template', template, 'recipient', recipient,"
            + " 'subject', subject, 'status', status, 'attempts', attempts, 'last_error', last_error, 'created_at', "
            + TS.formatted("created_at") + ", 'sent_at', " + TS.formatted("sent_at");

    private final DbClient db;
    private final JobQueue jobs;
    private final MailTemplates templates;
    private final Optional<MailSender> sender;
    private final String domain;

    /**
     * @param db        database client
     * @param jobs      job queue
     * @param templates mail templates
     * @param sender    SMTP sender; empty captures mail in the database instead
     * @param domain    domain part of generated Message-IDs
     */
    public MailService(DbClient db, JobQueue jobs, MailTemplates templates, Optional<MailSender> sender, String domain) {
        this.db = db;
        this.jobs = jobs;
        this.templates = templates;
        this.sender = sender;
        this.domain = domain;
    }

    /**
     * Renders, stores and queues a message in the caller's transaction.
     *
     * @param tx        the transaction of the write that causes the mail
     * @param template  template name
     * @param to        recipient address
     * @param variables template values
     * @param headers   extra headers
     * @return the message id
     */
    public long queue(DbExecute tx, String template, String to, Map<String, String> variables, Map<String, String> headers) {
        MailTemplates.Rendered rendered = templates.render(template, variables);
        JsonObjectBuilder h = Json.createObjectBuilder();
        headers.forEach(h::add);
        String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
        long id = tx.get("INSERT INTO mail_messages (message_id, template, recipient, subject, text_body, html_body, headers)"
                                 + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id",
                         messageId, template, to, rendered.subject(), rendered.text(), rendered.html(), h.build().toString())
                .orElseThrow().column("id").get(Long.class);
        jobs.enqueue(tx, SEND, Json.createObjectBuilder().add("mail_id", id).build());
        return id;
    }

    /**
     * Queues a message in a transaction of its own.
     *
     * @param template  template name
     * @param to        recipient address
     * @param variables template values
     * @return the message id
     */
    public long queue(String template, String to, Map<String, String> variables) {
        DbTransaction tx = db.transaction();
        try {
            long id = queue(tx, template, to, variables, Map.of());
            tx.commit();
            return id;
        } catch (RuntimeException e) {
            Transactions.rollback(tx, e);
            throw e;
        }
    }

    /** Delivers one stored message; a message already sent is not sent again. */
    @Override
    public void handle(Job job) throws Exception {
        long id = job.payload().getJsonNumber("mail_id").longValue();
        Optional<DbRow> row = db.execute().get("SELECT message_id, recipient, subject, text_body, html_body, headers::text"
                                                       + " AS headers, status FROM mail_messages WHERE id = ?", id);
        if (row.isEmpty() || row.get().column("status").get(String.class).equals("sent")) {
            return;
        }
        DbRow m = row.get();
        if (sender.isEmpty()) {
            db.execute().dml("UPDATE mail_messages SET status = 'captured', attempts = attempts + 1 WHERE id = ?", id);
            return;
        }
        JsonObject headers = JsonText.object(m.column("headers").get(String.class));
        Map<String, String> h = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, ((jakarta.json.JsonString) v).getString()));
        try {
            sender.get().send(new MailSender.Message(m.column("message_id").get(String.class),
                                                     m.column("recipient").get(String.class),
                                                     m.column("subject").get(String.class),
                                                     m.column("text_body").get(String.class),
                                                     m.column("html_body").get(String.class), h));
        } catch (Exception e) {
            db.execute().dml("UPDATE mail_messages SET attempts = attempts + 1, last_error = ?,"
                                     + " status = CASE WHEN ? THEN 'failed' ELSE status END WHERE id = ?",
                             String.valueOf(e.getMessage()), job.diesOf(e), id);
            throw e;
        }
        db.execute().dml("UPDATE mail_messages SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL"
                                 + " WHERE id = ?", id);
    }

    /**
     * @param status   only messages with this status, if given
     * @param page     1-based page
     * @param pageSize messages per page
     * @return messages (without bodies), newest first
     */
    public Page list(Optional<String> status, int page, int pageSize) {
        status.filter(s -> !STATUSES.contains(s)).ifPresent(s -> {
            throw CmsException.badRequest("Invalid query parameters", Map.of("status", "must be queued, sent, captured or failed"));
        });
        return Pages.read(db.execute().query("SELECT jsonb_build_object(" + SUMMARY + ")::text AS doc,"
                                                             + " count(*) OVER () AS total FROM mail_messages"
                                                             + " WHERE (?::text IS NULL OR status = ?)"
                                                             + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                                                     status.orElse(null), status.orElse(null), pageSize,
                                                     (long) (page - 1) * pageSize), page, pageSize);
    }

    /**
     * @param id message id
     * @return the message with both bodies and headers
     */
    public String get(long id) {
        return db.execute().get("SELECT jsonb_build_object(" + SUMMARY + ", 'text_body', text_body, 'html_body', html_body,"
                                        + " 'headers', headers)::text AS doc FROM mail_messages WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class))
                .orElseThrow(() -> CmsException.notFound("No mail message with id " + id));
    }

    /**
     * Sends a stored message again (same Message-ID).
     *
     * @param id message id
     * @return the message summary
     */
    public String resend(long id) {
        get(id);
        DbTransaction tx = db.transaction();
        try {
            if (tx.dml("UPDATE mail_messages SET status = 'queued', last_error = NULL WHERE id = ? AND status <> 'queued'",
                       id) == 0) {
                throw CmsException.conflict("This message is already waiting to be sent", Map.of());
            }
            jobs.enqueue(tx, SEND, Json.createObjectBuilder().add("mail_id", id).build());
            tx.commit();
        } catch (RuntimeException | Error e) {
            Transactions.rollback(tx, e);
            throw e;
        }
        return get(id);
    }
}
