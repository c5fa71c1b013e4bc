package org.bitwreckers.cms.core.search;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.db.DirectReads;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.query.SqlQuery;

/**
 * The embedded search engine: PostgreSQL full text. Each document has an entry per view (published, draft) whose
 * tsvector weighs the first searchable field (A) above the others (B), under a GIN index; queries use websearch
 * syntax, results are ranked, and highlights mark the matched words. Field names and values are always bound.
 */
public final class PostgresSearch implements SearchEngine {
    /**
     * Highlights are made from at most this many characters of a long text: PostgreSQL sends what is highlighted
     * (and {@code ts_headline}, which made the highlights before, parsed all it was given: 20 hits of 40,000 characters
     * took 55 ms against 3.5 ms for their first 2,000).
     */
    private static final int EXCERPT_CHARS = 2000;
    /** Characters an excerpt keeps before the first place one of the query's words appears. */
    private static final int EXCERPT_LEAD = 300;
    /**
     * The part of a hit's text its highlight is made from: all of a short text; of a long one, the window that starts
     * a little before the first place where one of the query's words appears in lower case, capitalised or in capitals
     * (a stem is found inside its words), or its start when none does. Searching those three is cheaper than lowering
     * the whole text (a third of the excerpt's cost for 20 hits of 20,000 characters).
     */
    private static final String EXCERPT = "CASE WHEN length(p.body) <= " + EXCERPT_CHARS + " THEN p.body"
            + " ELSE substr(p.body, greatest(1, coalesce((SELECT min(nullif(strpos(p.body, f), 0))"
            + " FROM unnest(query_words) AS w, unnest(ARRAY[w, initcap(w), upper(w)]) AS f), 1) - " + EXCERPT_LEAD
            + "), " + EXCERPT_CHARS + ") END";
    /** The query's words as the text search configuration makes them (stems for a language), for the excerpt. */
    private static final String QUERY_WORDS = "tsvector_to_array(to_tsvector(?::regconfig, ?)) AS query_words";

    /** Counts kept at most; past it the map starts over, which also drops the unreachable old generations. */
    private static final int MAX_COUNTS = 4096;

    private final DbClient db;
    private final ContentTypeRegistry registry;
    private final String language;
    private final ContentChanges changes;
    private final boolean rankedByIndex;
    private final Highlighter highlighter;
    private final Map<String, Map<String, Long>> facetCounts = new ConcurrentHashMap<>();
    private final Map<String, Long> narrowedCounts = new ConcurrentHashMap<>();

    /**
     * @param db       database client
     * @param registry content types
     * @param language PostgreSQL text search configuration (SEARCH_LANGUAGE), for example simple or english
     * @param changes  generations; every node bumps that of {@link SearchIndexer#CHANGES} after each index change, so
     *                 counts kept under it are current
     */
    public PostgresSearch(DbClient db, ContentTypeRegistry registry, String language, ContentChanges changes) {
        this(db, registry, language, changes, hasRankingIndex(db));
    }

    /**
     * @param rankedByIndex whether public searches take their best matches from the published view's ranking index
     *                      (see {@link #hasRankingIndex}) instead of ranking every match
     */
    public PostgresSearch(DbClient db, ContentTypeRegistry registry, String language, ContentChanges changes,
                          boolean rankedByIndex) {
        this.db = db;
        this.registry = registry;
        this.language = language;
        this.changes = changes;
        this.rankedByIndex = rankedByIndex;
        try {
            db.execute().get("SELECT ?::regconfig::text AS c", language);
        } catch (RuntimeException e) {
            throw new SettingsException(List.of("SEARCH_LANGUAGE '" + language + "' is not a text search configuration"
                                                        + " of this PostgreSQL (try simple or english)"));
        }
        this.highlighter = Highlighter.forConfiguration(db, language);
    }

