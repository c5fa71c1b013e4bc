package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.query.Cursor;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.QueryCompiler;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.SqlQuery;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.core.search.PostgresSearch;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * The list and search stay flat from 10,000 to 100,000 documents, read from the plans PostgreSQL runs for
 * the exact SQL the compiler and the search engine write (EXPLAIN ANALYZE, rows not time; a list's plan both as made
 * for its values and as the read pool makes it once for any values): the list reads its page
 * from an index under a Limit, a deep page read from a cursor starts at the cursor in that index instead of walking
 * past the rows before it, and the JSON (and the search highlights) are built for the page's rows only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlatReadPlansTest {
    private static final int PAGE = 20;
    private TestPlatform cms;
    private ContentTypeRegistry registry;
    private ContentType article;
    private DbClient db;
    private ContentChanges changes;
    /** Public searches as a node ranks them with the published view's RUM index (V37; CI installs the extension). */
    private PostgresSearch search;
    /** As a node ranks them without it (no rum extension): every match is ranked. */
    private PostgresSearch rankingEveryMatch;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
        registry = ContentTypeRegistry.load(Path.of(TestPlatform.FIXTURES));
        article = registry.find("article").orElseThrow();
        db = Database.connect(DatabaseUrl.parse(cms.database.url()), 2);
        changes = new ContentChanges();
        search = new PostgresSearch(db, registry, "simple", changes);
        rankingEveryMatch = new PostgresSearch(db, registry, "simple", changes, false);
        // Keeping the fixture's twenty other field indexes up to date would only slow the seeding down: the statements
        // here filter on the category and sort on the creation time or the title, and indexes on other fields are no
        // candidates for their plans. The category's and the title's indexes and the table's own stay.
        cms.database.execute("""
                DO $$
                DECLARE i record;
                BEGIN
                  FOR i IN SELECT indexname FROM pg_indexes WHERE tablename IN ('documents', 'published_documents')
                           AND indexname LIKE 'dx\\_%'
                           AND indexname NOT LIKE 'dx\\_p\\_article\\_\\_category\\_%'
                           AND indexname NOT LIKE 'dx\\_p\\_article\\_\\_title\\_%' LOOP
                    EXECUTE format('DROP INDEX %I', i.indexname);
                  END LOOP;
                END $$""");
    }

    @AfterAll
    void stop() {
        db.close();
        cms.close();
    }

    /** Documents numbered from..to: a category in turn (news three times in four), one a minute, 1 in 40 "northwind". */
    private void seed(int from, int to) {
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO documents (type, slug, status, data, published_data, published_version, published_at,
                                         created_at)
                  SELECT 'article', 'flat-' || g, 'published', d, d, 1, now(), now() - g * interval '1 minute'
                  FROM generate_series(%d, %d) g,
                       LATERAL (SELECT jsonb_build_object('title', CASE WHEN g %% 40 = 0 THEN 'Northwind trail ' ELSE
                                 'Project ' END || g, 'category', CASE WHEN g %% 4 = 0 THEN 'guide' ELSE 'news' END,
                                 'rating', g %% 5 + 1) AS d) x
                  RETURNING 1)
                SELECT count(*) FROM inserted""".formatted(from, to));
        // the search entries as the index job writes them (its statement runs per document type; here the same text)
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO search_entries (document_id, view, type, title, body, tsv)
                  SELECT id, 'published', type, published_data->>'title', '',
                         setweight(to_tsvector('simple', published_data->>'title'), 'A')
                  FROM documents WHERE type = 'article' AND slug LIKE 'flat-%%'
                  ON CONFLICT (document_id, view) DO NOTHING
                  RETURNING 1)
                SELECT count(*) FROM inserted""".formatted());
        cms.database.execute("ANALYZE documents, published_documents");
        cms.database.execute("ANALYZE search_entries");
    }

    /**
     * A bulk import writes its documents in one transaction: they share created_at. Newest first, the ties come in id
     * order straight from the index, so the page is still read alone instead of the whole tied group.
     */
    @Test
    void documentsCreatedTogetherAreListedNewestFirstWithoutReadingTheirWholeGroup() {
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO documents (type, slug, status, data, published_data, published_version, published_at,
                                         created_at)
                  SELECT 'article', 'batch-' || g, 'published', d, d, 1, now(), timestamptz '2030-01-01 00:00Z'
                  FROM generate_series(1, 2000) g,
                       LATERAL (SELECT jsonb_build_object('title', 'Imported ' || g, 'category',
                                 CASE WHEN g % 4 = 0 THEN 'guide' ELSE 'news' END) AS d) x
                  RETURNING 1)
                SELECT count(*) FROM inserted""");
        cms.database.execute("ANALYZE documents, published_documents");
        Map<String, List<String>> newest = Map.of("filter[category]", List.of("guide"), "sort", List.of("-created_at"),
                                                  "pageSize", List.of(String.valueOf(PAGE)));
        for (Planning planning : Planning.values()) {
            JsonObject plan = analyzed(list(newest, Optional.empty()), planning);
            assertThat(planning + ": " + plan, plan.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
            // the page is chosen under the Limit: read in order there, not sorted (the 20 rows are ordered again above)
            JsonObject page = nodes(plan).stream().filter(n -> n.getString("Node Type").equals("Limit")).findFirst()
                    .orElseThrow(() -> new AssertionError("no Limit in " + plan));
            assertThat(planning + ": " + page, nodes(page).stream().map(n -> n.getString("Node Type")).toList(),
                       not(hasItem(containsString("Sort"))));
            assertThat(planning + ": rows read for the page", rowsRead(nodes(page)), lessThanOrEqualTo(5L * PAGE));
        }
        cms.database.execute("DELETE FROM documents WHERE slug LIKE 'batch-%'");
    }

    /**
     * Form submissions and other drafts can outnumber a type's published documents many times. PostgreSQL takes a
     * document's type and whether it is published as independent, so it then expects a filtered list of that type to
     * match a handful of rows and would sort them all (every match read, at 10,000 projects among 146,000 submissions
     * 14 ms a list instead of 0.2). The read pool, which reads only lists known to be large, still reads the page from
     * the sort order's index. First, while the table holds no other articles: the drafts must outnumber them.
     */
    @Test
    @Order(1)
    void aListOfATypeOutnumberedByDraftsOfAnotherIsStillReadInTheSortOrder() {
        publishArticles("crowded", 3_000, "Crowded", "CASE WHEN g % 4 = 0 THEN 'guide' ELSE 'news' END");
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO documents (type, slug, status, data)
                  SELECT 'message', 'submitted-' || g, 'draft', jsonb_build_object('name', 'Visitor ' || g)
                  FROM generate_series(1, 60000) g
                  RETURNING 1)
                SELECT count(*) FROM inserted""");
        cms.database.execute("ANALYZE documents, published_documents");
        try {
            Map<String, List<String>> newest = Map.of("filter[category]", List.of("news"), "sort",
                                                      List.of("-created_at"), "pageSize", List.of(String.valueOf(PAGE)));
            SqlQuery sql = list(newest, Optional.empty());
            JsonObject plan = analyzed(sql, Planning.GENERIC);
            assertThat(plan.toString(), plan.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
            assertThat("rows read: " + plan, rowsRead(nodes(plan)), lessThanOrEqualTo(3L * PAGE));
            // the outer sort of the page still costs what a plan that must sort costs: never compiled for that
            assertThat(cms.database.explainAnalyzeGeneric(sql.sql(), sql.params()), not(containsString("\"JIT\"")));
        } finally {
            cms.database.execute("DELETE FROM documents WHERE slug LIKE 'crowded-%' OR slug LIKE 'submitted-%'");
            cms.database.execute("ANALYZE documents, published_documents");
        }
    }

    /**
     * The read pool's plan is made for a typical value: for a filter that matches a few documents it would walk the
     * sort order's index through the whole type. Such a list, known small from its count, is planned for its values
     * on the main pool; a large match is read by the read pool.
     */
    @Test
    void aListMatchingFewDocumentsIsPlannedForItsValuesAndALargeOneByTheReadPool() {
        publishArticles("pool", 1500, "Pooled", "CASE WHEN g <= 3 THEN 'story' ELSE 'guide' END");
        try {
            double before = readPoolUses();
            Http.Response few = cms.delivery.get("/api/v1/content/article?filter[category]=story");
            assertThat(few.raw().body(), few.status(), is(200));
            assertThat(few.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"), is(3));
            assertThat("a list of three read through the read pool", readPoolUses(), is(before));
            Http.Response many = cms.delivery.get("/api/v1/content/article?filter[category]=guide");
            assertThat(many.raw().body(), many.status(), is(200));
            assertThat(readPoolUses(), greaterThan(before));
        } finally {
            // the other tests here read pages of the newest documents, which these would be
            cms.database.execute("DELETE FROM documents WHERE slug LIKE 'pool-%'");
        }
    }

    /**
     * Publishes articles {@code <slug>-1} to {@code <slug>-<count>}, titled {@code <title> g}, their category an SQL
     * expression of g.
     */
    private void publishArticles(String slug, int count, String title, String category) {
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO documents (type, slug, status, data, published_data, published_version, published_at)
                  SELECT 'article', '%s-' || g, 'published', d, d, 1, now()
                  FROM generate_series(1, %d) g,
                       LATERAL (SELECT jsonb_build_object('title', '%s ' || g, 'category', %s) AS d) x
                  RETURNING 1)
                SELECT count(*) FROM inserted""".formatted(slug, count, title, category));
    }

    private double readPoolUses() {
        Http.Response metrics = cms.admin.withToken(null).get("/metrics");
        return PrometheusText.parse(metrics.raw().body())
                .value("hikaricp_connections_acquire_seconds_count", "pool", "bitwreckers-reads").orElse(0.0);
    }

    @Test
    void listsAndSearchReadOnlyTheirPageAt10000And100000Documents() {
        seed(1, 10_000);
        checkPlans(10_000);
        seed(10_001, 100_000);
        checkPlans(100_000);
    }

    private void checkPlans(int size) {
        for (Planning planning : Planning.values()) {
            checkListPlans(size + " documents, " + planning + " plan: ", size, planning);
        }
        checkSearchPlan(size + " documents: ");
    }

    private void checkListPlans(String at, int size, Planning planning) {
        // the list: a category, newest first, 20 items
        Map<String, List<String>> newest = Map.of("filter[category]", List.of("news"), "sort", List.of("-created_at"),
                                                  "pageSize", List.of(String.valueOf(PAGE)));
        JsonObject first = analyzed(list(newest, Optional.empty()), planning);
        assertThat(at + first, first.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
        assertThat(at, first.toString(), containsString("\"Index Name\":\"published_documents_type_created_desc_idx\""));
        assertJsonBuiltOnlyFor(at, nodes(first), PAGE);
        assertThat(at + "rows read", rowsRead(nodes(first)), lessThanOrEqualTo(3L * PAGE));

        // a deep page: from the row 90 % down the list, read from a cursor
        long deep = size * 3L / 4 * 9 / 10;
        String row = cms.database.text("SELECT to_char(created_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || ' ' || id FROM documents WHERE type = 'article'"
                + " AND published_data IS NOT NULL AND published_data->>'category' = 'news'"
                + " ORDER BY created_at DESC, id ASC OFFSET " + deep + " LIMIT 1");
        String[] position = row.split(" ");
        JsonObject page = analyzed(list(newest, Optional.of(new Cursor(false, List.of(position[0], position[1])))),
                                   planning);
        assertThat(at + page, page.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
        assertThat(at, page.toString(), containsString("\"Index Name\":\"published_documents_type_created_desc_idx\""));
        assertJsonBuiltOnlyFor(at, nodes(page), PAGE);
        // started at the cursor: a numbered page this deep would have read every row before it
        assertThat(at + "rows read for a deep page", rowsRead(nodes(page)), lessThanOrEqualTo(3L * PAGE));

        // a deep page sorted on a descriptor field, whose nulls lie ahead of the cursor: read as two index ranges
        String titled = cms.database.text("SELECT published_data->>'title' || '|' || id FROM documents"
                + " WHERE type = 'article' AND published_data IS NOT NULL AND published_data->>'category' = 'news'"
                + " ORDER BY published_data->>'title' ASC NULLS LAST, id ASC OFFSET " + deep + " LIMIT 1");
        String[] title = titled.split("\\|");
        Map<String, List<String>> byTitle = Map.of("filter[category]", List.of("news"), "sort", List.of("title"),
                                                   "pageSize", List.of(String.valueOf(PAGE)));
        JsonObject sorted = analyzed(list(byTitle, Optional.of(new Cursor(false, List.of(title[0], title[1])))),
                                     planning);
        assertThat(at + sorted, sorted.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
        assertThat(at, sorted.toString(), containsString("dx_p_article__title_"));
        assertJsonBuiltOnlyFor(at, nodes(sorted), PAGE);
        assertThat(at + "rows read for a deep page by title", rowsRead(nodes(sorted)), lessThanOrEqualTo(3L * PAGE));
    }

    private void checkSearchPlan(String at) {
        // search: 1 in 40 documents match; the hits' JSON and highlights are made for the page only
        SearchEngine.Query northwind = new SearchEngine.Query("northwind", SearchEngine.Scope.PUBLISHED,
                                                              Optional.empty(), Map.of(), 1, PAGE);
        assertThat("the ranking index (V37) needs PostgreSQL's rum extension (Debian: postgresql-NN-rum)",
                   search.ranksByIndex(), is(true));
        for (Planning planning : Planning.values()) {
            // best first from the ranking index, which ranks every match from the word positions it keeps: the page's
            // entries are the only ones read from the table, however many match
            JsonObject ranked = analyzed(search.hits(northwind), planning);
            String label = at + planning + " plan: ";
            assertThat(label + ranked, ranked.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
            JsonObject entries = nodes(ranked).stream()
                    .filter(n -> n.getString("Index Name", "").equals("search_entries_published_rum")).findFirst()
                    .orElseThrow(() -> new AssertionError(label + "the ranking index is not read: " + ranked));
            assertThat(label + "entries read from the table", entries.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
            assertThat(label, entries.getString("Order By", ""), containsString("<=>"));
            assertJsonBuiltOnlyFor(label, nodes(ranked), PAGE);
            assertThat(label + "documents read by a search", documentRowsRead(nodes(ranked)),
                       lessThanOrEqualTo((long) PAGE));
        }

        // without the ranking index every match is ranked, from its entry alone: documents are read for the page only
        JsonObject found = analyzedWithoutTheRankingIndex(rankingEveryMatch.hits(northwind));
        assertThat(at + found, found.getJsonNumber("Actual Rows").longValue(), is((long) PAGE));
        assertThat(at, found.toString(), containsString("search_entries_published_tsv"));
        assertJsonBuiltOnlyFor(at, nodes(found), PAGE);
        assertThat(at + "documents read by a search", documentRowsRead(nodes(found)), lessThanOrEqualTo((long) PAGE));

        // and a first page counts the facets in the same reading of the matches
        JsonObject both = analyzedWithoutTheRankingIndex(rankingEveryMatch.facetsAndHits(northwind));
        assertThat(at, both.toString(), containsString("search_entries_published_tsv"));
        assertJsonBuiltOnlyFor(at, nodes(both), PAGE);
        assertThat(at + "documents read by a search and its facets", documentRowsRead(nodes(both)),
                   lessThanOrEqualTo((long) PAGE));
        long entryScans = nodes(both).stream().filter(n -> n.getString("Relation Name", "").equals("search_entries")
                && n.getJsonNumber("Actual Rows").longValue() > PAGE).count();
        assertThat(at + "readings of every match", entryScans, is(1L));
    }

    /**
     * The facets (every hit counted by type) a public search counts are kept, for its first page as for its further
     * ones, until the search index changes (which bumps its generation on every node).
     */
    @Test
    void searchCountsAreKeptUntilTheIndexChanges() {
        publishArticles("kept", 30, "Zephyr", "'guide'");
        cms.database.execute("""
                INSERT INTO search_entries (document_id, view, type, title, body, tsv)
                SELECT id, 'published', type, published_data->>'title', '', to_tsvector('simple', published_data->>'title')
                FROM documents WHERE slug LIKE 'kept-%'""");
        assertThat(zephyrs(1), is(30));
        // an entry goes without the index's generation changing: the kept counts still answer, on every page
        cms.database.execute("DELETE FROM search_entries WHERE document_id = (SELECT id FROM documents"
                                     + " WHERE slug = 'kept-1')");
        assertThat(zephyrs(2), is(30));
        assertThat(zephyrs(1), is(30));
        // a new generation: the first page asked counts anew, and keeps what it counted
        changes.changed(SearchIndexer.CHANGES);
        assertThat(zephyrs(1), is(29));
        cms.database.execute("DELETE FROM search_entries WHERE document_id = (SELECT id FROM documents"
                                     + " WHERE slug = 'kept-2')");
        assertThat(zephyrs(2), is(29));
        changes.changed(SearchIndexer.CHANGES);
        assertThat(zephyrs(2), is(28));
        assertThat(zephyrs(1), is(28));
    }

    /**
     * With or without the ranking index, a search gives its matches in the same order of relevance, and its pages
     * give each match once, ties included: 45 articles in three groups of equal rank (the word in the title alone, and
     * once or three times more in the text).
     */
    @Test
    void bothRankingsOrderTheMatchesAlikeAndPageThroughEachOnce() {
        publishArticles("kestrel", 45, "Kestrel", "'news'");
        cms.database.execute("""
                INSERT INTO search_entries (document_id, view, type, title, body, tsv)
                SELECT id, 'published', type, t, b,
                       setweight(to_tsvector('simple', t), 'A') || setweight(to_tsvector('simple', b), 'B')
                FROM (SELECT id, type, published_data->>'title' AS t,
                             repeat('kestrel seen ', (substr(slug, 9)::int %% 3) * (substr(slug, 9)::int %% 3)) AS b
                      FROM documents WHERE slug LIKE 'kestrel-%%') s""".formatted());
        List<Integer> expected = new ArrayList<>();
        for (int times : List.of(4, 1, 0)) { // the word in the text 2 x 2, 1 x 1 and 0 times
            expected.addAll(Collections.nCopies(15, times));
        }
        for (PostgresSearch engine : List.of(search, rankingEveryMatch)) {
            List<Integer> times = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int page = 1; page <= 3; page++) {
                String answer = engine.search(new SearchEngine.Query("kestrel", SearchEngine.Scope.PUBLISHED,
                                                                     Optional.empty(), Map.of(), page, PAGE));
                try (JsonReader reader = Json.createReader(new StringReader(answer))) {
                    JsonObject found = reader.readObject();
                    assertThat(found.getInt("total"), is(45));
                    for (JsonValue hit : found.getJsonArray("results")) {
                        String title = hit.asJsonObject().getString("title"); // Kestrel n
                        int number = Integer.parseInt(title.substring(8));
                        seen.add(title);
                        times.add((number % 3) * (number % 3));
                    }
                }
            }
            String label = engine.ranksByIndex() ? "ranked by the index" : "every match ranked";
            assertThat(label, times, is(expected));
            assertThat(label + ": each match once", seen.size(), is(45));
        }
    }

    /**
     * An index job's batch reads its own documents by id, even when the planner's statistics were taken before the
     * type had any (a form's first burst): a type test would then have it read every document of the type per batch.
     * Counted from the table's read counters of a one-connection pool, so the count is the batch's alone.
     */
    @Test
    void anIndexBatchReadsOnlyItsOwnDocumentsWhenTheStatisticsCallTheirTypeRare() {
        // every statement on one connection, which sends its counts before each reading: no other session's late
        // counts fall between the two readings
        DbClient one = Database.connect(DatabaseUrl.parse(cms.database.url()), 1);
        try {
            one.execute().dml("ANALYZE documents");
            one.execute().dml("""
                    INSERT INTO documents (type, status, data)
                    SELECT 'note', 'draft', jsonb_build_object('title', 'Visitor ' || g, 'body', 'Hello ' || g)
                    FROM generate_series(1, 20000) g""");
            List<Long> batch;
            try (Stream<DbRow> rows = one.execute().query("SELECT id FROM documents WHERE type = 'note'"
                                                                  + " ORDER BY id DESC LIMIT 50")) {
                batch = rows.map(r -> r.column("id").get(Long.class)).toList();
            }
            long before = documentReads(one);
            new PostgresSearch(one, notes(), "simple", changes).reindex("note", batch);
            // each id is read when the batch locks it (IndexingBesideADeleteTest), for the draft entry, for the
            // published one and by the entries' foreign key
            assertThat(documentReads(one) - before, lessThanOrEqualTo(4L * batch.size()));
            assertThat(cms.database.number("SELECT count(*) FROM search_entries WHERE view = 'draft' AND document_id"
                                                   + " IN (SELECT id FROM documents WHERE type = 'note')"),
                       is((long) batch.size()));
        } finally {
            one.execute().dml("DELETE FROM documents WHERE type = 'note'");
            one.execute().dml("ANALYZE documents");
            one.close();
        }
    }

    /**
     * Entries written since the last vacuum wait in the text index's pending list, which every search reads whole
     * until a vacuum merges it (autovacuum, in its own time; never where it is off). Kept short (V34), a search reads a
     * few of its pages however many entries the index jobs wrote since: here 3,000 entries of about a kilobyte, which
     * the default 4 MB list would hold whole. Drafts, as staff search them: the published view's ranking index, where
     * there is one (V37), keeps no such list, and PostgreSQL may read the published matches from it.
     */
    @Test
    void aSearchReadsFewPendingPagesOfTheTextIndexHoweverManyEntriesCameSinceTheLastVacuum() {
        try {
            cms.database.execute("""
                    INSERT INTO documents (type, status, data, published_data)
                    SELECT 'note', 'published', d, d FROM generate_series(1, 3000) g,
                           LATERAL (SELECT jsonb_build_object('title', 'Visitor ' || g) AS d) x""");
            for (int batch = 0; batch < 30; batch++) { // as index jobs write them, a hundred at a time
                cms.database.execute("""
                        INSERT INTO search_entries (document_id, view, type, title, body, tsv)
                        SELECT id, 'draft', type, t, b,
                               setweight(to_tsvector('simple', t), 'A') || setweight(to_tsvector('simple', b), 'B')
                        FROM (SELECT id, type, published_data->>'title' AS t,
                                     (SELECT string_agg(md5((id * 31 + k)::text), ' ') FROM generate_series(1, 30) k) AS b
                              FROM documents WHERE type = 'note' ORDER BY id OFFSET %d LIMIT 100) s"""
                                             .formatted(batch * 100));
            }
            cms.database.execute("ANALYZE search_entries"); // a manual analyze leaves the pending list as it is
            SqlQuery hits = search.hits(new SearchEngine.Query("1234", SearchEngine.Scope.DRAFT, Optional.empty(),
                                                               Map.of(), 1, PAGE));
            JsonObject plan = analyzed(hits, Planning.CUSTOM);
            JsonObject entries = nodes(plan).stream()
                    .filter(n -> n.getString("Relation Name", "").equals("search_entries")).findFirst().orElseThrow();
            // with the 4 MB list PostgreSQL read all 3,000 entries instead (9,500 pages): the index cost it more
            long pages = entries.getJsonNumber("Shared Hit Blocks").longValue()
                    + entries.getJsonNumber("Shared Read Blocks").longValue();
            assertThat("pages of the entries read by a search: " + plan, pages, lessThanOrEqualTo(48L));
            assertThat(plan.toString(), containsString("search_entries_draft_tsv"));
        } finally {
            cms.database.execute("DELETE FROM documents WHERE type = 'note'");
        }
    }

    /** A registry of one searchable type, note, which no other test writes. */
    private static ContentTypeRegistry notes() {
        try {
            Path types = Files.createDirectories(Files.createTempDirectory("notes").resolve("types"));
            Files.writeString(types.resolve("note.json"), """
                    {"name": "note", "label": "Note", "fields": [
                      {"name": "title", "type": "string", "searchable": true},
                      {"name": "body", "type": "text", "searchable": true}]}""");
            return ContentTypeRegistry.load(types.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of documents read by any session so far (scans and index lookups), after the session's own counts. */
    private long documentReads(DbClient session) {
        session.execute().get("SELECT pg_stat_force_next_flush() IS NULL AS flushed");
        return cms.database.number("SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)"
                                           + " FROM pg_stat_user_tables WHERE relname = 'documents'");
    }

    private int zephyrs(int page) {
        String answer = search.search(new SearchEngine.Query("zephyr", SearchEngine.Scope.PUBLISHED, Optional.empty(),
                                                             Map.of(), page, 20));
        try (JsonReader reader = Json.createReader(new StringReader(answer))) {
            JsonObject found = reader.readObject();
            assertThat(found.getJsonNumber("total").intValue(), is(found.getJsonObject("facets").getInt("article")));
            return found.getJsonObject("facets").getInt("article");
        }
    }

    /**
     * How PostgreSQL plans a statement: for its values (the first uses of a statement, and search), or once for any
     * values, as a session of the read pool does for lists once the statement is prepared there.
     */
    private enum Planning { CUSTOM, GENERIC }

    private SqlQuery list(Map<String, List<String>> params, Optional<Cursor> cursor) {
        ListQuery parsed = QueryParser.parse(article, registry, View.PUBLISHED, params, Set.of());
        ListQuery query = new ListQuery(parsed.filters(), parsed.sorts(), 1, parsed.pageSize(), parsed.fields(),
                                        parsed.populate(), cursor);
        return QueryCompiler.list(article, query, View.PUBLISHED, Optional.empty());
    }

    private JsonObject analyzed(SqlQuery sql, Planning planning) {
        return plan(planning == Planning.CUSTOM ? cms.database.explainAnalyze(sql.sql(), sql.params())
                            : cms.database.explainAnalyzeGeneric(sql.sql(), sql.params()));
    }

    /** The plan a node without the rum extension runs (PostgreSQL may read matches from either text index). */
    private JsonObject analyzedWithoutTheRankingIndex(SqlQuery sql) {
        return plan(cms.database.explainAnalyzeWithout(List.of("search_entries_published_rum"), sql.sql(),
                                                       sql.params()));
    }

    private static JsonObject plan(String explained) {
        try (JsonReader reader = Json.createReader(new StringReader(explained))) {
            return reader.readArray().getJsonObject(0).getJsonObject("Plan");
        }
    }

    private static List<JsonObject> nodes(JsonObject plan) {
        List<JsonObject> all = new ArrayList<>(List.of(plan));
        for (JsonValue child : plan.getOrDefault("Plans", JsonValue.EMPTY_JSON_ARRAY).asJsonArray()) {
            all.addAll(nodes(child.asJsonObject()));
        }
        return all;
    }

    /** The tables holding documents: all of them, and the published ones' copy that published reads use (V33). */
    private static final Set<String> DOCUMENT_TABLES = Set.of("documents", "published_documents");

    /** Rows the scans of documents read (returned or filtered out), leaving out the page's lookups by id. */
    private static long rowsRead(List<JsonObject> nodes) {
        long read = 0;
        for (JsonObject n : nodes) {
            if (n.getString("Node Type").contains("Scan") && DOCUMENT_TABLES.contains(n.getString("Relation Name", ""))
                    && !n.getString("Index Name", "").endsWith("_pkey")) {
                JsonValue removed = n.getOrDefault("Rows Removed by Filter", Json.createValue(0));
                read += (n.getJsonNumber("Actual Rows").longValue() + ((JsonNumber) removed).longValue())
                        * n.getJsonNumber("Actual Loops").longValue();
            }
        }
        return read;
    }

    /** Rows of documents any scan returned, by primary key included. */
    private static long documentRowsRead(List<JsonObject> nodes) {
        return nodes.stream().filter(n -> DOCUMENT_TABLES.contains(n.getString("Relation Name", "")))
                .mapToLong(n -> n.getJsonNumber("Actual Rows").longValue() * n.getJsonNumber("Actual Loops").longValue())
                .sum();
    }

    /** Every plan node computing JSON handled at most the page's rows. */
    private static void assertJsonBuiltOnlyFor(String at, List<JsonObject> nodes, long pageSize) {
        List<JsonObject> building = nodes.stream()
                .filter(n -> n.getOrDefault("Output", JsonValue.EMPTY_JSON_ARRAY).toString().contains("jsonb_build_object"))
                .toList();
        assertThat(at + "a node builds the JSON", building.isEmpty(), is(false));
        for (JsonObject node : building) {
            long rows = node.getJsonNumber("Actual Rows").longValue() * node.getJsonNumber("Actual Loops").longValue();
            assertThat(at + node.getString("Node Type") + " built JSON for " + rows + " rows", rows <= pageSize, is(true));
        }
    }
}
