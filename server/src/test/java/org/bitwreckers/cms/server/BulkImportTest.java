package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * {@code POST /admin/v1/content/{type}/bulk} against real PostgreSQL: documents with versions, slugs, publishing,
 * search index jobs, all-or-nothing validation naming item and field, uniqueness inside the batch and against stored
 * documents, permissions and the batch limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkImportTest {
    private static final Duration INDEX_LIMIT = Duration.ofSeconds(30);

    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private static String items(List<String> datas) {
        return "[" + String.join(",", datas.stream().map(d -> "{\"data\":" + d + "}").toList()) + "]";
    }

    private static List<String> articles(String word, int n) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add("{\"title\":\"" + word + " " + i + "\",\"category\":\"guide\",\"body\":\"<p>Hi<script>x()</script></p>\"}");
        }
        return list;
    }

    @Test
    void createsPublishedDocumentsWithVersionsSlugsAndSearchEntries() {
        cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Wombat 0\",\"category\":\"news\"}}");
        Http.Response r = cms.admin.post("/admin/v1/content/article/bulk",
                                         "{\"publish\":true,\"items\":" + items(articles("Wombat", 50)) + "}");
        assertThat(r.raw().body(), r.status(), is(201));
        JsonArray ids = r.data().asJsonObject().getJsonArray("ids");
        assertThat(ids.size(), is(50));
        assertThat(r.data().asJsonObject().getInt("count"), is(50));

        long first = ids.getJsonNumber(0).longValue();
        JsonObject doc = cms.admin.get("/admin/v1/content/article/" + first).data().asJsonObject();
        assertThat(doc.getString("status"), is("published"));
        assertThat(doc.getString("slug"), is("wombat-0-2")); // the stored "Wombat 0" has wombat-0
        assertThat(doc.getJsonObject("data").getString("title"), is("Wombat 0"));
        assertThat(doc.getJsonObject("data").getBoolean("featured"), is(false)); // defaults as for one document
        assertThat(doc.getJsonObject("data").getString("body"), not(containsString("script"))); // rich text sanitised
        JsonObject last = cms.admin.get("/admin/v1/content/article/" + ids.getJsonNumber(49).longValue()).data()
                .asJsonObject();
        assertThat(last.getString("slug"), is("wombat-49")); // ids answer in item order
        JsonArray versions = cms.admin.get("/admin/v1/content/article/" + first + "/versions").data().asJsonArray();
        assertThat(versions.size(), is(1));
        assertThat(versions.getJsonObject(0).getString("action"), is("create"));

        assertThat(cms.delivery.get("/api/v1/content/article/wombat-49").data().asJsonObject().getString("title"),
                   is("Wombat 49"));
        assertThat(Await.until(INDEX_LIMIT, () -> cms.delivery.get("/api/v1/search?q=wombat")
                .data().asJsonObject().getJsonNumber("total").longValue() == 50), is(true));
    }

    /**
     * A batch that more than doubles the documents has PostgreSQL analyse them, their versions, published copies and
     * search entries, with no other write after it: plans made while a fresh import grows the tables would take them
     * for small (autovacuum is off on the test machines, so nothing else analyses). The job workers' maintenance
     * checks every second, once PostgreSQL counted the writes (up to a second late).
     */
    @Test
    void aBatchThatOutgrowsTheStatisticsHasTheTablesAnalysed() {
        List<String> tables = List.of("documents", "document_versions", "published_documents", "search_entries");
        List<Long> before = tables.stream().map(this::analyses).toList();
        Http.Response r = cms.admin.post("/admin/v1/content/article/bulk",
                                         "{\"publish\":true,\"items\":" + items(brief("Quokka", 1000)) + "}");
        assertThat(r.raw().body(), r.status(), is(201));
        for (int i = 0; i < tables.size(); i++) {
            String table = tables.get(i);
            long analysesBefore = before.get(i);
            assertThat(table + " analysed", Await.until(INDEX_LIMIT, () -> analyses(table) > analysesBefore), is(true));
        }
        assertThat(cms.database.number("SELECT reltuples::bigint FROM pg_class WHERE relname = 'documents'"),
                   greaterThanOrEqualTo(1000L));
    }

    /** Articles small enough for 1,000 to fit the test platform's body limit. */
    private static List<String> brief(String word, int n) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add("{\"title\":\"" + word + " " + i + "\",\"category\":\"guide\"}");
        }
        return list;
    }

    private long analyses(String table) {
        return cms.database.number("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '" + table + "'");
    }

    @Test
    void draftsStayOutOfDelivery() {
        Http.Response r = cms.admin.post("/admin/v1/content/article/bulk", "{\"items\":" + items(articles("Dingo", 3)) + "}");
        assertThat(r.status(), is(201));
        long id = r.data().asJsonObject().getJsonArray("ids").getJsonNumber(0).longValue();
        assertThat(cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject().getString("status"), is("draft"));
        assertThat(cms.delivery.get("/api/v1/content/article/" + id).status(), is(404));
    }

    @Test
    void oneInvalidItemRefusesTheBatchNamingItemAndField() {
        long before = cms.database.number("SELECT count(*) FROM documents");
        long jobs = cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'search.index'");
        List<String> datas = articles("Koala", 5);
        datas.set(3, "{\"title\":\"Koala 3\",\"category\":\"gossip\",\"rating\":9}");
        datas.set(4, "{\"title\":\"Koala 4\",\"category\":\"news\",\"author\":987654,\"cover\":\"/media/nothing.png\"}");
        Http.Response r = cms.admin.post("/admin/v1/content/article/bulk", "{\"items\":" + items(datas) + "}");
        assertThat(r.status(), is(422));
        JsonObject details = r.error().getJsonObject("details");
        assertThat(details.toString(), details, hasKey("items[3].category"));
        assertThat(details, hasKey("items[3].rating"));
        assertThat(details.getString("items[4].author"), containsString("does not exist"));
        assertThat(details, hasKey("items[4].cover"));
        assertThat(details.size(), is(4));
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(before));
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'search.index'"), is(jobs));
    }

    @Test
    void uniqueValuesAndSlugsCollideInsideTheBatchAndWithStoredDocuments() {
        Http.Response stored = cms.admin.post("/admin/v1/content/article",
                                              "{\"slug\":\"taken-slug\",\"data\":{\"title\":\"Stored\",\"category\":\"news\","
                                                      + "\"code\":\"ABC-001\"}}");
        assertThat(stored.status(), is(201));
        long before = cms.database.number("SELECT count(*) FROM documents");
        String body = """
                {"items": [
                  {"data": {"title": "U0", "category": "news", "code": "ABC-001"}},
                  {"data": {"title": "U1", "category": "news", "code": "XYZ-002"}},
                  {"data": {"title": "U2", "category": "news", "code": "XYZ-002"}},
                  {"slug": "taken-slug", "data": {"title": "U3", "category": "news"}},
                  {"slug": "twice", "data": {"title": "U4", "category": "news"}},
                  {"slug": "twice", "data": {"title": "U5", "category": "news"}},
                  {"slug": "Not A Slug", "bogus": 1, "data": {"title": "U6", "category": "news"}}
                ]}""";
        Http.Response r = cms.admin.post("/admin/v1/content/article/bulk", body);
        assertThat(r.status(), is(422));
        JsonObject details = r.error().getJsonObject("details");
        assertThat(details.toString(), details.getString("items[0].code"), containsString("another article"));
        assertThat(details.getString("items[2].code"), containsString("item 1"));
        assertThat(details, not(hasKey("items[1].code")));
        assertThat(details.getString("items[3].slug"), containsString("another article"));
        assertThat(details.getString("items[5].slug"), containsString("item 4"));
        assertThat(details, hasKey("items[6].slug"));
        assertThat(details, hasKey("items[6].bogus"));
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(before));
    }

    @Test
    void pluginHooksCheckEveryItem() throws IOException {
        try (PluginPlatform plugins = PluginPlatform.start(Map.of(), "hello")) {
            String item = "{\"data\":{\"title\":\"%s\",\"description\":\"d\",\"category\":\"web\",\"status\":\"live\"}}";
            Http.Response r = plugins.cms.admin.post("/admin/v1/content/project/bulk",
                                                     "{\"items\":[" + item.formatted("Quiet one") + ","
                                                             + item.formatted("LOUD PROJECT") + "]}");
            assertThat(r.status(), is(422));
            assertThat(r.error().getJsonObject("details").getString("items[1].title"), containsString("capitals"));
            assertThat(plugins.cms.database.number("SELECT count(*) FROM documents WHERE data->>'title' = 'Quiet one'"),
                       is(0L));
        }
    }

    @Test
    void needsTheContentPermission() {
        String read = cms.admin.post("/admin/v1/tokens", "{\"name\":\"bulk reader\",\"scope\":\"read\"}").data()
                .asJsonObject().getString("token");
        Http.Response r = cms.admin.withToken(read).post("/admin/v1/content/article/bulk",
                                                         "{\"items\":" + items(articles("Quoll", 1)) + "}");
        assertThat(r.status(), is(403));
        assertThat(cms.admin.withToken(null).post("/admin/v1/content/article/bulk", "{\"items\":[]}").status(), is(401));
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE data->>'title' = 'Quoll 0'"), is(0L));
    }

    @Test
    void refusesOversizeAndMisshapenBatches() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            many.add("{\"title\":\"t\",\"category\":\"news\"}");
        }
        Http.Response big = cms.admin.post("/admin/v1/content/article/bulk", "{\"items\":" + items(many) + "}");
        assertThat(big.status(), is(413));
        assertThat(big.error().getJsonObject("details").getString("items"), containsString("at most 1000"));
        Http.Response empty = cms.admin.post("/admin/v1/content/article/bulk", "{\"items\":[],\"publish\":\"yes\"}");
        assertThat(empty.status(), is(400));
        assertThat(empty.error().getJsonObject("details"), hasKey("items"));
        assertThat(empty.error().getJsonObject("details"), hasKey("publish"));
        assertThat(cms.admin.get("/admin/v1/content/article/bulk").status(), is(405));
        Http.Response submission = cms.admin.post("/admin/v1/content/message/bulk",
                                                  "{\"publish\":true,\"items\":[{\"data\":{}}]}");
        assertThat(submission.status(), is(400));
    }
}