    /**
     * Whether the published view has its ranking index: a RUM index (V37, where PostgreSQL has the rum extension),
     * built and valid. Read once at start: an index added later is used from the next start.
     *
     * @param db database client
     * @return true when public searches can read their best matches first from the index
     */
    public static boolean hasRankingIndex(DbClient db) {
        return db.execute().get("SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid ="
                                        + " to_regclass('search_entries_published_rum')), false) AS ready")
                .orElseThrow().column("ready").get(Boolean.class);
    }

    /** @return whether public searches are ranked by the published view's RUM index */
    public boolean ranksByIndex() {
        return rankedByIndex;
    }

    @Override
    public void reindex(String typeName, long id) {
        reindex(typeName, List.of(id));
    }

    /** The entries of a whole batch with one statement per view. */
    @Override
    public void reindex(String typeName, List<Long> ids) {
        String array = "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}";
        Transactions.run(db, tx -> {
            // The documents first, as the entries' foreign key would lock them later: a delete of one of them (which
            // locks it, then removes its entries) waits here for the batch, or the batch for it. Taken after the
            // entries, each held what the other needed, and PostgreSQL failed one of them a second later.
            tx.get("SELECT count(*) AS n FROM (SELECT id FROM documents WHERE id IN (SELECT unnest(?::bigint[]))"
                           + " ORDER BY id FOR KEY SHARE) locked", array);
            tx.dml("DELETE FROM search_entries WHERE document_id IN (SELECT unnest(?::bigint[]))", array);
            registry.find(typeName).ifPresent(type -> insert(tx, type, array));
        });
    }

    /** Entries are committed with the index job: the next search reads them. */
    @Override
    public boolean seesItsWritesAtOnce() {
        return true;
    }

    /**
     * Entries are due when documents exist but no entry does, or when they were built from other descriptors. Without
     * documents there is nothing to build: the descriptors are recorded as built at once, and each document written
     * from then on gets its entries from its index job (a rebuild queued by a new site's first start would redo the
     * entries of its first import while that runs).
     */
    @Override
    public boolean prepare() {
        boolean anyDocument = db.execute().get("SELECT EXISTS (SELECT 1 FROM documents) AS any").orElseThrow()
                .column("any").get(Boolean.class);
        if (!anyDocument) {
            recordBuilt(db.execute());
            return false;
        }
        boolean empty = db.execute().get("SELECT NOT EXISTS (SELECT 1 FROM search_entries) AS empty").orElseThrow()
                .column("empty").get(Boolean.class);
        String built = db.execute().get("SELECT fingerprint FROM search_state WHERE engine = 'postgres'")
                .map(r -> r.column("fingerprint").get(String.class)).orElse("");
        return empty || !built.equals(fingerprint());
    }

    /** Notes that the entries are those of the current descriptors and language. */
    private void recordBuilt(DbExecute tx) {
        tx.dml("INSERT INTO search_state (engine, fingerprint) VALUES ('postgres', ?) ON CONFLICT (engine) DO UPDATE"
                       + " SET fingerprint = excluded.fingerprint, built_at = now()", fingerprint());
    }

    private String fingerprint() {
        StringBuilder all = new StringBuilder(language);
        registry.all().forEach(t -> all.append('\n').append(SearchFingerprint.describe(t)));
        return SearchFingerprint.hash(all.toString());
    }

    /** Forgets every entry: while another engine answers, they would only grow stale (coming back rebuilds them). */
    public void clear() {
        db.execute().dml("DELETE FROM search_entries");
        db.execute().dml("DELETE FROM search_state WHERE engine = 'postgres'");
    }

    @Override
    public void rebuild(RebuildProgress progress) {
        // one transaction: searches see the old entries until the new ones are all there
        Transactions.run(db, tx -> {
            tx.dml("DELETE FROM search_entries");
            for (ContentType type : registry.all()) {
                long entries = insert(tx, type, null);
                if (entries > 0) {
                    progress.indexed(type.name(), entries);
                }
            }
            recordBuilt(tx);
        });
    }

