package org.bitwreckers.cms.core.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArray;

/**
 * Set-based SQL of the import: each statement takes a batch as one bound jsonb array read with
 * {@code jsonb_populate_recordset}, so a row's columns come from the keys of the same name. Upserts change a row only
 * when something differs, which makes a repeated import write nothing.
 */
final class TransferRepository {
    private static final String DOCUMENT_COLUMNS = "type, slug, status, data, version, published_data, published_version,"
            + " published_at, created_by, updated_by, created_at, updated_at, publish_at, unpublish_at, published_slug";
    private static final String VERSION_COLUMNS = "action, slug, data, author, created_at";
    private static final String MEDIA_COLUMNS = "storage_key, kind, content_type, size_bytes, width, height, filename,"
            + " alt, caption, variants, uploaded_by, created_at";

    /** A document row the upsert wrote. */
    record Written(long id, String type) {
    }

    /** @return the documents inserted or changed (the owner of an existing one stays: accounts do not travel) */
    List<Written> upsertDocuments(DbExecute tx, JsonArray docs) {
        List<Written> written = new ArrayList<>();
        try (Stream<DbRow> rows = tx.query(
                "INSERT INTO documents (id, " + DOCUMENT_COLUMNS + ") OVERRIDING SYSTEM VALUE SELECT id, "
                        + DOCUMENT_COLUMNS + " FROM jsonb_populate_recordset(NULL::documents, ?::jsonb)"
                        + " ON CONFLICT (id) DO UPDATE SET " + assignments(DOCUMENT_COLUMNS)
                        + " WHERE " + distinct("documents", DOCUMENT_COLUMNS) + " RETURNING id, type",
                docs.toString())) {
            rows.forEach(r -> written.add(new Written(r.column("id").get(Long.class), r.column("type").get(String.class))));
        }
        return written;
    }

    /**
     * Makes the documents' versions exactly those given.
     *
     * @param versions {@code [{"document_id", "version", "action", ...}]}
     * @param ids      the documents concerned
     * @return rows inserted, changed or removed
     */
    long replaceVersions(DbExecute tx, JsonArray versions, JsonArray ids) {
        long removed = tx.dml("DELETE FROM document_versions v WHERE v.document_id IN"
                                      + " (SELECT (jsonb_array_elements_text(?::jsonb))::bigint) AND NOT EXISTS (SELECT 1"
                                      + " FROM jsonb_populate_recordset(NULL::document_versions, ?::jsonb) r"
                                      + " WHERE r.document_id = v.document_id AND r.version = v.version)",
                              ids.toString(), versions.toString());
        long upserted = tx.dml("INSERT INTO document_versions (document_id, version, " + VERSION_COLUMNS + ")"
                                       + " SELECT document_id, version, " + VERSION_COLUMNS
                                       + " FROM jsonb_populate_recordset(NULL::document_versions, ?::jsonb)"
                                       + " ON CONFLICT (document_id, version) DO UPDATE SET "
                                       + assignments(VERSION_COLUMNS) + " WHERE "
                                       + distinct("document_versions", VERSION_COLUMNS), versions.toString());
        return removed + upserted;
    }

    /** @return media records inserted or changed (matched by the hash of their file) */
    long upsertMedia(DbExecute tx, JsonArray media) {
        return tx.dml("INSERT INTO media_assets (hash, " + MEDIA_COLUMNS + ") SELECT hash, " + MEDIA_COLUMNS
                              + " FROM jsonb_populate_recordset(NULL::media_assets, ?::jsonb)"
                              + " ON CONFLICT (hash) DO UPDATE SET " + assignments(MEDIA_COLUMNS)
                              + " WHERE " + distinct("media_assets", MEDIA_COLUMNS), media.toString());
    }

    /**
     * @param docs {@code [{"id", "type", "slug"}]}
     * @return positions (0-based) of those whose slug another document of the type already has here
     */
    List<Integer> slugsTaken(DbExecute tx, JsonArray docs) {
        try (Stream<DbRow> rows = tx.query(
                "SELECT e.n - 1 AS i FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(doc, n)"
                        + " WHERE EXISTS (SELECT 1 FROM documents d WHERE d.type = e.doc->>'type'"
                        + " AND d.slug = e.doc->>'slug' AND d.id <> (e.doc->>'id')::bigint) ORDER BY e.n",
                docs.toString())) {
            return rows.map(r -> r.column("i").get(Long.class).intValue()).toList();
        }
    }

    /** @return which of the ids name a document of the type (read by id alone: see BulkRepository's existing) */
    Set<Long> existing(DbExecute tx, String type, JsonArray ids) {
        try (Stream<DbRow> rows = tx.query("SELECT id, type FROM documents WHERE id IN"
                                                   + " (SELECT (jsonb_array_elements_text(?::jsonb))::bigint)",
                                           ids.toString())) {
            return new HashSet<>(rows.filter(r -> type.equals(r.column("type").get(String.class)))
                                         .map(r -> r.column("id").get(Long.class)).toList());
        }
    }

    /** @return which of the storage keys name a media asset or one of its variants here */
    Set<String> existingMedia(DbExecute tx, JsonArray keys) {
        try (Stream<DbRow> rows = tx.query(
                "SELECT k FROM jsonb_array_elements_text(?::jsonb) AS k WHERE EXISTS (SELECT 1 FROM media_assets"
                        + " WHERE storage_key = k OR variants @> jsonb_build_array(jsonb_build_object('key', k)))",
                keys.toString())) {
            return new HashSet<>(rows.map(r -> r.column("k").get(String.class)).toList());
        }
    }

    /** Ids given explicitly do not move the identity: it is moved past the largest so new documents do not collide. */
    void advanceDocumentIds(DbExecute tx) {
        tx.get("SELECT setval(pg_get_serial_sequence('documents', 'id'), GREATEST((SELECT max(id) FROM documents),"
                       + " COALESCE(pg_sequence_last_value(pg_get_serial_sequence('documents', 'id')::regclass), 1)))"
                       + " AS v");
    }

    private static String assignments(String columns) {
        return String.join(", ", Stream.of(columns.split(",\\s*")).map(c -> c + " = excluded." + c).toList());
    }

    private static String distinct(String table, String columns) {
        List<String> names = List.of(columns.split(",\\s*"));
        return "(" + String.join(", ", names.stream().map(c -> table + "." + c).toList()) + ") IS DISTINCT FROM ("
                + String.join(", ", names.stream().map(c -> "excluded." + c).toList()) + ")";
    }
}
