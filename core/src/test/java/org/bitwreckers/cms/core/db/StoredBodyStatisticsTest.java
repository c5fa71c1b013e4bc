package org.bitwreckers.cms.core.db;

import java.util.List;

import io.helidon.dbclient.DbClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * ANALYZE skips the stored bodies (whole documents, the delivered JSON, search texts), whose statistics no plan reads,
 * and still gathers what plans do read: the other columns, and the statistics objects on published fields.
 */
class StoredBodyStatisticsTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();

    @BeforeAll
    static void migrate() {
        Database.migrate(DATABASE.url());
        DB.execute().dml("INSERT INTO documents (type, slug, status, data, published_data, published_version,"
                                 + " published_slug, published_at) SELECT 'note', 'n' || g, 'published',"
                                 + " jsonb_build_object('category', 'c' || g % 3), jsonb_build_object('category',"
                                 + " 'c' || g % 3), 1, 'n' || g, now() FROM generate_series(1, 60) g");
        DB.execute().dml("CREATE STATISTICS note_category ON ((published_data ->> 'category')) FROM published_documents");
        DB.execute().dml("ANALYZE documents, published_documents");
    }

    @Test
    void theBodiesHaveNoStatisticsAndWhatPlansReadHas() {
        assertThat(columnsWithStatistics("documents", List.of("data", "published_data", "type", "slug")),
                   is(List.of("slug", "type")));
        assertThat(columnsWithStatistics("published_documents", List.of("published_data", "published_json", "type")),
                   is(List.of("type")));
        assertThat(DB.execute().get("SELECT n_distinct::text AS n FROM pg_stats_ext_exprs"
                                            + " WHERE statistics_name = 'note_category'")
                           .orElseThrow().column("n").get(String.class), is("3"));
    }

    private static List<String> columnsWithStatistics(String table, List<String> columns) {
        return DB.execute().query("SELECT attname::text AS name FROM pg_stats WHERE tablename = ?"
                                          + " AND attname::text = ANY (string_to_array(?, ',')) ORDER BY attname",
                                  table, String.join(",", columns))
                .map(r -> r.column("name").get(String.class)).toList();
    }
}