    /**
     * Writes the entries of one document (or all of a type when id is null), for both views.
     *
     * @param ids a PostgreSQL array literal of the ids, or null for every document of the type; read as a set, so
     *            it is parsed once and not for every row. The ids are the job's, all of the type: they are read by
     *            id alone, since a type test beside them lets statistics taken while the type was rare (a form's
     *            first burst) plan a read of every document of the type for each batch.
     * @return the entries written
     */
    private long insert(DbExecute tx, ContentType type, String ids) {
        long entries = 0;
        // drafts first: a published document whose draft reads the same reuses the draft entry's vector
        for (Scope scope : List.of(Scope.DRAFT, Scope.PUBLISHED)) {
            if (!CheckedQuery.searched(type, scope)) {
                continue;
            }
            List<FieldDefinition> fields = CheckedQuery.searchableFields(type, scope);
            String source = scope == Scope.PUBLISHED ? "published_data" : "data"; // one of two fixed columns
            List<Object> params = new ArrayList<>(List.of(view(scope), language, language, fields.get(0).name()));
            StringBuilder body = new StringBuilder("concat_ws(' ', ''"); // '' keeps it valid for a single field
            for (FieldDefinition f : fields.subList(1, fields.size())) {
                body.append(", ").append(source).append(" ->> ?");
                params.add(f.name());
            }
            body.append(")");
            String vector = "setweight(to_tsvector(?::regconfig, s.t), 'A')"
                    + " || setweight(to_tsvector(?::regconfig, s.b), 'B')";
            // the same title and body give the same vector: to_tsvector is most of an index job's cost
            String reused = scope == Scope.PUBLISHED
                    ? "CASE WHEN de.title = s.t AND de.body = s.b THEN de.tsv ELSE " + vector + " END" : vector;
            String sql = "INSERT INTO search_entries (document_id, view, type, title, body, tsv)"
                    + " SELECT s.id, ?, s.type, s.t, s.b, " + reused + " FROM (SELECT id, type, coalesce(" + source
                    + " ->> ?, '') AS t, " + body + " AS b FROM documents WHERE " + source + " IS NOT NULL AND "
                    + (ids == null ? "type = ?" : "id IN (SELECT unnest(?::bigint[]))") + ") s"
                    + (scope == Scope.PUBLISHED
                       ? " LEFT JOIN search_entries de ON de.document_id = s.id AND de.view = 'draft'" : "")
                    // an index job running beside a rebuild may have written the entry already: the newest text wins
                    + " ON CONFLICT (document_id, view) DO UPDATE SET title = excluded.title, body = excluded.body,"
                    + " tsv = excluded.tsv, updated_at = now()";
            params.add(ids == null ? type.name() : ids);
            entries += tx.dml(sql, params.toArray());
        }
        return entries;
    }

    private static String view(Scope scope) {
        return scope == Scope.PUBLISHED ? "published" : "draft";
    }

    /**
     * The matches of a search in one view, from the index entries alone: documents are read only where a field filter
     * needs their data, or for the page's hits. The view is written into the statement, not bound, so PostgreSQL
     * always picks that view's own text index (a partial index, V30) whatever plan it keeps.
     */
    private static String matches(Scope scope, String filter) {
        String source = scope == Scope.PUBLISHED ? "d.published_data" : "d.data";
        return " FROM search_entries e" + (filter == null ? "" : " JOIN documents d ON d.id = e.document_id")
                + ", websearch_to_tsquery(?::regconfig, ?) AS q WHERE e.view = '" + view(scope) + "' AND e.tsv @@ q"
                + " AND (?::text IS NULL OR e.type = ?::text)" + (filter == null ? "" : " AND " + source + " @> ?::jsonb");
    }

