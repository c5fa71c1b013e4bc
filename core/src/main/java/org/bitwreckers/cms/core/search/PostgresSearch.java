package org.bitwreckers.cms.core.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;

/**
 * The embedded search engine: PostgreSQL full text. Each document has an entry per view (published, draft) whose
 * tsvector weighs the first searchable field (A) above the others (B), under a GIN index; queries use websearch
 * syntax, results are ranked, and highlights mark the matched words. Field names and values are always bound.
 */
public final class PostgresSearch implements SearchEngine {
    private static final String HEADLINE = "MaxFragments=2, MaxWords=25, MinWords=8, StartSel=<mark>, StopSel=</mark>";

    private final DbClient db;
    private final ContentTypeRegistry registry;
    private final String language;

    /**
     * @param db       database client
     * @param registry content types
     * @param language PostgreSQL text search configuration (SEARCH_LANGUAGE), for example simple or english
     */
    public PostgresSearch(DbClient db, ContentTypeRegistry registry, String language) {
        this.db = db;
        this.registry = registry;
        this.language = language;
        try {
            db.execute().get("SELECT ?::regconfig::text AS c", language);
        } catch (RuntimeException e) {
            throw new SettingsException(List.of("SEARCH_LANGUAGE '" + language + "' is not a text search configuration"
                                                        + " of this PostgreSQL (try simple or english)"));
        }
    }

    @Override
    public void reindex(String typeName, long id) {
        Transactions.run(db, tx -> {
            tx.dml("DELETE FROM search_entries WHERE document_id = ?", id);
            registry.find(typeName).ifPresent(type -> insert(tx, type, "{" + id + "}"));
        });
    }

    /** The entries of a whole batch with one statement per view. */
    @Override
    public void reindex(String typeName, List<Long> ids) {
        String array = "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}";
        Transactions.run(db, tx -> {
            tx.dml("DELETE FROM search_entries WHERE document_id IN (SELECT unnest(?::bigint[]))", array);
            registry.find(typeName).ifPresent(type -> insert(tx, type, array));
        });
    }

    /** Entries are committed with the index job: the next search reads them. */
    @Override
    public boolean seesItsWritesAtOnce() {
        return true;
    }

