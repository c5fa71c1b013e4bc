package org.bitwreckers.cms.core.plugin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.spi.Document;
import org.bitwreckers.cms.spi.Documents;

/**
 * Documents for one plugin, either on their own (reads commit at once) or inside a transaction. Writes go through
 * {@link DocumentService}, so descriptors validate them, versions record them and hooks see them.
 */
final class PluginDocuments implements Documents {
    private static final String COLUMNS = "id, slug, published_data IS NOT NULL AS published, data::text AS data, owner_id,"
            + " (extract(epoch FROM created_at) * 1000)::bigint AS created_ms";

    private final ContentTypeRegistry registry;
    private final DocumentService documents;
    private final DbClient db;
    private final DbTransaction tx;
    private final String author;

    PluginDocuments(ContentTypeRegistry registry, DocumentService documents, DbClient db, DbTransaction tx, String author) {
        this.registry = registry;
        this.documents = documents;
        this.db = db;
        this.tx = tx;
        this.author = author;
    }

    private DbExecute exec() {
        return tx != null ? tx : db.execute();
    }

    @Override
    public Optional<Document> get(String type, long id) {
        ContentType t = type(type);
        return exec().get("SELECT " + COLUMNS + " FROM documents WHERE type = ? AND id = ?", t.name(), id)
                .map(r -> document(t.name(), r));
    }

    @Override
    public Optional<Document> lock(String type, long id) {
        if (tx == null) {
            return get(type, id);
        }
        ContentType t = type(type);
        return tx.get("SELECT " + COLUMNS + " FROM documents WHERE type = ? AND id = ? FOR UPDATE", t.name(), id)
                .map(r -> document(t.name(), r));
    }

    @Override
    public List<Document> find(String type, Map<String, Object> where, int limit) {
        ContentType t = type(type);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000 (got " + limit + ")");
        }
        try (Stream<DbRow> rows = exec().query("SELECT " + COLUMNS + " FROM documents WHERE type = ? AND data @> ?::jsonb"
                                                       + " ORDER BY id LIMIT ?", t.name(), where(t, where), limit)) {
            return rows.map(r -> document(t.name(), r)).toList();
        }
    }

    @Override
    public long count(String type, Map<String, Object> where) {
        ContentType t = type(type);
        return exec().get("SELECT count(*) AS n FROM documents WHERE type = ? AND data @> ?::jsonb", t.name(), where(t, where))
                .orElseThrow().column("n").get(Long.class);
    }

    @Override
    public Document create(String type, Map<String, Object> data, Optional<Long> owner) {
        ContentType t = type(type);
        DbTransaction transaction = requireTx("create");
        long id = documents.createIn(transaction, t, JsonMaps.toJson(data), owner, author);
        return get(type, id).orElseThrow();
    }

    @Override
    public Document update(String type, long id, Map<String, Object> fields) {
        ContentType t = type(type);
        DbTransaction transaction = requireTx("update");
        documents.patchIn(transaction, t, id, JsonMaps.toJson(fields), "update", author);
        return get(type, id).orElseThrow();
    }

    private DbTransaction requireTx(String what) {
        if (tx == null) {
            throw new IllegalStateException("documents()." + what + " needs a transaction: use services.transaction(tx -> ...)");
        }
        return tx;
    }

    private ContentType type(String name) {
        return registry.find(name).orElseThrow(() -> new IllegalArgumentException("no content type '" + name + "'"));
    }

    /** Only fields the descriptor declares may be matched; the values travel as one bound JSON parameter. */
    private static String where(ContentType type, Map<String, Object> where) {
        for (String field : where.keySet()) {
            if (type.field(field).isEmpty()) {
                throw new IllegalArgumentException(type.name() + " has no field '" + field + "'");
            }
        }
        return JsonMaps.toJson(where).toString();
    }

    private static Document document(String type, DbRow row) {
        JsonObject data = JsonText.object(row.column("data").get(String.class));
        return new Document(type, row.column("id").get(Long.class), Optional.ofNullable(row.column("slug").get(String.class)),
                            row.column("published").get(Boolean.class), JsonMaps.toMap(data),
                            Optional.ofNullable(row.column("owner_id").get(Long.class)),
                            Instant.ofEpochMilli(row.column("created_ms").get(Long.class)));
    }
}
