package org.bitwreckers.cms.core.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.media.MediaLinks;

/**
 * Compiles checked queries into one SQL statement each. PostgreSQL builds the JSON of each returned document, so a list
 * costs one indexed query and no per-row work in Java.
 *
 * <p>Only names from descriptors (type and field names, checked against a strict pattern) are written into the SQL
 * text; they must be literal for PostgreSQL to match partial and expression indexes. Every value is a parameter, but
 * for a page's size and offset: integers, written so that a plan made for any values knows how much a page reads.
 */
public final class QueryCompiler {

    private QueryCompiler() {
    }

    /** Matches counted at most; past it a total is a lower bound (a full count would cost a scan per request). */
    public static final long COUNT_BOUND = 10_000;

    /**
     * A page of documents, page first: the inner query filters, sorts and cuts the page on the raw (indexed) columns
     * and yields only ids, so the JSON is built for the rows returned and never for the whole match.
     *
     * @param type   queried type
     * @param query  checked query
     * @param view   which state and shape
     * @param status admin only: restrict to one status
     * @return SQL returning column {@code doc} (JSON text), in the query's order
     */
    public static SqlQuery list(ContentType type, ListQuery query, View view, Optional<String> status) {
        List<Object> params = new ArrayList<>();
        List<SortKey> keys = keys(query.sorts(), view);
        String order = order(keys);
        StringJoiner values = new StringJoiner(", ", ", ", "");
        for (int i = 0; i < keys.size(); i++) {
            values.add(keys.get(i).valueText() + " AS k" + i);
        }
        String sql = "SELECT " + shown(type, view, query.fields()) + values + " FROM " + view.table()
                + " WHERE id IN (" + pageIds(type, query, view, status, keys, params) + ") ORDER BY " + order;
        return new SqlQuery(sql, params);
    }

