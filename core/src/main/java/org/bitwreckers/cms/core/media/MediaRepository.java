package org.bitwreckers.cms.core.media;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;

/**
 * SQL of the media library: asset rows and their JSON shape (file URLs start with the given base). Methods that take
 * a transaction run in it; values are always bound.
 */
final class MediaRepository {
    private static final String ASSET = "jsonb_build_object('id', id, 'url', ? || storage_key, 'key', storage_key,"
            + " 'kind', kind, 'content_type', content_type, 'size', size_bytes, 'width', width, 'height', height,"
            + " 'filename', filename, 'alt', alt, 'caption', caption, 'variants', COALESCE((SELECT jsonb_agg(v"
            + " || jsonb_build_object('url', ? || (v->>'key'))) FROM jsonb_array_elements(variants) v), '[]'),"
            + " 'uploaded_by', uploaded_by, 'created_at', " + SqlTime.iso("created_at") + ")";

    /** An asset's original file and its variants (a JSON array). */
    record StoredFiles(String key, String contentType, long size, String variants) {
    }

    private final DbClient db;
    private final String urlBase;

    MediaRepository(DbClient db, String urlBase) {
        this.db = db;
        this.urlBase = urlBase;
    }

    /**
     * Reads the public side of the assets with these keys (never who uploaded them), one row each, in one query.
     *
     * @param keys storage keys
     * @param each gets each asset's row
     */
    void publicSide(Collection<String> keys, Consumer<DbRow> each) {
        String marks = String.join(", ", Collections.nCopies(keys.size(), "?"));
        try (Stream<DbRow> rows = db.execute().query("SELECT storage_key, kind, content_type, width, height, alt, caption,"
                                                             + " variants::text AS variants FROM media_assets"
                                                             + " WHERE storage_key IN (" + marks + ")", keys.toArray())) {
            rows.forEach(each);
        }
    }

    /** Tells every node (LISTEN content_changed) that cached answers describing media are stale. */
    void notifyChanged(DbExecute tx, String generationKey) {
        tx.get("SELECT pg_notify('content_changed', ?) AS sent", generationKey);
    }

    /** @return the new asset's id, empty when an asset with this hash exists already */
    Optional<Long> insert(DbExecute tx, String hash, String key, String kind, String type, long size, Integer width,
                          Integer height, String filename, String alt, String caption, String uploader) {
        return tx.get("INSERT INTO media_assets (hash, storage_key, kind, content_type, size_bytes, width,"
                              + " height, filename, alt, caption, uploaded_by) VALUES (?, ?, ?, ?, ?,"
                              + " ?::integer, ?::integer, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING"
                              + " RETURNING id", hash, key, kind, type, size,
                      width == null ? null : width.toString(), height == null ? null : height.toString(),
                      filename, alt, caption, uploader)
                .map(r -> r.column("id").get(Long.class));
    }

    /** @return the asset with this content hash, as JSON */
    Optional<String> byHash(String hash) {
        return db.execute().get("SELECT " + ASSET + "::text AS a FROM media_assets WHERE hash = ?", urlBase, urlBase, hash)
                .map(r -> r.column("a").get(String.class));
    }

    /** @return the asset as JSON, with the documents and users that use it ({@code used_by}) */
    Optional<String> withUsers(long id) {
        return db.execute().get("SELECT (" + ASSET + " || jsonb_build_object('used_by', (SELECT COALESCE(jsonb_agg("
                                        + "jsonb_build_object('type', d.type, 'id', d.id)), '[]') FROM documents d"
                                        + " WHERE strpos(d.data::text, media_assets.hash) > 0"
                                        + " OR strpos(COALESCE(d.published_data::text, ''), media_assets.hash) > 0)"
                                        + " || (SELECT COALESCE(jsonb_agg(jsonb_build_object('type', 'user', 'id', u.id)),"
                                        + " '[]') FROM users u WHERE strpos(COALESCE(u.avatar_url, ''), media_assets.hash)"
                                        + " > 0)))::text AS a"
                                        + " FROM media_assets WHERE id = ?", urlBase, urlBase, id)
                .map(r -> r.column("a").get(String.class));
    }

    /**
     * @param kind image or video, or null for both
     * @param like a lower-case LIKE pattern for the file name, alt text and caption, or null for all
     */
    Page list(String kind, String like, int page, int pageSize) {
        return Pages.read(db.execute().query(
                "SELECT " + ASSET + "::text AS doc, count(*) OVER () AS total FROM media_assets"
                        + " WHERE (?::text IS NULL OR kind = ?::text) AND (?::text IS NULL OR lower(filename || ' ' || alt"
                        + " || ' ' || caption) LIKE ?::text) ORDER BY id DESC LIMIT ? OFFSET ?",
                urlBase, urlBase, kind, kind, like, like, pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }

    /** Sets the alt text and caption that are given (null keeps the old one). */
    void describe(long id, String alt, String caption) {
        db.execute().dml("UPDATE media_assets SET alt = COALESCE(?, alt), caption = COALESCE(?, caption) WHERE id = ?",
                         alt, caption, id);
    }

    void delete(long id) {
        db.execute().dml("DELETE FROM media_assets WHERE id = ?", id);
    }

    /** @return the files of the asset with this content hash */
    Optional<StoredFiles> filesByHash(String hash) {
        return db.execute().get("SELECT storage_key AS k, content_type AS t, size_bytes AS s, variants::text AS v"
                                        + " FROM media_assets WHERE hash = ?", hash)
                .map(r -> new StoredFiles(r.column("k").get(String.class), r.column("t").get(String.class),
                                          r.column("s").get(Long.class), r.column("v").get(String.class)));
    }

    /** @return the asset's original file */
    Optional<MediaService.Served> original(long id) {
        return db.execute().get("SELECT storage_key AS k, content_type AS t, size_bytes AS s FROM media_assets WHERE id = ?", id)
                .map(r -> new MediaService.Served(r.column("k").get(String.class), r.column("t").get(String.class),
                                                  r.column("s").get(Long.class)));
    }

    /** @return whether the asset still exists (its variants are recorded) */
    boolean setVariants(long id, String variants) {
        return db.execute().dml("UPDATE media_assets SET variants = ?::jsonb WHERE id = ?", variants, id) > 0;
    }
}
