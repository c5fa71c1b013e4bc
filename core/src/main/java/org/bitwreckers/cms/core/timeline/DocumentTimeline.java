package org.bitwreckers.cms.core.timeline;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.schedule.PublishingSchedule;

/**
 * Everything that happened to one document, newest first, read from where each part of the platform records it:
 * saved versions (restores among them), publishes and withdrawals, scheduled publishes and withdrawals (their jobs), webhook
 * deliveries about it, mails sent to the addresses in its e-mail fields, and the audit log of admin writes to it.
 * Each entry is {@code {at, kind, summary, actor, detail}}.
 */
public final class DocumentTimeline {
    /** What a timeline may show; the caller leaves out what the reader may not see. */
    public enum Kind { VERSION, SCHEDULE, WEBHOOK, MAIL, AUDIT }

    /** At most this many entries, the newest. */
    public static final int LIMIT = 200;

    private static final String ENTRY = "jsonb_build_object('at', " + SqlTime.iso("at")
            + ", 'kind', kind, 'summary', summary, 'actor', actor, 'detail', detail)::text AS entry";

    private final DbClient db;

    /**
     * @param db database client
     */
    public DocumentTimeline(DbClient db) {
        this.db = db;
    }

    /** @return every kind */
    public static Set<Kind> all() {
        return EnumSet.allOf(Kind.class);
    }

    /**
     * @param type  the document's type
     * @param id    the document
     * @param kinds what to include
     * @return entries as JSON objects, newest first
     */
    public List<String> entries(ContentType type, long id, Set<Kind> kinds) {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (kinds.contains(Kind.VERSION)) {
            parts.add("SELECT created_at AS at, 'version' AS kind, 'Version ' || version || ': ' || action AS summary,"
                              + " author AS actor, jsonb_build_object('version', version, 'action', action) AS detail"
                              + " FROM document_versions WHERE document_id = ?");
            parts.add("SELECT created_at, action, initcap(action) || 'ed version ' || version, author,"
                              + " jsonb_build_object('version', version) FROM document_publications WHERE document_id = ?");
            params.add(id);
            params.add(id);
        }
        if (kinds.contains(Kind.SCHEDULE)) {
            parts.add("SELECT created_at, 'schedule', initcap(payload->>'action') || ' scheduled for ' || (payload->>'at'),"
                              + " NULL, jsonb_build_object('action', payload->>'action', 'run_at', payload->>'at',"
                              + " 'status', status) FROM jobs WHERE kind = ? AND payload->>'type' = ? AND payload->>'id' = ?");
            params.add(PublishingSchedule.KIND);
            params.add(type.name());
            params.add(Long.toString(id));
        }
        if (kinds.contains(Kind.WEBHOOK)) {
            parts.add("SELECT created_at, 'webhook', 'Webhook ' || event || ': ' || status, NULL,"
                              + " jsonb_build_object('webhook_id', webhook_id, 'event', event, 'status', status,"
                              + " 'attempts', attempts, 'response_status', response_status)"
                              + " FROM webhook_deliveries WHERE payload->>'type' = ? AND payload->>'id' = ?");
            params.add(type.name());
            params.add(Long.toString(id));
        }
        List<String> emailFields = type.fields().stream().filter(f -> f.type() == FieldType.EMAIL).map(f -> f.name()).toList();
        if (kinds.contains(Kind.MAIL) && !emailFields.isEmpty()) {
            // mails are not linked to documents: those to the document's own addresses since it exists are its mails
            parts.add("SELECT m.created_at, 'mail', m.subject, NULL, jsonb_build_object('template', m.template, 'to',"
                              + " m.recipient, 'status', m.status) FROM mail_messages m JOIN documents d ON d.id = ?"
                              + " WHERE m.created_at >= d.created_at AND lower(m.recipient) IN (SELECT lower(e.value)"
                              + " FROM jsonb_each_text(d.data) e WHERE e.key = ANY (?::text[]))");
            params.add(id);
            params.add("{" + String.join(",", emailFields) + "}"); // field names are [a-z0-9_]: a safe array literal
        }
        if (kinds.contains(Kind.AUDIT)) {
            parts.add("SELECT created_at, 'audit', method || ' ' || path || ' answered ' || status, actor,"
                              + " jsonb_build_object('method', method, 'path', path, 'status', status)"
                              + " FROM audit_log WHERE entity_type = ? AND entity_id = ?");
            params.add(type.name());
            params.add(id);
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        params.add(LIMIT);
        String sql = "SELECT " + ENTRY + " FROM (" + String.join(" UNION ALL ", parts)
                + ") t ORDER BY at DESC, kind LIMIT ?";
        try (Stream<DbRow> rows = db.execute().query(sql, params.toArray())) {
            return rows.map(r -> r.column("entry").get(String.class)).toList();
        }
    }
}