    /** The page's ids: filtered, sorted and cut on the raw (indexed) columns, from a cursor's place when there is one. */
    private static String pageIds(ContentType type, ListQuery query, View view, Optional<String> status,
                                  List<SortKey> keys, List<Object> params) {
        if (query.cursor().isEmpty()) {
            return "SELECT id FROM " + view.table() + " WHERE " + matches(type, query, view, status, params)
                    + " ORDER BY " + order(keys) + limit(query) + (query.offset() > 0 ? " OFFSET " + query.offset() : "");
        }
        Cursor cursor = query.cursor().get();
        // the page before a row is read backwards from it, and put back in order outside
        List<SortKey> read = cursor.before() ? keys.stream().map(SortKey::reversed).toList() : keys;
        SortKey first = keys.getFirst();
        if (cursor.values().getFirst() == null || !nullsAhead(first, cursor)) {
            return "SELECT id FROM " + view.table() + " WHERE " + matches(type, query, view, status, params)
                    + keyset(keys, cursor, false, params) + " ORDER BY " + order(read) + limit(query);
        }
        // Nulls lie ahead of a value: "past the cursor or null" is no index range, so the page is read as two, the
        // values past the cursor and then the nulls, each cut at the page size, and the first rows of both are kept.
        StringJoiner columns = new StringJoiner(", ", ", ", "");
        List<SortKey> named = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            SortKey key = read.get(i);
            columns.add(key.expression() + " AS s" + i);
            named.add(new SortKey("s" + i, key.cast(), key.descending(), key.nullable(), key.nullsLast()));
        }
        String values = "SELECT id" + columns + " FROM " + view.table() + " WHERE "
                + matches(type, query, view, status, params)
                + keyset(keys, cursor, true, params) + " ORDER BY " + order(read) + limit(query);
        String nulls = "SELECT id" + columns + " FROM " + view.table() + " WHERE "
                + matches(type, query, view, status, params)
                + " AND " + first.expression() + " IS NULL ORDER BY " + order(read) + limit(query);
        return "SELECT id FROM ((" + values + ") UNION ALL (" + nulls + ")) parts ORDER BY " + order(named)
                + limit(query);
    }

    /**
     * The page's size as a constant: a statement the read pool plans once for any values then still knows it reads
     * a page of the match, not the tenth of it PostgreSQL assumes for an unknown limit (and would sort instead of
     * reading an index in order). The parser checked it is a small integer.
     */
    private static String limit(ListQuery query) {
        return " LIMIT " + query.pageSize();
    }

    /** @return whether the key's nulls lie in the direction a cursor reads */
    private static boolean nullsAhead(SortKey key, Cursor cursor) {
        return key.nullable() && key.nullsLast() != cursor.before();
    }

    /**
     * Counts matches up to {@link #COUNT_BOUND} + 1, so the cost stays bounded however many there are.
     *
     * @param type   queried type
     * @param query  checked query
     * @param view   which state
     * @param status admin only: restrict to one status
     * @return SQL returning column {@code total}
     */
    public static SqlQuery boundedCount(ContentType type, ListQuery query, View view, Optional<String> status) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) AS total FROM (SELECT 1 FROM " + view.table() + " WHERE "
                + matches(type, query, view, status, params) + " LIMIT " + (COUNT_BOUND + 1) + ") matched";
        return new SqlQuery(sql, params);
    }

    /**
     * Counts all matches (for statistics, where the exact number is the answer).
     *
     * @param type   queried type
     * @param query  checked query
     * @param view   which state
     * @param status admin only: restrict to one status
     * @return SQL returning column {@code total}
     */
    public static SqlQuery count(ContentType type, ListQuery query, View view, Optional<String> status) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) AS total FROM " + view.table() + " WHERE "
                + matches(type, query, view, status, params);
        return new SqlQuery(sql, params);
    }

    private static String matches(ContentType type, ListQuery query, View view, Optional<String> status,
                                  List<Object> params) {
        StringBuilder sql = new StringBuilder(scope(type, view));
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            params.add(s);
        });
        for (Filter filter : query.filters()) {
            sql.append(" AND ").append(condition(filter, view.column(), params));
        }
        return sql.toString();
    }

    /**
     * The keys a list is ordered by, the id last (breaking ties), exactly as the SQL writes them.
     *
     * @param sorts the query's sort keys, empty for the default order (newest first)
     * @param view  which state
     * @return the keys
     */
    public static List<SortKey> keys(List<Sort> sorts, View view) {
        if (sorts.isEmpty()) {
            return view == View.PUBLISHED
                    ? List.of(new SortKey("published_at", "timestamptz", true, true, false), ID_DESCENDING)
                    : List.of(new SortKey("updated_at", "timestamptz", true, false, false), ID_DESCENDING);
        }
        List<SortKey> keys = new ArrayList<>();
        for (Sort sort : sorts) {
            Column column = sort.column();
            keys.add(new SortKey(column.expression(view.column()), cast(column), sort.descending(),
                                 !column.neverNull(view.column()), true));
        }
        keys.add(new SortKey("id", "bigint", false, false, false));
        return List.copyOf(keys);
    }

    private static final SortKey ID_DESCENDING = new SortKey("id", "bigint", true, false, false);

    private static String cast(Column column) {
        if (column.system()) {
            return switch (column.name()) {
                case "id" -> "bigint";
                case "slug" -> "text";
                default -> "timestamptz";
            };
        }
        return column.numeric() ? "numeric" : column.type() == FieldType.BOOLEAN ? "boolean" : "text";
    }

    private static String order(List<SortKey> keys) {
        return keys.stream().map(SortKey::orderItem).collect(Collectors.joining(", "));
    }

    /**
     * The rows after (or before) the cursor's row in the order: for keys k1..kn, k1 beyond, or k1 equal and k2 beyond,
     * and so on. The first key's bound is repeated as a plain range (when nulls are not on the side read, or when the
     * caller reads the non-null values only), so PostgreSQL starts its index scan at the cursor instead of filtering
     * from the start.
     */
    private static String keyset(List<SortKey> keys, Cursor cursor, boolean valuesOnly, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        SortKey first = keys.getFirst();
        String firstValue = cursor.values().getFirst();
        if (firstValue == null && nullsAhead(first, cursor)) {
            sql.append(" AND ").append(first.expression()).append(" IS NULL"); // only nulls lie past a null
        } else if (firstValue != null && (valuesOnly || !nullsAhead(first, cursor))) {
            boolean upward = first.descending() == cursor.before();
            sql.append(" AND ").append(first.expression()).append(upward ? " >= " : " <= ")
                    .append(placeholder(first, firstValue, params));
        }
        StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
        any.setEmptyValue(" AND FALSE");
        for (int i = 0; i < keys.size(); i++) {
            StringJoiner all = new StringJoiner(" AND ", "(", ")");
            List<Object> termParams = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                all.add(equal(keys.get(j), cursor.values().get(j), termParams));
            }
            Optional<String> beyond = beyond(keys.get(i), cursor.values().get(i), cursor.before(), termParams);
            if (beyond.isPresent()) {
                all.add(beyond.get());
                any.add(all.toString());
                params.addAll(termParams);
            }
        }
        return sql.append(any).toString();
    }

    private static String equal(SortKey key, String value, List<Object> params) {
        return value == null ? key.expression() + " IS NULL" : key.expression() + " = " + placeholder(key, value, params);
    }

    /** Rows strictly past the value in reading direction; empty when there are none (past a null at the end). */
    private static Optional<String> beyond(SortKey key, String value, boolean before, List<Object> params) {
        boolean nullsAhead = key.nullable() && key.nullsLast() != before; // nulls lie in the direction read
        if (value == null) {
            return nullsAhead ? Optional.empty() : Optional.of(key.expression() + " IS NOT NULL");
        }
        boolean upward = key.descending() == before;
        String base = key.expression() + (upward ? " > " : " < ") + placeholder(key, value, params);
        return Optional.of(nullsAhead ? "(" + base + " OR " + key.expression() + " IS NULL)" : base);
    }

    private static String placeholder(SortKey key, String value, List<Object> params) {
        if (key.cast().equals("bigint")) {
            params.add(Long.parseLong(value));
            return "?";
        }
        params.add(value);
        return key.cast().equals("text") ? "?" : "?::" + key.cast();
    }

    /**
     * One document by id (when the key is all digits) or slug.
     *
     * @param type   queried type
     * @param view   which state and shape
     * @param fields selected fields
     * @param key    id or slug
     * @return SQL returning column {@code doc}
     */
    public static SqlQuery item(ContentType type, View view, Optional<List<String>> fields, String key) {
        boolean byId = key.chars().allMatch(Character::isDigit) && key.length() < 19 && !key.isEmpty();
        String slug = view == View.PUBLISHED ? "published_slug" : "slug";
        String sql = "SELECT " + shown(type, view, fields) + " FROM " + view.table() + " WHERE " + scope(type, view)
                + (byId ? " AND id = ?" : " AND " + slug + " = ?");
        return new SqlQuery(sql, List.of(byId ? (Object) Long.parseLong(key) : key));
    }

    /**
     * Documents of one type by id, for population: one query per relation field and level.
     *
     * @param type target type
     * @param view which state and shape
     * @param ids  ids to fetch
     * @return SQL returning columns {@code id} and {@code doc}
     */
    public static SqlQuery byIds(ContentType type, View view, Collection<Long> ids) {
        String csv = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        String sql = "SELECT id, " + projection(type, view, Optional.empty()) + " AS doc FROM " + view.table()
                + " WHERE " + scope(type, view) + " AND id = ANY (string_to_array(?, ',')::bigint[])";
        return new SqlQuery(sql, List.of(csv));
    }

    /**
     * @param type a content type
     * @param view which state
     * @return the WHERE condition selecting the type's documents visible in the view
     */
    static String scope(ContentType type, View view) {
        String base = "type = '" + type.name() + "'";
        return view == View.PREVIEW ? base + " AND status <> 'archived'" : base; // the published table holds only those
    }

    private static String condition(Filter filter, String jsonColumn, List<Object> params) {
        Column column = filter.column();
        String expr = column.expression(jsonColumn);
        String placeholder = column.system() && column.type() == FieldType.DATETIME ? "?::timestamptz" : "?";
        List<Object> values = filter.values();
        return switch (filter.operator()) {
            case EQ -> bind(expr + " = " + placeholder, values.getFirst(), params);
            case NE -> bind(expr + " IS DISTINCT FROM " + placeholder, values.getFirst(), params);
            case LT -> bind(expr + " < " + placeholder, values.getFirst(), params);
            case LTE -> bind(expr + " <= " + placeholder, values.getFirst(), params);
            case GT -> bind(expr + " > " + placeholder, values.getFirst(), params);
            case GTE -> bind(expr + " >= " + placeholder, values.getFirst(), params);
            case IN -> {
                StringJoiner in = new StringJoiner(", ", expr + " IN (", ")");
                for (Object value : values) {
                    in.add(placeholder);
                    params.add(value);
                }
                yield in.toString();
            }
            case CONTAINS -> contains(column, jsonColumn, values.getFirst(), params);
            case EXISTS -> exists(column, jsonColumn, (Boolean) values.getFirst());
        };
    }

    private static String contains(Column column, String jsonColumn, Object value, List<Object> params) {
        if (column.list()) {
            String cast = column.type() == FieldType.RELATION ? "?::bigint" : "?::text";
            return bind(column.jsonExpression(jsonColumn) + " @> jsonb_build_array(" + cast + ")", value, params);
        }
        String escaped = value.toString().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return bind(column.expression(jsonColumn) + " ILIKE ? ESCAPE '\\'", "%" + escaped + "%", params);
    }

    private static String exists(Column column, String jsonColumn, boolean wanted) {
        if (column.system()) {
            return column.expression(jsonColumn) + (wanted ? " IS NOT NULL" : " IS NULL");
        }
        String json = column.jsonExpression(jsonColumn);
        return wanted ? "(" + json + " IS NOT NULL AND jsonb_typeof(" + json + ") <> 'null')"
                : "(" + json + " IS NULL OR jsonb_typeof(" + json + ") = 'null')";
    }

    private static String bind(String sql, Object value, List<Object> params) {
        params.add(value);
        return sql;
    }

    /**
     * The SQL expression of one document's JSON text in the view's shape.
     *
     * @param type   content type
     * @param view   which state and shape
     * @param fields selected fields, empty for all
     * @return SQL expression of type text
     */
    static String projection(ContentType type, View view, Optional<List<String>> fields) {
        if (view == View.ADMIN) {
            return "jsonb_build_object('id', id, 'type', type, 'slug', slug, 'status', status, 'version', version,"
                    + " 'published_version', published_version, 'published_at', " + ts("published_at")
                    + ", 'created_by', created_by, 'updated_by', updated_by, 'created_at', " + ts("created_at")
                    + ", 'updated_at', " + ts("updated_at") + ", 'publish_at', " + ts("publish_at") + ", 'unpublish_at', "
                    + ts("unpublish_at") + ", 'data', " + payload(type, view, fields) + ")::text";
        }
        return keptAsDelivered(type, view, fields) ? "published_json" : delivered(type, view, fields);
    }

    /**
     * The media fields a delivered document shows: those of its type, less private ones and those a selection leaves
     * out. Admin reads answer stored values as they are.
     *
     * @param type   content type
     * @param view   which state and shape
     * @param fields selected fields, empty for all
     * @return their names, empty when the read shows none
     */
    public static List<String> deliveredMedia(ContentType type, View view, Optional<List<String>> fields) {
        if (view == View.ADMIN) {
            return List.of();
        }
        return type.fields().stream()
                .filter(f -> f.type() == FieldType.MEDIA && !(view.hidesPrivate() && f.privateField()))
                .map(FieldDefinition::name)
                .filter(name -> fields.map(selected -> selected.contains(name)).orElse(true))
                .toList();
    }

    /**
     * Column {@code doc}, and {@code stored_media} when the read shows media fields. PostgreSQL adds the empty
     * {@link MediaLinks#DESCRIBED} that a document naming a media field is answered with (as its first member, where
     * {@link MediaLinks#resolve} puts a full one), and tells whether one holds a stored path (true: to be answered as
     * a URL and described, which the server does): it reads the jsonb's top-level keys, so the server neither scans
     * nor copies the text of most documents.
     */
    private static String shown(ContentType type, View view, Optional<List<String>> fields) {
        String doc = projection(type, view, fields);
        List<String> names = deliveredMedia(type, view, fields);
        if (names.isEmpty()) {
            return doc + " AS doc";
        }
        String column = view.column();
        // first, not last: cutting the closing brace (left(text, -1)) counts every character of the text in a UTF-8
        // database, 4 us a document; cutting the opening one counts one
        String described = "'{\"" + MediaLinks.DESCRIBED + "\": {}, ' || right(" + doc + ", -1)";
        // a selection names its fields whether the data holds them or not (see payload); otherwise "->" is SQL NULL
        // only for a missing key (a JSON null is 'null'). "->>" of a non-string never starts with "/".
        String named = names.stream().map(n -> column + "->'" + n + "' IS NOT NULL")
                .collect(Collectors.joining(" OR "));
        String stored = names.stream().map(n -> "(" + column + "->>'" + n + "') LIKE '" + MediaLinks.PATH + "%'")
                .collect(Collectors.joining(" OR "));
        return (fields.isPresent() ? described : "CASE WHEN " + named + " THEN " + described + " ELSE " + doc + " END")
                + " AS doc, COALESCE(" + stored + ", false) AS stored_media";
    }

    /**
     * Published documents are kept as delivered in their copy's {@code published_json} (migrations V31, V33), all
     * fields shown: the answer when no field is selected and the type hides none.
     */
    private static boolean keptAsDelivered(ContentType type, View view, Optional<List<String>> fields) {
        return view == View.PUBLISHED && fields.isEmpty() && type.fields().stream().noneMatch(FieldDefinition::privateField);
    }

    /** Built in the query: the shape the trigger of migration V33 keeps in {@code published_json}. */
    static String delivered(ContentType type, View view, Optional<List<String>> fields) {
        // Published reads show the slug and time of the published snapshot, never those of a newer draft.
        String slug = view == View.PUBLISHED ? "published_slug" : "slug";
        String updated = view == View.PUBLISHED ? "published_at" : "updated_at";
        return "(jsonb_build_object('id', id, 'slug', " + slug + ", 'created_at', " + ts("created_at") + ", 'updated_at', "
                + ts(updated) + ", 'published_at', " + ts("published_at") + ") || " + payload(type, view, fields)
                + ")::text";
    }

    /** The document's fields as jsonb: the selected ones, or all but those the view hides. */
    private static String payload(ContentType type, View view, Optional<List<String>> fields) {
        String column = view.column();
        if (fields.isPresent()) {
            StringJoiner pairs = new StringJoiner(", ", "jsonb_build_object(", ")");
            for (String name : fields.get()) {
                pairs.add("'" + name + "', " + column + "->'" + name + "'");
            }
            return fields.get().isEmpty() ? "'{}'::jsonb" : pairs.toString();
        }
        List<String> hidden = view.hidesPrivate()
                ? type.fields().stream().filter(FieldDefinition::privateField).map(FieldDefinition::name).toList()
                : List.of();
        return hidden.isEmpty() ? column : "(" + column + " - " + names(hidden) + ")";
    }

    /** Descriptor names (checked against a strict pattern) as a text array literal. */
    private static String names(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "ARRAY[", "]::text[]"));
    }

    private static String ts(String column) {
        return SqlTime.iso(column);
    }
}
