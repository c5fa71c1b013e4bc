package org.bitwreckers.cms.core.document;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.db.DirectReads;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.query.Cursor;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.Populate;
import org.bitwreckers.cms.core.query.QueryCompiler;
import org.bitwreckers.cms.core.query.SortKey;
import org.bitwreckers.cms.core.query.SqlQuery;
import org.bitwreckers.cms.core.query.View;

/**
 * Reads documents for both APIs: one SQL statement per list or item (and a filtered list's count, kept per generation
 * for published lists), plus one batched statement per populated relation field and level (never one per row).
 */
public final class DocumentReader {
    /**
     * Matches a filtered list reads by plans made for its values; past it, the read pool's kept plan. That plan is made
     * for a typical value, which usually means reading the sort order's index until the page is full: quick for a
     * large match, a walk through the whole type for a value that matches a few documents or none.
     */
    static final long FEW_MATCHES = 1_000;

    private final DbClient db;
    private final DbClient reads;
    private final CountCache counts;
    private volatile MediaLinks media;

    /**
     * @param db      database client: counts, and lists that match few documents
     * @param reads   the read pool (read-only sessions that keep one plan per statement): items and other pages
     * @param changes generations of the types, which published list totals are kept by
     */
    public DocumentReader(DbClient db, DbClient reads, ContentChanges changes) {
        this.db = db;
        this.reads = reads;
        this.counts = new CountCache(changes);
    }

    /**
     * Media fields are then answered under the current media base, and described in delivered documents. Called once
     * at start, before serving.
     *
     * @param links media URLs
     */
    public void useMedia(MediaLinks links) {
        this.media = links;
    }

    /**
     * A list query compiled: its statements and what reading its rows needs. Callers that see the same query often
     * keep it (the delivery keeps one with each parsed query), so a page is read without compiling it again: a tenth
     * of an uncached list's server time. Its statements are never changed once made.
     *
     * @param type       content type
     * @param query      checked query
     * @param view       which state and shape
     * @param status     admin only: restrict to one status
     * @param page       the page's statement
     * @param keys       the sort's keys, which cursors hold
     * @param mediaShown whether the shown fields hold media, whose URLs are added
     * @param count      the statement counting the matches up to {@link QueryCompiler#COUNT_BOUND} + 1
     */
    public record CompiledList(ContentType type, ListQuery query, View view, Optional<String> status, SqlQuery page,
                               List<SortKey> keys, boolean mediaShown, SqlQuery count) {
    }

    /**
     * @param type   content type
     * @param query  checked query
     * @param view   which state and shape
     * @param status admin only: restrict to one status
     * @return the query compiled, to be read by {@link #list(CompiledList)} as often as asked
     */
    public static CompiledList compile(ContentType type, ListQuery query, View view, Optional<String> status) {
        return new CompiledList(type, query, view, status, QueryCompiler.list(type, query, view, status),
                                QueryCompiler.keys(query.sorts(), view),
                                !QueryCompiler.deliveredMedia(type, view, query.fields()).isEmpty(),
                                QueryCompiler.boundedCount(type, query, view, status));
    }

    /**
     * Reads one page.
     *
     * @param type   content type
     * @param query  checked query
     * @param view   which state and shape
     * @param status admin only: restrict to one status
     * @return the page
     */
    public Page list(ContentType type, ListQuery query, View view, Optional<String> status) {
        return list(compile(type, query, view, status));
    }

    /**
     * Reads one page of a compiled query.
     *
     * @param list the query, compiled
     * @return the page
     */
    public Page list(CompiledList list) {
        ListQuery query = list.query();
        List<SortKey> keys = list.keys();
        // a filtered list is counted first (published totals are kept per generation) to choose how it is planned
        boolean filtered = !query.filters().isEmpty() || list.status().isPresent();
        OptionalLong counted = filtered ? OptionalLong.of(count(list)) : OptionalLong.empty();
        DbClient pages = counted.isPresent() && counted.getAsLong() <= FEW_MATCHES ? db : reads;
        List<Shown> rows = DirectReads.query(pages, list.page().sql(), list.page().params(),
                                             row -> shown(row, list.mediaShown(), keys.size()));
        List<String> docs = rows.stream().map(Shown::doc).toList();
        List<Boolean> storedMedia = list.mediaShown() ? rows.stream().map(Shown::storedMedia).toList() : List.of();
        List<List<String>> positions = rows.stream().map(Shown::position).toList();
        List<String> populated = populate(list.type(), docs, storedMedia, query.populate(), list.view());
        long total;
        boolean exact = true;
        long seen = query.offset() + docs.size();
        // a short numbered page that is the first one or has rows is the last page: its total is known without counting
        if (query.cursor().isEmpty() && docs.size() < query.pageSize() && (query.offset() == 0 || !docs.isEmpty())) {
            total = seen;
        } else {
            long matches = counted.orElseGet(() -> count(list));
            exact = matches <= QueryCompiler.COUNT_BOUND;
            total = exact ? matches : Math.max(QueryCompiler.COUNT_BOUND, seen);
        }
        return new Page(populated, total, query.cursor().isPresent() ? 0 : query.page(), query.pageSize(), exact,
                        next(query, keys, positions, total, exact), prev(query, keys, positions));
    }

