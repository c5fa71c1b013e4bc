package org.bitwreckers.cms.core.document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.query.Column;
import org.bitwreckers.cms.core.query.View;

/**
 * Set-based SQL of the bulk import: each statement handles the whole batch, which travels as one bound jsonb array
 * (never as text spliced into the SQL).
 */
final class BulkRepository {
    /**
     * Inserts the documents and their first versions, published when asked.
     *
     * @param items {@code [{"slug": text|null, "data": {...}}, ...]} in item order
     * @return the new ids in item order
     */
    List<Long> insert(DbExecute tx, ContentType type, JsonArray items, boolean publish, String author) {
        List<Long> ids = new ArrayList<>(items.size());
        // rows are produced in item order, so the identity values ascend with it; sorting the returned ids restores it
        try (Stream<DbRow> rows = tx.query(
                "INSERT INTO documents (type, slug, status, data, created_by, updated_by, published_data, published_version,"
                        + " published_slug, published_at)"
                        + " SELECT ?, e.item->>'slug', CASE WHEN ? THEN 'published' ELSE 'draft' END, e.item->'data', ?, ?,"
                        + " CASE WHEN ? THEN e.item->'data' END, CASE WHEN ? THEN 1 END,"
                        + " CASE WHEN ? THEN e.item->>'slug' END, CASE WHEN ? THEN now() END"
                        + " FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(item, n) ORDER BY e.n RETURNING id",
                type.name(), publish, author, author, publish, publish, publish, publish, items.toString())) {
            rows.forEach(r -> ids.add(r.column("id").get(Long.class)));
        }
        ids.sort(null);
        tx.dml("INSERT INTO document_versions (document_id, version, action, slug, data, author)"
                       + " SELECT id, 1, 'create', slug, data, ? FROM documents WHERE id IN (SELECT unnest(?::bigint[]))",
               author, array(ids));
        return ids;
    }

    /** @return which of the slugs another document of the type already has */
    Set<String> takenSlugs(DbExecute tx, ContentType type, Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Set.of();
        }
        try (Stream<DbRow> rows = tx.query("SELECT slug FROM documents WHERE type = ? AND slug IN (SELECT unnest(?::text[]))",
                                           type.name(), array(slugs))) {
            return rows.map(r -> r.column("slug").get(String.class)).collect(Collectors.toSet());
        }
    }

    /**
     * @param datas the items' data in item order
     * @return positions (0-based) of the items whose value of the unique field another document already has; the
     *         comparison is the unique index's own expression, so it agrees with the index
     */
    List<Integer> uniqueTaken(DbExecute tx, ContentType type, FieldDefinition field, JsonArray datas) {
        Column column = Column.resolve(type, field.name()).orElseThrow();
        String mine = column.expression("e.data");
        // field names come from descriptors (checked against a strict pattern), as in every compiled query
        try (Stream<DbRow> rows = tx.query(
                "SELECT e.n - 1 AS i FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS e(data, n)"
                        + " WHERE " + mine + " IS NOT NULL AND EXISTS (SELECT 1 FROM documents d WHERE d.type = ? AND "
                        + column.expression("d." + View.ADMIN.column()) + " = " + mine + ") ORDER BY e.n",
                datas.toString(), type.name())) {
            return rows.map(r -> r.column("i").get(Long.class).intValue()).toList();
        }
    }

    /**
     * @return which of the ids name a document of the target type; read by id alone and the type compared here, as a
     *         type test in the statement lets statistics taken while the type was rare plan a read of all its documents
     */
    Set<Long> existing(DbExecute tx, String target, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try (Stream<DbRow> rows = tx.query("SELECT id, type FROM documents WHERE id IN (SELECT unnest(?::bigint[]))",
                                           array(ids))) {
            return rows.filter(r -> target.equals(r.column("type").get(String.class)))
                    .map(r -> r.column("id").get(Long.class)).collect(Collectors.toSet());
        }
    }

    /** @return which of the storage keys name a media asset or one of its variants */
    Set<String> existingMedia(DbExecute tx, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        JsonArrayBuilder list = Jsons.createArrayBuilder();
        keys.forEach(list::add);
        try (Stream<DbRow> rows = tx.query(
                "SELECT k FROM jsonb_array_elements_text(?::jsonb) AS k WHERE EXISTS (SELECT 1 FROM media_assets"
                        + " WHERE storage_key = k OR variants @> jsonb_build_array(jsonb_build_object('key', k)))",
                list.build().toString())) {
            return new HashSet<>(rows.map(r -> r.column("k").get(String.class)).toList());
        }
    }

    /**
     * A PostgreSQL array literal of the values, bound as one text parameter. Statements read it as a set,
     * {@code IN (SELECT unnest(?::text[]))}: the driver binds text as varchar, and a cast of a varchar to an array is not
     * folded into a constant, so written as {@code = ANY (?::text[])} it would parse the whole array again for every row.
     */
    private static String array(Collection<?> values) {
        StringBuilder out = new StringBuilder("{");
        for (Object value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(value.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }
}
