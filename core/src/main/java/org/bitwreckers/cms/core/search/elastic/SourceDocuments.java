package org.bitwreckers.cms.core.search.elastic;

import java.util.List;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.json.JsonText;

/**
 * Reads what the index needs from PostgreSQL. Every read is stamped with a version taken from a sequence just
 * before it: a later read sees a state at least as new and carries a higher version, which Elasticsearch uses to
 * keep the newest entry whatever order the writes arrive in.
 */
final class SourceDocuments {
    /**
     * One document as stored.
     *
     * @param id            id
     * @param slug          draft slug
     * @param publishedSlug published slug
     * @param draft         current data
     * @param published     published data, null when not published
     */
    record Row(long id, String slug, String publishedSlug, JsonObject draft, JsonObject published) {
    }

    /**
     * Documents read at one moment.
     *
     * @param version the version their entries carry
     * @param rows    the documents
     */
    record Batch(long version, List<Row> rows) {
    }

    private static final String COLUMNS = "SELECT id, slug, published_slug, data::text AS data,"
            + " published_data::text AS published FROM documents";

    private final DbClient db;

    SourceDocuments(DbClient db) {
        this.db = db;
    }

    /** @return those of the documents that still exist (one, or a bulk import's batch), read at one moment */
    Batch some(List<Long> ids) {
        long version = nextVersion();
        String array = "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}";
        return new Batch(version, rows(COLUMNS + " WHERE id IN (SELECT unnest(?::bigint[]))", array));
    }

    /** @return up to limit documents of the type after the given id, in id order */
    Batch after(String type, long afterId, int limit) {
        long version = nextVersion();
        return new Batch(version, rows(COLUMNS + " WHERE type = ? AND id > ? ORDER BY id LIMIT ?", type, afterId, limit));
    }

    private long nextVersion() {
        return db.execute().get("SELECT nextval('search_versions') AS v").orElseThrow().column("v").get(Long.class);
    }

    private List<Row> rows(String sql, Object... params) {
        try (Stream<DbRow> rows = db.execute().query(sql, params)) {
            return rows.map(r -> {
                String published = r.column("published").get(String.class);
                return new Row(r.column("id").get(Long.class), r.column("slug").get(String.class),
                               r.column("published_slug").get(String.class),
                               JsonText.object(r.column("data").get(String.class)),
                               published == null ? null : JsonText.object(published));
            }).toList();
        }
    }
}
