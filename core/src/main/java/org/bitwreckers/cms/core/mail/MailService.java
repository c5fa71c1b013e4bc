package org.bitwreckers.cms.core.mail;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Every e-mail goes through here: rendered from a template, stored in {@code mail_messages} and queued as a
 * {@code mail.send} job in the caller's transaction. The job delivers it over SMTP, or marks it captured when no
 * SMTP server is configured (readable in the admin API). Nothing is silently dropped.
 *
 * <p>A message that carries a secret (a reset or confirmation link, a signed unsubscribe link) is stored with every
 * secret masked: that is all the admin API ever shows. The deliverable copy is kept sealed ({@link MailSeal}) until
 * the message is delivered, then erased; such a message cannot be resent after that (the person asks for a new link).
 */
public final class MailService implements JobHandler {
    /** The job kind that delivers one stored message. */
    public static final String SEND = "mail.send";
    /** The member of a sending job's payload that names its message. */
    private static final String MAIL_ID = "mail_id";
    /**
     * Sending jobs one run takes together: one connection (a handshake and a login) and three statements for all of
     * them instead of each. Small enough for servers that limit the messages of a connection.
     */
    private static final int BATCH = 25;
    /** Statuses a message can have. */
    public static final Set<String> STATUSES = Set.of("queued", "sent", "captured", "failed", "erased");
    /** What the stored copy shows instead of a secret. */
    public static final String HIDDEN = "[hidden]";
    private static final String UNSENDABLE = "Not sent: the one-time link or token this message carried is no longer"
            + " stored (or SECRET_KEY changed); the person can ask for a new one";

    private static final String SUMMARY = "'id', id, 'message_id', message_id, 'template', template, 'recipient', recipient,"
            + " 'subject', subject, 'status', status, 'attempts', attempts, 'last_error', last_error, 'created_at', "
            + SqlTime.iso("created_at") + ", 'sent_at', " + SqlTime.iso("sent_at") + ", 'contains_secrets', contains_secrets";

    private final DbClient db;
    private final JobQueue jobs;
    private final MailTemplates templates;
    private final Optional<MailSender> sender;
    private final String domain;
    private final MailSeal seal;

    /**
     * @param db        database client
     * @param jobs      job queue
     * @param templates mail templates
     * @param sender    SMTP sender; empty captures mail in the database instead
     * @param domain    domain part of generated Message-IDs
     * @param secretKey SECRET_KEY (seals the deliverable copy of messages that carry secrets)
     */
    public MailService(DbClient db, JobQueue jobs, MailTemplates templates, Optional<MailSender> sender, String domain,
                       String secretKey) {
        this.db = db;
        this.jobs = jobs;
        this.templates = templates;
        this.sender = sender;
        this.domain = domain;
        this.seal = new MailSeal(secretKey);
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
        return queue(tx, template, to, variables, headers, Set.of());
    }

    /**
     * Renders, stores and queues a message that carries secrets: the stored copy shows each of them as
     * {@value #HIDDEN} (in the subject, both parts and the headers); only the job that delivers it sees them.
     *
     * @param tx        the transaction of the write that causes the mail
     * @param template  template name
     * @param to        recipient address
     * @param variables template values
     * @param headers   extra headers
     * @param secrets   the secret values (tokens, signatures) wherever they appear in the message
     * @return the message id
     */
    public long queue(DbExecute tx, String template, String to, Map<String, String> variables, Map<String, String> headers,
                      Set<String> secrets) {
        return queueAll(tx, List.of(new Outgoing(template, to, variables, headers, secrets))).getFirst();
    }

    /**
     * Renders, stores and queues messages in the caller's transaction, all in one statement (the mails of submissions
     * committed together, a newsletter batch).
     *
     * @param tx    the transaction of the write that causes the mails
     * @param mails the messages
     * @return their ids, in the same order
     */
    public List<Long> queueAll(DbExecute tx, List<Outgoing> mails) {
        if (mails.isEmpty()) {
            return List.of();
        }
        JsonArrayBuilder rows = Jsons.createArrayBuilder();
        List<String> messageIds = new ArrayList<>(mails.size());
        for (Outgoing mail : mails) {
            MailTemplates.Rendered rendered = templates.render(mail.template(), mail.variables());
            String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
            Content real = new Content(rendered.subject(), rendered.text(), rendered.html(), mail.headers());
            Content stored = real.masked(mail.secrets());
            byte[] sealed = stored.equals(real) ? null : seal.seal(real.json(), messageId);
            JsonObjectBuilder row = Jsons.createObjectBuilder().add("message_id", messageId)
                    .add("template", mail.template()).add("recipient", mail.to()).add("subject", stored.subject())
                    .add("text_body", stored.text()).add("html_body", stored.html()).add("headers", stored.headersObject())
                    .add("contains_secrets", sealed != null);
            rows.add(sealed == null ? row.addNull("sealed") : row.add("sealed", Base64.getEncoder().encodeToString(sealed)));
            messageIds.add(messageId);
        }
        // the messages and their sending jobs in one statement (mail_id in each payload)
        Map<String, Long> ids = new HashMap<>();
        jobs.insertAllAndEnqueue(tx, "INSERT INTO mail_messages (message_id, template, recipient, subject, text_body,"
                                         + " html_body, headers, contains_secrets, sealed) SELECT m.message_id, m.template,"
                                         + " m.recipient, m.subject, m.text_body, m.html_body, m.headers,"
                                         + " m.contains_secrets, decode(m.sealed, 'base64') FROM jsonb_to_recordset(?::jsonb)"
                                         + " AS m(message_id text, template text, recipient text, subject text,"
                                         + " text_body text, html_body text, headers jsonb, contains_secrets boolean,"
                                         + " sealed text) RETURNING id, message_id", List.of(rows.build().toString()),
                                 SEND, MAIL_ID)
                .forEach(r -> ids.put(r.column("message_id").get(String.class), r.column("id").get(Long.class)));
        return messageIds.stream().map(ids::get).toList();
    }

