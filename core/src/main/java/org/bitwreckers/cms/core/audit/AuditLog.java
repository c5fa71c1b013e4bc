package org.bitwreckers.cms.core.audit;

import java.util.Optional;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;

/**
 * The audit log: one row per successful admin write. Others sell this as an enterprise feature; here it is core.
 */
public final class AuditLog {

    private final DbClient db;

    /**
     * An audited write.
     *
     * @param actor      who (token or user)
     * @param method     HTTP method
     * @param path       path written to
     * @param status     response status
     * @param entityType document type or "user", when known
     * @param entityId   its id, when known
     * @param before     JSON before the write, when known
     * @param after      JSON after the write, when known
     */
    public record Entry(String actor, String method, String path, int status, String entityType, Long entityId,
                        String before, String after) {
    }

    /**
     * @param db database client
     */
    public AuditLog(DbClient db) {
        this.db = db;
    }

    /**
     * @param entry what happened
     */
    public void record(Entry entry) {
        db.execute().dml("INSERT INTO audit_log (actor, method, path, status, entity_type, entity_id, before, after)"
                                 + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)",
                         entry.actor(), entry.method(), entry.path(), entry.status(), entry.entityType(), entry.entityId(),
                         entry.before(), entry.after());
    }

    /**
     * @param actor      only this actor
     * @param entityType only this type
     * @param entityId   only this entity
     * @param page       1-based page
     * @param pageSize   per page
     * @return entries, newest first
     */
    public Page list(Optional<String> actor, Optional<String> entityType, Optional<Long> entityId, int page, int pageSize) {
        return Pages.read(db.execute().query(
                "SELECT jsonb_build_object('id', id, 'actor', actor, 'method', method, 'path', path, 'status', status,"
                        + " 'entity_type', entity_type, 'entity_id', entity_id, 'before', before, 'after', after,"
                        + " 'created_at', " + SqlTime.iso("created_at") + ")::text AS doc, count(*) OVER () AS total"
                        + " FROM audit_log WHERE (?::text IS NULL OR actor = ?) AND (?::text IS NULL OR entity_type = ?)"
                        + " AND (?::bigint IS NULL OR entity_id = ?) ORDER BY id DESC LIMIT ? OFFSET ?",
                actor.orElse(null), actor.orElse(null), entityType.orElse(null), entityType.orElse(null),
                entityId.orElse(null), entityId.orElse(null), pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }
}