    /** Entries are due when documents exist but no entry does, or when they were built from other descriptors. */
    @Override
    public boolean prepare() {
        boolean empty = db.execute().get("SELECT EXISTS (SELECT 1 FROM documents) AND NOT EXISTS (SELECT 1 FROM"
                                                 + " search_entries) AS empty").orElseThrow().column("empty").get(Boolean.class);
        String built = db.execute().get("SELECT fingerprint FROM search_state WHERE engine = 'postgres'")
                .map(r -> r.column("fingerprint").get(String.class)).orElse("");
        return empty || !built.equals(fingerprint());
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
            tx.dml("INSERT INTO search_state (engine, fingerprint) VALUES ('postgres', ?) ON CONFLICT (engine) DO UPDATE"
                           + " SET fingerprint = excluded.fingerprint, built_at = now()", fingerprint());
        });
    }

    /**
     * Writes the entries of one document (or all of a type when id is null), for both views.
     *
     * @param ids a PostgreSQL array literal of the ids, or null for every document of the type; read as a set, so
     *            it is parsed once and not for every row
     * @return the entries written
     */
    private long insert(DbExecute tx, ContentType type, String ids) {
        long entries = 0;
        for (Scope scope : Scope.values()) {
            List<FieldDefinition> fields = CheckedQuery.searchableFields(type, scope);
            if (fields.isEmpty() || !CheckedQuery.visible(type, scope)) {
                continue;
            }
            String source = scope == Scope.PUBLISHED ? "published_data" : "data"; // one of two fixed columns
            List<Object> params = new ArrayList<>(List.of(view(scope), language, language, fields.get(0).name()));
            StringBuilder body = new StringBuilder("concat_ws(' ', ''"); // '' keeps it valid for a single field
            for (FieldDefinition f : fields.subList(1, fields.size())) {
                body.append(", ").append(source).append(" ->> ?");
                params.add(f.name());
            }
            body.append(")");
            params.add(type.name());
            String sql = "INSERT INTO search_entries (document_id, view, type, title, body, tsv)"
                    + " SELECT id, ?, type, t, b, setweight(to_tsvector(?::regconfig, t), 'A')"
                    + " || setweight(to_tsvector(?::regconfig, b), 'B') FROM (SELECT id, type, coalesce(" + source
                    + " ->> ?, '') AS t, " + body + " AS b FROM documents WHERE type = ? AND " + source + " IS NOT NULL"
                    + (ids == null ? "" : " AND id IN (SELECT unnest(?::bigint[]))") + ") s"
                    // an index job running beside a rebuild may have written the entry already: the newest text wins
                    + " ON CONFLICT (document_id, view) DO UPDATE SET title = excluded.title, body = excluded.body,"
                    + " tsv = excluded.tsv, updated_at = now()";
            if (ids != null) {
                params.add(ids);
            }
            entries += tx.dml(sql, params.toArray());
        }
        return entries;
    }

    private static String view(Scope scope) {
        return scope == Scope.PUBLISHED ? "published" : "draft";
    }

    @Override
    public String search(Query asked) {
        CheckedQuery query = CheckedQuery.of(registry, asked);
        String type = query.type().map(ContentType::name).orElse(null);
        String filter = query.filters().isEmpty() ? null : containment(query.filters());
        String source = query.scope() == Scope.PUBLISHED ? "d.published_data" : "d.data";
        String where = " FROM search_entries e JOIN documents d ON d.id = e.document_id,"
                + " websearch_to_tsquery(?::regconfig, ?) AS q WHERE e.view = ? AND e.tsv @@ q";
        List<Object> base = List.of(language, query.text(), view(query.scope()));

        List<Object> params = new ArrayList<>(List.of(language));
        params.addAll(base);
        params.addAll(Arrays.asList(type, type, filter, filter, query.pageSize(), query.offset()));
        String slug = query.scope() == Scope.PUBLISHED ? "d.published_slug" : "d.slug";
        String narrowed = " AND (?::text IS NULL OR e.type = ?::text) AND (?::text IS NULL OR " + source + " @> ?::jsonb)";
        JsonObjectBuilder facets = Jsons.createObjectBuilder();
        long all = 0;
        long ofType = 0;
        try (Stream<DbRow> rows = db.execute().query("SELECT e.type AS t, count(*) AS n" + where
                                                             + " GROUP BY e.type ORDER BY e.type", base.toArray())) {
            for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                String t = row.column("t").get(String.class);
                long n = row.column("n").get(Long.class);
                facets.add(t, n);
                all += n;
                ofType += t.equals(type) ? n : 0;
            }
        }
        // Page first: the inner query ranks the matches and cuts the page; highlights (the costly part) and the JSON
        // are made for the page's hits only.
        JsonArrayBuilder results = Jsons.createArrayBuilder();
        try (Stream<DbRow> rows = db.execute().query(
                "SELECT jsonb_build_object('id', p.id, 'type', p.type, 'slug', p.slug, 'title', p.title, 'rank',"
                        + " round(p.rank::numeric, 6), 'highlight', ts_headline(?::regconfig,"
                        + " replace(replace(replace(p.title || ' — ' || p.body, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),"
                        + " p.q, '" + HEADLINE + "'))::text AS hit FROM (SELECT d.id, e.type, " + slug + " AS slug,"
                        + " e.title, e.body, q, ts_rank_cd(e.tsv, q) AS rank" + where + narrowed
                        + " ORDER BY rank DESC, d.id LIMIT ? OFFSET ?) p ORDER BY p.rank DESC, p.id",
                params.toArray())) {
            rows.forEach(row -> results.add(JsonText.object(row.column("hit").get(String.class))));
        }
        // the facets count every match by type: only a field filter needs a count of its own
        long total = filter == null ? (type == null ? all : ofType) : countNarrowed(where, narrowed, base, type, filter);
        return query.answer(results.build(), total, facets.build());
    }

    private long countNarrowed(String where, String narrowed, List<Object> base, String type, String filter) {
        List<Object> counted = new ArrayList<>(base);
        counted.addAll(Arrays.asList(type, type, filter, filter));
        return db.execute().get("SELECT count(*) AS n" + where + narrowed, counted.toArray()).orElseThrow()
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