    /**
     * A message to queue.
     *
     * @param template  template name
     * @param to        recipient address
     * @param variables template values
     * @param headers   extra headers
     * @param secrets   the secret values it carries (see {@link #queue(DbExecute, String, String, Map, Map, Set)})
     */
    public record Outgoing(String template, String to, Map<String, String> variables, Map<String, String> headers,
                           Set<String> secrets) {
        /**
         * A message with no extra headers and no secrets.
         *
         * @param template  template name
         * @param to        recipient address
         * @param variables template values
         */
        public Outgoing(String template, String to, Map<String, String> variables) {
            this(template, to, variables, Map.of(), Set.of());
        }
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
        return Transactions.call(db, tx -> queue(tx, template, to, variables, Map.of()));
    }

    /**
     * Delivers one stored message; a message already sent (or whose recipient was erased) is not sent again. The
     * sealed copy of a message with secrets is erased once it is delivered.
     */
    @Override
    public void handle(Job job) throws Exception {
        deliver(List.of(job));
    }

    /** Sending jobs come in batches: their messages go out over one connection, and are marked in one statement. */
    @Override
    public int batchLimit(String kind) {
        return kind.equals(SEND) ? BATCH : 1;
    }

    /**
     * Delivers the batch's messages in order over one connection. When one fails, those delivered before it are marked
     * sent and it is marked with its error; the batch then runs again job by job, and the sent ones are not sent again.
     */
    @Override
    public void handleAll(List<Job> jobs) throws Exception {
        deliver(jobs);
    }

    private void deliver(List<Job> jobs) throws Exception {
        Map<Long, Job> byMessage = new LinkedHashMap<>();
        jobs.forEach(job -> byMessage.put(job.payload().getJsonNumber(MAIL_ID).longValue(), job));
        List<Due> due;
        try (Stream<DbRow> rows = db.execute().query("SELECT id, message_id, recipient, subject, text_body, html_body,"
                                                             + " headers::text AS headers, contains_secrets, sealed"
                                                             + " FROM mail_messages WHERE id IN"
                                                             + " (SELECT unnest(?::bigint[])) AND status NOT IN"
                                                             + " ('sent', 'erased') ORDER BY id",
                                                     ids(byMessage.keySet()))) {
            due = rows.map(this::due).toList();
        }
        if (sender.isEmpty()) {
            if (!due.isEmpty()) {
                db.execute().dml("UPDATE mail_messages SET status = 'captured', attempts = attempts + 1, sealed = NULL"
                                         + " WHERE id IN (SELECT unnest(?::bigint[]))",
                                 ids(due.stream().map(Due::id).toList()));
            }
            return;
        }
        List<Due> sendable = new ArrayList<>();
        for (Due d : due) {
            if (d.message().isPresent()) {
                sendable.add(d);
            } else {
                db.execute().dml("UPDATE mail_messages SET status = 'failed', last_error = ? WHERE id = ?", UNSENDABLE,
                                 d.id());
            }
        }
        if (sendable.isEmpty()) {
            return;
        }
        List<Long> delivered = new ArrayList<>();
        try { // the sender goes in order and stops at the first failure: what it has not told of is the next one
            sender.get().sendAll(sendable.stream().map(d -> d.message().orElseThrow()).toList(),
                                 m -> delivered.add(sendable.get(delivered.size()).id()));
        } catch (Exception e) {
            long failed = sendable.get(Math.min(delivered.size(), sendable.size() - 1)).id();
            db.execute().dml("UPDATE mail_messages SET attempts = attempts + 1, last_error = ?,"
                                     + " status = CASE WHEN ? THEN 'failed' ELSE status END WHERE id = ?",
                             String.valueOf(e.getMessage()), byMessage.get(failed).diesOf(e), failed);
            throw e;
        } finally {
            if (!delivered.isEmpty()) {
                db.execute().dml("UPDATE mail_messages SET status = 'sent', attempts = attempts + 1, sent_at = now(),"
                                         + " last_error = NULL, sealed = NULL WHERE id IN (SELECT unnest(?::bigint[]))",
                                 ids(delivered));
            }
        }
    }