    /** The list's matches up to {@link QueryCompiler#COUNT_BOUND} + 1, planned for its values. */
    private long count(CompiledList list) {
        SqlQuery count = list.count();
        LongSupplier run = () -> db.execute().get(count.sql(), count.params().toArray()).orElseThrow()
                .column("total").get(Long.class);
        // published totals are kept per generation like cached answers; drafts change under editors' eyes: counted
        return list.view() == View.PUBLISHED ? counts.total(list.type().name(), count, run) : run.getAsLong();
    }

    /** After the last row, when the page is full and (for a numbered page with a known total) not the last one. */
    private static Optional<String> next(ListQuery query, List<SortKey> keys, List<List<String>> positions, long total,
                                         boolean exact) {
        boolean backwards = query.cursor().map(Cursor::before).orElse(false);
        boolean more = backwards ? !positions.isEmpty()
                : positions.size() == query.pageSize()
                  && (query.cursor().isPresent() || !exact || query.offset() + positions.size() < total);
        return more ? Optional.of(new Cursor(false, positions.getLast()).encode(keys)) : Optional.empty();
    }

    /** Before the first row, when something comes before it. */
    private static Optional<String> prev(ListQuery query, List<SortKey> keys, List<List<String>> positions) {
        boolean backwards = query.cursor().map(Cursor::before).orElse(false);
        boolean earlier = backwards ? positions.size() == query.pageSize()
                : !positions.isEmpty() && (query.cursor().isPresent() || query.offset() > 0);
        return earlier ? Optional.of(new Cursor(true, positions.getFirst()).encode(keys)) : Optional.empty();
    }

    /**
     * Reads one document by id or slug.
     *
     * @param type  content type
     * @param key   id or slug
     * @param query fields and populate
     * @param view  which state and shape
     * @return JSON text of the document
     * @throws CmsException NOT_FOUND when there is none visible in the view
     */
    public String item(ContentType type, String key, ListQuery query, View view) {
        if (key.isEmpty() || key.length() > 200 || key.indexOf('\u0000') >= 0) {
            throw CmsException.notFound("No " + type.name() + " with id or slug '" + key.replace('\u0000', '?') + "'");
        }
        SqlQuery sql = QueryCompiler.item(type, view, query.fields(), key);
        boolean mediaShown = !QueryCompiler.deliveredMedia(type, view, query.fields()).isEmpty();
        Shown row = DirectReads.query(reads, sql.sql(), sql.params(), r -> shown(r, mediaShown, 0)).stream().findFirst()
                .orElseThrow(() -> CmsException.notFound("No " + type.name() + " with id or slug '" + key + "'"));
        return populate(type, List.of(row.doc()), mediaShown ? List.of(row.storedMedia()) : List.of(),
                        query.populate(), view).getFirst();
    }

    /** A document as read for a page or an item: its text, whether it holds a stored media path, its sort values. */
    private record Shown(String doc, boolean storedMedia, List<String> position) {
    }

    /** The columns QueryCompiler's list and item statements give: doc, stored_media when asked, k0, k1... */
    private static Shown shown(ResultSet row, boolean mediaShown, int sortKeys) throws SQLException {
        List<String> position = new ArrayList<>(sortKeys);
        for (int i = 0; i < sortKeys; i++) {
            position.add(row.getString("k" + i));
        }
        return new Shown(row.getString("doc"), mediaShown && row.getBoolean("stored_media"), position);
    }

