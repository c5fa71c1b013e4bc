package org.bitwreckers.cms.server;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.IndexNames;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.QueryCompiler;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.SqlQuery;
import org.bitwreckers.cms.core.query.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * With a realistic number of documents, PostgreSQL answers selective delivery filters from the expression indexes
 * the descriptors declared (the plan is read from the exact SQL the compiler writes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexUsageTest {
    private TestPlatform cms;
    private ContentTypeRegistry registry;
    private ContentType article;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
        registry = ContentTypeRegistry.load(Path.of(TestPlatform.FIXTURES));
        article = registry.find("article").orElseThrow();
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO documents (type, slug, status, data, published_data, published_version, published_at)
                  SELECT 'article', 'bulk-' || g, 'published', d, d, 1, now()
                  FROM generate_series(1, 5000) g,
                       LATERAL (SELECT jsonb_build_object('title', 'Bulk ' || g,
                                 'category', CASE WHEN g % 500 = 0 THEN 'guide' ELSE 'news' END,
                                 'rating', CASE WHEN g % 700 = 0 THEN 5 ELSE 1 END) AS d) x
                  RETURNING 1)
                SELECT count(*) FROM inserted""");
        // a long list: 20,000 more news articles, one a minute
        cms.database.number("""
                WITH inserted AS (
                  INSERT INTO documents (type, slug, status, data, published_data, published_version, published_at,
                                         created_at)
                  SELECT 'article', 'page-' || g, 'published', d, d, 1, now(), now() - g * interval '1 minute'
                  FROM generate_series(1, 20000) g,
                       LATERAL (SELECT jsonb_build_object('title', 'Page ' || lpad(g::text, 5, '0'),
                                 'category', 'news', 'rating', 2) AS d) x
                  RETURNING 1)
                SELECT count(*) FROM inserted""");
        cms.database.execute("ANALYZE documents, published_documents");
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private String plan(String param, String value) {
        ListQuery query = QueryParser.parse(article, registry, View.PUBLISHED, Map.of(param, List.of(value)), Set.of());
        SqlQuery sql = QueryCompiler.list(article, query, View.PUBLISHED, Optional.empty());
        return cms.database.explain(sql.sql(), sql.params());
    }

    @Test
    void selectiveFiltersUseTheDescriptorIndexes() {
        assertThat(plan("filter[rating]", "5"), containsString("dx_p_article__rating_"));
        assertThat(plan("filter[category][in]", "guide,story"), containsString("dx_p_article__category_"));
        assertThat(cms.delivery.get("/api/v1/content/article?filter[rating]=5").json().getJsonObject("meta")
                           .getJsonObject("pagination").getInt("total"), is(7));
    }

    /** The latest news, as a site lists them: read from the creation index in order, cut at the page. */
    @Test
    void aFilteredSortedListReadsOnlyItsPageFromAnIndex() {
        JsonObject plan = analyzed(Map.of("filter[category]", List.of("news"), "sort", List.of("-created_at"),
                                          "pageSize", List.of("20")));
        List<JsonObject> nodes = nodes(plan);
        assertThat(plan.getJsonNumber("Actual Rows").longValue(), is(20L));
        assertThat(nodes.stream().anyMatch(n -> n.getString("Node Type").equals("Limit")), is(true));
        assertThat(plan.toString(), containsString("\"Index Name\":\"published_documents_type_created_desc_idx\""));
        assertJsonBuiltOnlyFor(nodes, 20);
    }

    /** A sort on a sortable descriptor field reads its expression index in order. */
    @Test
    void aSortOnADescriptorFieldReadsItsIndex() {
        JsonObject plan = analyzed(Map.of("filter[category]", List.of("news"), "sort", List.of("title"),
                                          "pageSize", List.of("10")));
        assertThat(plan.toString(), containsString(IndexNames.published(article, article.field("title").orElseThrow())));
        assertJsonBuiltOnlyFor(nodes(plan), 10);
    }

    /** A descending sort (nulls last) on a sortable field reads its descending index. */
    @Test
    void aDescendingSortOnADescriptorFieldReadsItsDescendingIndex() {
        JsonObject plan = analyzed(Map.of("sort", List.of("-title"), "pageSize", List.of("10")));
        assertThat(plan.toString(),
                   containsString(IndexNames.publishedDescending(article, article.field("title").orElseThrow())));
        assertJsonBuiltOnlyFor(nodes(plan), 10);
    }

    /** Past the counting bound the total is the bound, flagged as not exact; below it, exact and unflagged. */
    @Test
    void totalsAreCountedUpToABound() {
        JsonObject all = cms.delivery.get("/api/v1/content/article?pageSize=1").json().getJsonObject("meta")
                .getJsonObject("pagination");
        assertThat(all.getJsonNumber("total").longValue(), is(QueryCompiler.COUNT_BOUND));
        assertThat(all.getBoolean("totalExact"), is(false));
        JsonObject deep = cms.delivery.get("/api/v1/content/article?pageSize=1&page=12000").json().getJsonObject("meta")
                .getJsonObject("pagination");
        assertThat(deep.getJsonNumber("total").longValue(), is(12000L));
        JsonObject few = cms.delivery.get("/api/v1/content/article?filter[rating]=1&pageSize=100&page=2").json()
                .getJsonObject("meta").getJsonObject("pagination");
        assertThat(few.getInt("total"), is(4993));
        assertThat(few.containsKey("totalExact"), is(false));
    }

    private JsonObject analyzed(Map<String, List<String>> params) {
        ListQuery query = QueryParser.parse(article, registry, View.PUBLISHED, params, Set.of());
        SqlQuery sql = QueryCompiler.list(article, query, View.PUBLISHED, Optional.empty());
        String explained = cms.database.explainAnalyze(sql.sql(), sql.params());
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

    /** Every plan node computing the document JSON handled at most the page's rows. */
    private static void assertJsonBuiltOnlyFor(List<JsonObject> nodes, long pageSize) {
        List<JsonObject> building = nodes.stream()
                .filter(n -> n.getOrDefault("Output", JsonValue.EMPTY_JSON_ARRAY).toString().contains("jsonb_build_object"))
                .toList();
        assertThat(building.isEmpty(), is(false));
        for (JsonObject node : building) {
            long rows = node.getJsonNumber("Actual Rows").longValue() * node.getJsonNumber("Actual Loops").longValue();
            assertThat(node.getString("Node Type") + " built JSON for " + rows + " rows", rows <= pageSize, is(true));
        }
    }

    /** Statistics span every type: a value of another type under the same name never breaks ANALYZE. */
    @Test
    void anotherTypesValuesUnderTheSameNameLeaveAnalyzeWorking() {
        cms.database.execute("""
                INSERT INTO documents (type, slug, status, data, published_data, published_version, published_at)
                VALUES ('author', 'odd-values', 'published', '{"rating": "high", "score": "x", "featured": "maybe"}',
                        '{"rating": "high", "score": "x", "featured": "maybe"}', 1, now())""");
        cms.database.execute("ANALYZE documents, published_documents");
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE type = 'author' AND slug = 'odd-values'"),
                   is(1L));
    }

    @Test
    void uniqueFieldsHaveUniqueIndexes() {
        assertThat(cms.database.number("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'dx_u_article__code_%'"
                                               + " AND indexdef LIKE 'CREATE UNIQUE INDEX%'"), is(1L));
    }
}