    /**
     * A stored message that is due.
     *
     * @param id      its id
     * @param message what to send; empty when only masked secrets are left
     */
    private record Due(long id, Optional<MailSender.Message> message) {
    }

    private Due due(DbRow m) {
        String messageId = m.column("message_id").get(String.class);
        return new Due(m.column("id").get(Long.class), deliverable(m, messageId).map(
                c -> new MailSender.Message(messageId, m.column("recipient").get(String.class), c.subject(), c.text(),
                                            c.html(), c.headers())));
    }

    /** @return the ids as a PostgreSQL array literal, bound as one parameter */
    private static String ids(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /** The copy to send: the sealed one if the message has secrets, the stored one otherwise; empty if unreadable. */
    private Optional<Content> deliverable(DbRow m, String messageId) {
        byte[] sealed = m.column("sealed").get(byte[].class);
        if (sealed != null) {
            try {
                return Optional.of(Content.parse(seal.open(sealed, messageId)));
            } catch (GeneralSecurityException e) {
                return Optional.empty();
            }
        }
        if (m.column("contains_secrets").get(Boolean.class)) {
            return Optional.empty(); // only masked links are left: sending them would help nobody
        }
        JsonObject headers = JsonText.object(m.column("headers").get(String.class));
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, ((JsonString) v).getString()));
        return Optional.of(new Content(m.column("subject").get(String.class), m.column("text_body").get(String.class),
                                       m.column("html_body").get(String.class), h));
    }

    /**
     * @param status   only messages with this status, if given
     * @param page     1-based page
     * @param pageSize messages per page
     * @return messages (without bodies), newest first
     */
    public Page list(Optional<String> status, int page, int pageSize) {
        status.filter(s -> !STATUSES.contains(s)).ifPresent(s -> {
            throw CmsException.badRequest("Invalid query parameters", Map.of("status", "must be queued, sent, captured, failed or erased"));
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
     * Sends a stored message again (same Message-ID). A message whose secrets were erased on delivery, or whose
     * recipient was erased, cannot be sent again.
     *
     * @param id message id
     * @return the message summary
     */
    public String resend(long id) {
        Transactions.run(db, tx -> {
            DbRow m = tx.get("SELECT status, contains_secrets AND sealed IS NULL AS secrets_gone FROM mail_messages"
                                     + " WHERE id = ? FOR UPDATE", id)
                    .orElseThrow(() -> CmsException.notFound("No mail message with id " + id));
            String status = m.column("status").get(String.class);
            if (status.equals("queued")) {
                throw CmsException.conflict("This message is already waiting to be sent", Map.of());
            }
            if (status.equals("erased")) {
                throw CmsException.conflict("The recipient's account was erased; this message cannot be sent", Map.of());
            }
            if (m.column("secrets_gone").get(Boolean.class)) {
                throw CmsException.conflict("This message carried a one-time link or token, which is erased once the"
                        + " message is delivered, so it cannot be sent again; the person can ask for a new one"
                        + " (forgotten password, newsletter subscription)", Map.of());
            }
            tx.dml("UPDATE mail_messages SET status = 'queued', last_error = NULL WHERE id = ?", id);
            jobs.enqueue(tx, SEND, Jsons.createObjectBuilder().add(MAIL_ID, id).build());
        });
        return get(id);
    }

    /**
     * What is sent: subject, both parts and the extra headers.
     *
     * @param subject subject
     * @param text    plain-text part
     * @param html    HTML part
     * @param headers extra headers
     */
    private record Content(String subject, String text, String html, Map<String, String> headers) {
        /** The same with every secret (raw, or as the HTML part escapes it) replaced by the mask. */
        Content masked(Set<String> secrets) {
            Map<String, String> h = new LinkedHashMap<>();
            headers.forEach((k, v) -> h.put(k, mask(v, secrets)));
            return new Content(mask(subject, secrets), mask(text, secrets), mask(html, secrets), h);
        }

        private static String mask(String value, Set<String> secrets) {
            String out = value;
            for (String secret : secrets) {
                if (!secret.isEmpty()) {
                    out = out.replace(secret, HIDDEN).replace(MailTemplates.escape(secret), HIDDEN);
                }
            }
            return out;
        }

        JsonObject headersObject() {
            JsonObjectBuilder h = Jsons.createObjectBuilder();
            headers.forEach(h::add);
            return h.build();
        }

        String json() {
            return Jsons.createObjectBuilder().add("subject", subject).add("text", text).add("html", html)
                    .add("headers", headersObject()).build().toString();
        }

        static Content parse(String json) {
            JsonObject o = JsonText.object(json);
            Map<String, String> h = new LinkedHashMap<>();
            o.getJsonObject("headers").forEach((k, v) -> h.put(k, ((JsonString) v).getString()));
            return new Content(o.getString("subject"), o.getString("text"), o.getString("html"), h);
        }
    }
}