    @Override
    public String search(Query asked) {
        CheckedQuery query = CheckedQuery.of(registry, asked);
        String type = query.type().map(ContentType::name).orElse(null);
        String filter = filter(query);
        List<Object> base = List.of(language, query.text());
        // The facets count every match by type. A public search counts them once per generation of the index and its
        // words, and keeps them: its further pages, the same words narrowed to a type and the next asking of its first
        // page reuse them until the next index change that public searches could see (which bumps the generation on
        // every node). Staff searches count each time: entries only they find change without the generation moving.
        String counted = changes.generation(SearchIndexer.CHANGES) + "\u0000" + query.text();
        boolean kept = query.scope() == Scope.PUBLISHED;
        Map<String, Long> byType = kept ? facetCounts.get(counted) : null;
        boolean counting = byType == null;
        List<PageHit> page;
        if (counting && filter == null && !rankedByIndex(query.scope())) {
            // the facets and the page from one reading of the matches: each row has the facets, and a hit if any
            SqlQuery both = facetsAndHits(query);
            record Counted(String facets, PageHit hit) {
            }
            List<Counted> rows = DirectReads.query(db, both.sql(), both.params(),
                                                   row -> new Counted(row.getString("facets"), PageHit.of(row)));
            byType = facetsOf(rows.getFirst().facets());
            page = rows.stream().map(Counted::hit).filter(hit -> hit.json() != null).toList();
        } else {
            byType = counting ? count(base, query.scope()) : byType;
            SqlQuery hits = hits(query);
            page = DirectReads.query(db, hits.sql(), hits.params(), PageHit::of);
        }
        if (kept && counting) {
            keep(counted, byType);
        }
        JsonObjectBuilder facets = Jsons.createObjectBuilder();
        byType.forEach(facets::add);
        long all = byType.values().stream().mapToLong(Long::longValue).sum();
        long ofType = type == null ? 0 : byType.getOrDefault(type, 0L);
        // the facets count every match by type: only a field filter needs a count of its own
        long total = filter == null ? (type == null ? all : ofType)
                : narrowedTotal(counted + "\u0000" + type + "\u0000" + filter, kept, kept && query.page() > 1,
                           () -> countNarrowed(base, query.scope(), type, filter));
        return query.answer(highlighted(page), total, facets.build());
    }

    /**
     * A hit of the page as PostgreSQL wrote it: its JSON without the highlight, what the highlight shows (its title and
     * the part of its text around the query's words) and the query's words, as the configuration makes them.
     */
    private record PageHit(String json, String shown, String[] words) {
        static PageHit of(ResultSet row) throws SQLException {
            Array words = row.getArray("words");
            return new PageHit(row.getString("hit"), row.getString("shown"),
                               words == null ? new String[0] : (String[]) words.getArray());
        }
    }

    /** The hits' JSON with their highlights, made here for the whole page at once. */
    private List<String> highlighted(List<PageHit> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Highlighter.Marking marking = highlighter.forQuery(List.of(page.getFirst().words()));
        return page.stream().map(hit -> {
            int end = hit.json().lastIndexOf('}');
            StringBuilder json = new StringBuilder(end + Math.min(hit.shown().length(), 400) + 64)
                    .append(hit.json(), 0, end).append(", \"highlight\": \"");
            marking.highlightInJson(json, hit.shown());
            return json.append("\"}").toString();
        }).toList();
    }

    /**
     * The statement reading one page of hits, page first: the inner query ranks the matches and cuts the page;
     * highlights (the costly part) and the JSON are made for the page's hits only.
     *
     * @param asked a search
     * @return SQL returning column {@code hit} (JSON text), best first
     */
    public SqlQuery hits(Query asked) {
        return hits(CheckedQuery.of(registry, asked));
    }

