package org.bitwreckers.cms.core.document;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.json.JsonText;

/**
 * SQL of the document write path. Every method takes the transaction it runs in; values are always bound.
 */
final class DocumentRepository {
    private static final String COLUMNS = "id, slug, status, data::text AS data, version, published_version, owner_id";

    Optional<StoredDocument> lock(DbExecute tx, ContentType type, long id) {
        return tx.get("SELECT " + COLUMNS + " FROM documents WHERE type = ? AND id = ? FOR UPDATE", type.name(), id)
                .map(DocumentRepository::stored);
    }

    /**
     * A new document and its first version, in one statement (one round trip on every create and form submission).
     *
     * @return the new document's id
     */
    long insertWithFirstVersion(DbExecute tx, ContentType type, String slug, String status, String data, String author,
                                Long owner, String action) {
        return tx.get("WITH created AS (INSERT INTO documents (type, slug, status, data, created_by, updated_by, owner_id)"
                              + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id, slug, data),"
                              + " versioned AS (INSERT INTO document_versions (document_id, version, action, slug, data,"
                              + " author) SELECT id, 1, ?, slug, data, ? FROM created)"
                              + " SELECT id FROM created",
                      type.name(), slug, status, data, author, author, owner, action, author)
                .orElseThrow().column("id").get(Long.class);
    }

    void update(DbExecute tx, long id, String slug, String data, int version, String author) {
        tx.dml("UPDATE documents SET slug = ?, data = ?::jsonb, version = ?, updated_by = ?, updated_at = now()"
                       + " WHERE id = ?", slug, data, version, author, id);
    }

    /**
     * Plugin-maintained facts (counts, scores) reach the published copy too; null values remove the field there.
     *
     * @return whether the document has a published copy (which was changed)
     */
    boolean patchPublished(DbExecute tx, long id, String setJson, List<String> removed) {
        return tx.dml("UPDATE documents SET published_data = (published_data || ?::jsonb) - string_to_array(?, ',')"
                       + " WHERE id = ? AND published_data IS NOT NULL", setJson, String.join(",", removed), id) > 0;
    }

    void publish(DbExecute tx, long id, String author) {
        tx.dml("UPDATE documents SET status = 'published', published_data = data, published_version = version,"
                       + " published_slug = slug, published_at = now(), updated_by = ?, updated_at = now() WHERE id = ?",
               author, id);
        recordPublication(tx, id, "publish", author);
    }

    void unpublish(DbExecute tx, long id, String author) {
        tx.dml("UPDATE documents SET status = 'draft', published_data = NULL, published_version = NULL,"
                       + " published_slug = NULL, published_at = NULL, updated_by = ?, updated_at = now() WHERE id = ?",
               author, id);
        recordPublication(tx, id, "unpublish", author);
    }

    /** Publishing makes no version row: this is where the document's timeline finds who published what, when. */
    private static void recordPublication(DbExecute tx, long id, String action, String author) {
        tx.dml("INSERT INTO document_publications (document_id, action, version, author)"
                       + " SELECT id, ?, version, ? FROM documents WHERE id = ?", action, author, id);
    }

    void delete(DbExecute tx, long id) {
        tx.dml("DELETE FROM documents WHERE id = ?", id);
    }

    void insertVersion(DbExecute tx, long id, int version, String action, String slug, String data, String author) {
        tx.dml("INSERT INTO document_versions (document_id, version, action, slug, data, author)"
                       + " VALUES (?, ?, ?, ?, ?::jsonb, ?)", id, version, action, slug, data, author);
    }

    boolean slugTaken(DbExecute tx, ContentType type, String slug, long exceptId) {
        return tx.get("SELECT 1 AS taken FROM documents WHERE type = ? AND slug = ? AND id <> ?", type.name(), slug, exceptId)
                .isPresent();
    }

    /** Whether a media asset (or one of its variants) has this storage key. */
    boolean mediaExists(DbExecute tx, String key) {
        return tx.get("SELECT 1 AS found FROM media_assets WHERE storage_key = ? OR variants @> ?::jsonb LIMIT 1", key,
                      "[{\"key\":\"" + key + "\"}]").isPresent();
    }

    /** Read by id alone, the type tested on the rows found: see {@link BulkRepository#existing}. */
    long countExisting(DbExecute tx, String typeName, List<Long> ids) {
        String csv = String.join(",", ids.stream().map(String::valueOf).toList());
        return tx.get("SELECT count(*) FILTER (WHERE type = ?) AS n FROM documents"
                              + " WHERE id = ANY (string_to_array(?, ',')::bigint[])", typeName, csv)
                .orElseThrow().column("n").get(Long.class);
    }

    List<String> versions(DbExecute exec, long id) {
        try (Stream<DbRow> rows = exec.query(
                "SELECT jsonb_build_object('version', version, 'action', action, 'slug', slug, 'author', author,"
                        + " 'created_at', " + SqlTime.iso("created_at") + ")::text"
                        + " AS v FROM document_versions WHERE document_id = ? ORDER BY version DESC", id)) {
            return rows.map(r -> r.column("v").get(String.class)).toList();
        }
    }

    Optional<String> version(DbExecute exec, long id, int version) {
        return exec.get("SELECT jsonb_build_object('version', version, 'action', action, 'slug', slug, 'author', author,"
                                + " 'created_at', " + SqlTime.iso("created_at") + ","
                                + " 'data', data)::text AS v FROM document_versions WHERE document_id = ? AND version = ?",
                        id, version)
                .map(r -> r.column("v").get(String.class));
    }

    private static StoredDocument stored(DbRow row) {
        return new StoredDocument(row.column("id").get(Long.class),
                                  row.column("slug").get(String.class),
                                  row.column("status").get(String.class),
                                  JsonText.object(row.column("data").get(String.class)),
                                  row.column("version").get(Integer.class),
                                  row.column("published_version").get(Integer.class),
                                  row.column("owner_id").get(Long.class));
    }
}
