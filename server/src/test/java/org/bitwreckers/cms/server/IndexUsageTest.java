package org.bitwreckers.cms.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
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
        cms.database.execute("ANALYZE documents");
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

    @Test
    void uniqueFieldsHaveUniqueIndexes() {
        assertThat(cms.database.number("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'dx_u_article__code_%'"
                                               + " AND indexdef LIKE 'CREATE UNIQUE INDEX%'"), is(1L));
    }
}