    /**
     * @param storedMedia for each document, whether a media field holds a stored path (column {@code stored_media});
     *                    empty when the read shows no media field
     */
    private List<String> populate(ContentType type, List<String> docs, List<Boolean> storedMedia, Populate populate,
                                  View view) {
        if (docs.isEmpty()) {
            return docs;
        }
        if (!populate.isEmpty() || view == View.ADMIN && hasMedia(type)) {
            return parsed(type, docs, populate, view);
        }
        if (!storedMedia.contains(true) || media == null) {
            return docs; // PostgreSQL answered them as they are to be delivered (see QueryCompiler)
        }
        // only documents with a stored path are parsed, given URLs and descriptions, and written again
        List<String> out = new ArrayList<>(docs);
        List<Integer> withMedia = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (storedMedia.get(i)) {
                withMedia.add(i);
            }
        }
        List<String> resolved = parsed(type, withMedia.stream().map(docs::get).toList(), populate, view);
        for (int j = 0; j < resolved.size(); j++) {
            out.set(withMedia.get(j), resolved.get(j));
        }
        return out;
    }

    private List<String> parsed(ContentType type, List<String> docs, Populate populate, View view) {
        List<JsonObject> objects = docs.stream().map(JsonText::object).toList();
        return populateObjects(type, objects, populate, view).stream().map(JsonText::text).toList();
    }

    private boolean hasMedia(ContentType type) {
        return media != null && type.fields().stream().anyMatch(f -> f.type() == FieldType.MEDIA);
    }

    /** Stored media paths become URLs under the current base; delivered documents describe their media too. */
    private List<JsonObject> withMedia(ContentType type, List<JsonObject> objects, View view) {
        if (!hasMedia(type)) {
            return objects;
        }
        List<JsonObject> resolved = media.resolve(type, objects.stream().map(o -> data(o, view)).toList(),
                                                  view != View.ADMIN); // admin data is written back: nothing added
        if (view != View.ADMIN) {
            return resolved;
        }
        List<JsonObject> out = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            out.add(Jsons.createObjectBuilder(objects.get(i)).add("data", resolved.get(i)).build());
        }
        return out;
    }

    /**
     * Replaces relation ids with the related documents, level by level, one query per field and level, and media
     * paths with URLs.
     */
    private List<JsonObject> populateObjects(ContentType type, List<JsonObject> unresolved, Populate populate,
                                             View view) {
        List<JsonObject> objects = withMedia(type, unresolved, view);
        if (populate.isEmpty()) {
            return objects;
        }
        Map<FieldDefinition, Map<Long, JsonObject>> related = new HashMap<>();
        for (Map.Entry<FieldDefinition, Populate> child : populate.children().entrySet()) {
            FieldDefinition field = child.getKey();
            Set<Long> ids = new LinkedHashSet<>();
            for (JsonObject object : objects) {
                collectIds(data(object, view).get(field.name()), ids);
            }
            related.put(field, fetch(child.getValue(), ids, view));
        }
        List<JsonObject> out = new ArrayList<>(objects.size());
        for (JsonObject object : objects) {
            JsonObject data = data(object, view);
            JsonObjectBuilder builder = Jsons.createObjectBuilder(data);
            for (Map.Entry<FieldDefinition, Map<Long, JsonObject>> entry : related.entrySet()) {
                String name = entry.getKey().name();
                if (data.containsKey(name)) {
                    builder.add(name, resolve(data.get(name), entry.getValue()));
                }
            }
            out.add(view == View.ADMIN
                    ? Jsons.createObjectBuilder(object).add("data", builder.build()).build()
                    : builder.build());
        }
        return out;
    }

    private Map<Long, JsonObject> fetch(Populate target, Set<Long> ids, View view) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        SqlQuery sql = QueryCompiler.byIds(target.type(), view, ids);
        List<Map.Entry<Long, String>> rows = DirectReads.query(reads, sql.sql(), sql.params(),
                                                               row -> Map.entry(row.getLong("id"), row.getString("doc")));
        List<JsonObject> fetched = rows.stream().map(row -> JsonText.object(row.getValue())).toList();
        List<JsonObject> populated = populateObjects(target.type(), fetched, target, view);
        Map<Long, JsonObject> byId = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byId.put(rows.get(i).getKey(), populated.get(i));
        }
        return byId;
    }

    private static JsonObject data(JsonObject object, View view) {
        return view == View.ADMIN ? object.getJsonObject("data") : object;
    }

    private static void collectIds(JsonValue value, Set<Long> ids) {
        if (value instanceof JsonNumber n) {
            ids.add(n.longValue());
        } else if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(v -> collectIds(v, ids));
        }
    }

    /** A related document that is missing (deleted, or not visible in this view) becomes null, or leaves the list. */
    private static JsonValue resolve(JsonValue value, Map<Long, JsonObject> byId) {
        if (value instanceof JsonNumber n) {
            JsonObject found = byId.get(n.longValue());
            return found == null ? JsonValue.NULL : found;
        }
        if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder array = Jsons.createArrayBuilder();
            for (JsonValue item : value.asJsonArray()) {
                JsonObject found = item instanceof JsonNumber n ? byId.get(n.longValue()) : null;
                if (found != null) {
                    array.add(found);
                }
            }
            return array.build();
        }
        return value == null ? JsonValue.NULL : value;
    }
}