    private SqlQuery hits(CheckedQuery query) {
        String type = query.type().map(ContentType::name).orElse(null);
        String filter = filter(query);
        if (rankedByIndex(query.scope())) {
            return pageFromTheRankingIndex(query, type, filter);
        }
        List<Object> params = new ArrayList<>(Arrays.asList(language, query.text(), type, type));
        if (filter != null) {
            params.add(filter);
        }
        params.addAll(List.of(query.pageSize(), query.offset(), language, query.text()));
        return new SqlQuery("SELECT " + hit(query.scope()) + " FROM (SELECT e.document_id AS id, e.type,"
                + " e.title, e.body, ts_rank_cd(e.tsv, q) AS rank" + matches(query.scope(), filter)
                + " ORDER BY rank DESC, e.document_id LIMIT ? OFFSET ?) p JOIN documents d ON d.id = p.id, "
                + QUERY_WORDS
                + " ORDER BY p.rank DESC, p.id", params);
    }

    private boolean rankedByIndex(Scope scope) {
        return rankedByIndex && scope == Scope.PUBLISHED;
    }

    /**
     * A page of public hits read best first from the published view's RUM index, which ranks each match from the
     * word positions it keeps: no other match's entry is read, however many there are. The query is written where
     * each part of the statement uses it, not joined in as a row, so that the index can take it even in a plan made
     * for any values. The rank is the index's score ({@code rum_ts_score}, the inverse of the distance it sorts by).
     */
    private SqlQuery pageFromTheRankingIndex(CheckedQuery query, String type, String filter) {
        String tsquery = "websearch_to_tsquery(?::regconfig, ?)";
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // the query for the score and the match
            params.addAll(List.of(language, query.text()));
        }
        params.addAll(Arrays.asList(type, type));
        if (filter != null) {
            params.add(filter);
        }
        params.addAll(List.of(language, query.text(), query.pageSize(), query.offset(), language, query.text()));
        return new SqlQuery("SELECT " + hit(Scope.PUBLISHED) + " FROM (SELECT e.document_id AS id, e.type,"
                + " e.title, e.body, rum_ts_score(e.tsv, " + tsquery + ") AS rank"
                + " FROM search_entries e" + (filter == null ? "" : " JOIN documents d ON d.id = e.document_id")
                + " WHERE e.view = 'published' AND e.tsv @@ " + tsquery + " AND (?::text IS NULL OR e.type = ?::text)"
                + (filter == null ? "" : " AND d.published_data @> ?::jsonb")
                + " ORDER BY e.tsv <=> " + tsquery + " LIMIT ? OFFSET ?) p JOIN documents d ON d.id = p.id, "
                + QUERY_WORDS + " ORDER BY p.rank DESC, p.id", params);
    }

    /**
     * The statement answering a search without field filters whose facets are not kept: every match is read once,
     * for its type (the facets) and its rank; the page's hits then read their text again by key.
     *
     * @param asked a search without field filters
     * @return SQL returning a row per hit of the page, best first, or one row when the page is empty: column
     *         {@code facets} (a JSON object of counts by type, in type order, or null when nothing matches) on each,
     *         and the hit's columns ({@code hit}, {@code shown}, {@code words}), null in the row of an empty page
     */
    public SqlQuery facetsAndHits(Query asked) {
        return facetsAndHits(CheckedQuery.of(registry, asked));
    }

    private SqlQuery facetsAndHits(CheckedQuery query) {
        String type = query.type().map(ContentType::name).orElse(null);
        List<Object> params = new ArrayList<>(Arrays.asList(language, query.text(), null, null, type, type,
                                                            query.pageSize(), query.offset(), language, query.text()));
        return new SqlQuery("WITH m AS MATERIALIZED (SELECT e.document_id AS id, e.type, ts_rank_cd(e.tsv, q) AS rank"
                + matches(query.scope(), null) + "), p AS (SELECT id, rank FROM m WHERE ?::text IS NULL OR type = ?::text"
                + " ORDER BY rank DESC, id LIMIT ? OFFSET ?)"
                + " SELECT (SELECT json_object_agg(f.type, f.n ORDER BY f.type) FROM (SELECT type, count(*) AS n FROM m"
                + " GROUP BY type) f)::text AS facets, h.hit, h.shown, h.words"
                + " FROM (SELECT 1) one LEFT JOIN (SELECT " + hit(query.scope()) + ", p.rank, p.id"
                + " FROM (SELECT p.id, p.rank, e.type, e.title, e.body FROM p"
                + " JOIN search_entries e ON e.document_id = p.id AND e.view = '" + view(query.scope()) + "') p"
                + " JOIN documents d ON d.id = p.id, " + QUERY_WORDS + ") h ON true ORDER BY h.rank DESC, h.id",
                params);
    }

    /**
     * One hit's columns, from a page row {@code p} (id, type, title, body, rank), the query's words
     * ({@code query_words}) and its document {@code d}: its JSON without the highlight ({@code hit}), what the
     * highlight shows ({@code shown}) and the words ({@code words}); see {@link PageHit}.
     */
    private static String hit(Scope scope) {
        String slug = scope == Scope.PUBLISHED ? "d.published_slug" : "d.slug";
        return "jsonb_build_object('id', p.id, 'type', p.type, 'slug', " + slug + ", 'title', p.title,"
                + " 'rank', round(p.rank::numeric, 6))::text AS hit,"
                + " concat_ws(' — ', nullif(p.title, ''), nullif(ltrim(" + EXCERPT + "), '')) AS shown,"
                + " query_words AS words";
    }

    private static Map<String, Long> facetsOf(String counts) {
        Map<String, Long> byType = new LinkedHashMap<>();
        if (counts != null) {
            JsonText.object(counts).forEach((t, n) -> byType.put(t, ((JsonNumber) n).longValue()));
        }
        return byType;
    }

    private static String filter(CheckedQuery query) {
        return query.filters().isEmpty() ? null : containment(query.filters());
    }

    /** Matches per type, in type order. */
    private Map<String, Long> count(List<Object> base, Scope scope) {
        Map<String, Long> byType = new LinkedHashMap<>();
        List<Object> params = new ArrayList<>(base);
        params.addAll(Arrays.asList(null, null)); // every type
        try (Stream<DbRow> rows = db.execute().query("SELECT e.type AS t, count(*) AS n" + matches(scope, null)
                                                             + " GROUP BY e.type ORDER BY e.type", params.toArray())) {
            for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                byType.put(row.column("t").get(String.class), row.column("n").get(Long.class));
            }
        }
        return byType;
    }

    /** Keeps a public search's facets under the index's generation and its words. */
    private void keep(String key, Map<String, Long> byType) {
        if (facetCounts.size() >= MAX_COUNTS) {
            facetCounts.clear();
        }
        facetCounts.put(key, Collections.unmodifiableMap(byType));
    }

    /** The count of a search with field filters, kept and reused as the facets are. */
    private long narrowedTotal(String key, boolean keep, boolean reuse, LongSupplier count) {
        Long known = reuse ? narrowedCounts.get(key) : null;
        if (known != null) {
            return known;
        }
        long n = count.getAsLong();
        if (keep) {
            if (narrowedCounts.size() >= MAX_COUNTS) {
                narrowedCounts.clear();
            }
            narrowedCounts.put(key, n);
        }
        return n;
    }

    private long countNarrowed(List<Object> base, Scope scope, String type, String filter) {
        List<Object> counted = new ArrayList<>(base);
        counted.addAll(Arrays.asList(type, type, filter));
        return db.execute().get("SELECT count(*) AS n" + matches(scope, filter), counted.toArray()).orElseThrow()
                .column("n").get(Long.class);
    }

    /** Equality filters as a bound JSON containment. */
    private static String containment(Map<String, Object> filters) {
        JsonObjectBuilder match = Jsons.createObjectBuilder();
        filters.forEach((name, value) -> {
            switch (value) {
                case BigDecimal n -> match.add(name, n);
                case Boolean b -> match.add(name, b);
                default -> match.add(name, value.toString());
            }
        });
        return match.build().toString();
    }
}
