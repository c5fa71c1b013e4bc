package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * One search suite for every engine, over the real site's demo content: ranking, highlights, facets, type and field
 * filters, paging, drafts for staff only, index upkeep through the job queue, a rebuild that never answers empty, and
 * hostile queries. Each engine's test class starts what the engine needs and names how many types have entries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SearchSuite {
    TestPlatform cms;
    private Map<String, String> engineSettings;

    /** @return settings that select the engine (starting whatever it needs first) */
    abstract Map<String, String> engine();

    /** @return how many content types have entries in the engine's index */
    abstract long typesWithEntries();

    @BeforeAll
    void start() {
        engineSettings = engine();
        Map<String, String> env = new HashMap<>(engineSettings);
        env.put("CONTENT_TYPES_DIR", "../content-types");
        env.put("SEED_DEMO_CONTENT", "true");
        cms = TestPlatform.start(env);
        // the demo content's index jobs have all run
        assertThat(Await.until(Duration.ofSeconds(90), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE kind LIKE 'search.%' AND status IN ('queued', 'running')") == 0), is(true));
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    Http.Response search(String q) {
        return cms.delivery.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    long total(Http.Response r) {
        return r.status() == 200 ? r.data().asJsonObject().getJsonNumber("total").longValue() : -1;
    }

    @Test
    void publishedContentIsFoundRankedAndHighlighted() {
        JsonObject found = search("campus marketplace").data().asJsonObject();
        JsonObject top = found.getJsonArray("results").getJsonObject(0);
        assertThat(top.getString("type"), is("project"));
        assertThat(top.getString("slug"), is("campus-marketplace"));
        assertThat(top.getString("highlight"), containsString("<mark>"));
        assertThat(found.getJsonObject("facets").getInt("project"), greaterThan(0));

        JsonObject events = cms.delivery.get("/api/v1/search?q=workshop&type=event").data().asJsonObject();
        assertThat(events.getJsonNumber("total").longValue(), greaterThan(0L));
        events.getJsonArray("results").forEach(r -> assertThat(r.asJsonObject().getString("type"), is("event")));
        JsonObject filtered = cms.delivery.get("/api/v1/search?q=workshop&type=event&filter[event_type]=lecture").data()
                .asJsonObject();
        assertThat(filtered.getJsonNumber("total").longValue() < events.getJsonNumber("total").longValue(), is(true));
        // a minus excludes a word
        search("campus -marketplace").data().asJsonObject().getJsonArray("results")
                .forEach(r -> assertThat(r.asJsonObject().getString("slug"), not(is("campus-marketplace"))));
    }

    @Test
    void wordsCombineAsInAWebSearch() {
        long marketplace = total(search("marketplace"));
        long workshop = total(search("workshop"));
        long both = total(search("marketplace workshop"));
        long either = total(search("marketplace or workshop"));
        assertThat(marketplace > 0 && workshop > 0, is(true));
        assertThat(either >= Math.max(marketplace, workshop), is(true));
        assertThat(either > both, is(true));
        JsonObject phrase = search("\"campus marketplace\"").data().asJsonObject();
        assertThat(phrase.getJsonArray("results").getJsonObject(0).getString("slug"), is("campus-marketplace"));
        // the campus marketplace's description has both words, apart: found by the words, not by the phrase
        assertThat(total(search("\"campus problem\"")) < total(search("campus problem")), is(true));
    }

    @Test
    void pagesFacetsAndTotalsAgree() {
        String q = "/admin/v1/search?q=" + URLEncoder.encode("community or project or event", StandardCharsets.UTF_8);
        JsonObject first = cms.admin.get(q + "&pageSize=3").data().asJsonObject();
        JsonObject second = cms.admin.get(q + "&pageSize=3&page=2").data().asJsonObject();
        long total = first.getJsonNumber("total").longValue();
        assertThat(total, greaterThan(6L));
        assertThat(second.getJsonNumber("total").longValue(), is(total));
        assertThat(first.getJsonArray("results").size(), is(3));
        assertThat(second.getJsonArray("results").size(), is(3));
        assertThat(second.getInt("page"), is(2));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(first.getJsonArray("results").getJsonObject(i).get("id"),
                           not(is(second.getJsonArray("results").getJsonObject(j).get("id"))));
            }
        }
        // results are ranked: no result outranks the one before it
        double previous = Double.MAX_VALUE;
        for (JsonObject page : new JsonObject[] {first, second}) {
            for (var r : page.getJsonArray("results")) {
                double rank = r.asJsonObject().getJsonNumber("rank").doubleValue();
                assertThat(rank <= previous, is(true));
                previous = rank;
            }
        }
        long facetSum = first.getJsonObject("facets").values().stream()
                .mapToLong(v -> ((JsonNumber) v).longValue()).sum();
        assertThat(facetSum, is(total));
        // a type narrows the results, not the facets
        JsonObject events = cms.admin.get(q + "&type=event").data().asJsonObject();
        assertThat(events.getJsonNumber("total").longValue(), is((long) first.getJsonObject("facets").getInt("event")));
        assertThat(events.getJsonObject("facets"), is(first.getJsonObject("facets")));
        Http.Response deep = cms.admin.get(q + "&pageSize=100&page=101");
        assertThat(deep.status(), is(400));
        assertThat(deep.json().toString(), containsString("page"));
    }

    @Test
    void writesReachTheIndexAfterCommitAndDraftsStayWithStaff() {
        Http.Response created = cms.admin.post("/admin/v1/content/project", "{\"data\":{\"title\":\"<script>alert(1)</script>"
                + " Zebrafish tracker\",\"description\":\"Counting zebrafish in the campus lab\",\"category\":\"ai\","
                + "\"technologies\":[],\"status\":\"beta\"}}");
        assertThat(created.json().toString(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(cms.admin.get("/admin/v1/search?q=zebrafish")) == 1),
                   is(true));
        assertThat(total(search("zebrafish")), is(0L)); // a draft is not public
        cms.admin.post("/admin/v1/content/project/" + id + "/publish", null);
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(search("zebrafish")) == 1), is(true));
        String highlight = search("zebrafish").data().asJsonObject().getJsonArray("results").getJsonObject(0)
                .getString("highlight");
        assertThat(highlight, containsString("&gt;alert(1)"));
        assertThat(highlight, not(containsString("<script")));
        cms.admin.delete("/admin/v1/content/project/" + id);
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(search("zebrafish")) == 0), is(true));
    }

    @Test
    void aPublishedDocumentKeepsItsPublicWordsWhileItsDraftChanges() {
        Http.Response created = cms.admin.post("/admin/v1/content/project", "{\"data\":{\"title\":\"Quokka census\","
                + "\"description\":\"Counting quokka families\",\"category\":\"ai\",\"technologies\":[],\"status\":\"beta\"}}");
        assertThat(created.json().toString(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        cms.admin.post("/admin/v1/content/project/" + id + "/publish", null);
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(search("quokka")) == 1), is(true));
        // the draft now reads otherwise: staff find its words, the public still finds the published ones only
        cms.admin.patch("/admin/v1/content/project/" + id, "{\"data\":{\"title\":\"Wombat census\","
                + "\"description\":\"Counting wombat families\"}}");
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(cms.admin.get("/admin/v1/search?q=wombat")) == 1),
                   is(true));
        assertThat(total(search("wombat")), is(0L));
        assertThat(total(search("quokka")), is(1L));
        cms.admin.delete("/admin/v1/content/project/" + id);
    }

    @Test
    void aBulkImportIsIndexedAsABatchAndADocumentGoneSinceLeavesTheIndex() {
        StringBuilder items = new StringBuilder();
        for (String animal : List.of("red", "blue", "green")) {
            items.append(items.isEmpty() ? "" : ",").append("{\"data\":{\"question\":\"Any axolotls in ").append(animal)
                    .append("?\",\"answer\":\"One ").append(animal).append(" axolotl\",\"category\":\"general\"}}");
        }
        Http.Response imported = cms.admin.post("/admin/v1/content/faq/bulk", "{\"publish\":true,\"items\":[" + items + "]}");
        assertThat(imported.raw().body(), imported.status(), is(201));
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(search("axolotls")) == 3), is(true));
        assertThat(total(cms.admin.get("/admin/v1/search?q=axolotls")), is(3L));

        // one document goes behind the platform's back (no index job of its own); the next batch job of the three
        // writes two of them again and removes the third's entries from both scopes
        String ids = imported.data().asJsonObject().getJsonArray("ids").toString();
        long gone = imported.data().asJsonObject().getJsonArray("ids").getJsonNumber(0).longValue();
        cms.database.execute("DELETE FROM documents WHERE id = " + gone);
        cms.database.execute("INSERT INTO jobs (kind, payload) VALUES ('search.index', '{\"type\":\"faq\",\"ids\":"
                                     + ids + "}'); SELECT pg_notify('jobs_ready', 'test')");
        assertThat(Await.until(Duration.ofSeconds(20), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE kind = 'search.index' AND status IN ('queued', 'running')") == 0
                && total(search("axolotls")) == 2), is(true));
        assertThat(total(cms.admin.get("/admin/v1/search?q=axolotls")), is(2L));
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'search.index' AND last_error IS NOT NULL"),
                   is(0L));
        for (int i = 1; i < 3; i++) {
            cms.admin.delete("/admin/v1/content/faq/" + imported.data().asJsonObject().getJsonArray("ids").getJsonNumber(i));
        }
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(cms.admin.get("/admin/v1/search?q=axolotls")) == 0),
                   is(true));
    }

    @Test
    void everyIndexJobSucceeds() {
        // types with one searchable field and with several, published and draft: no index job has failed
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind LIKE 'search.%' AND last_error IS NOT NULL"),
                   is(0L));
        assertThat(typesWithEntries(), greaterThan(5L));
    }

    @Test
    void staffFindSubmissionsThePublicNeverSees() {
        Http.Response applied = cms.delivery.post("/api/v1/students/apply", "{\"full_name\":\"Quinn Q\",\"email\":"
                + "\"quinn@example.org\",\"university\":\"TU\",\"preferred_field\":\"ai\",\"message\":"
                + "\"I would start a quantum computing club\"}");
        assertThat(applied.status(), is(201));
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(cms.admin.get("/admin/v1/search?q=quantum")) == 1),
                   is(true));
        assertThat(cms.admin.get("/admin/v1/search?q=quantum").data().asJsonObject().getJsonArray("results")
                           .getJsonObject(0).getString("type"), is("student_application"));
        assertThat(total(search("quantum")), is(0L));
    }

    @Test
    void aRebuildNeverLeavesSearchEmpty() {
        Http.Response queued = cms.admin.post("/admin/v1/search/rebuild", null);
        assertThat(queued.status(), is(202));
        long job = queued.data().asJsonObject().getJsonNumber("job").longValue();
        int checks = 0;
        while (cms.database.number("SELECT count(*) FROM jobs WHERE id = " + job + " AND (status = 'done' OR attempts > 0"
                                           + " AND last_error IS NOT NULL)") == 0) {
            assertThat(total(search("marketplace")), greaterThan(0L));
            assertThat(++checks < 5000, is(true));
        }
        assertThat(cms.database.text("SELECT coalesce(last_error, 'none') FROM jobs WHERE id = " + job), is("none"));
        assertThat(total(search("marketplace")), greaterThan(0L));
    }

    @Test
    void aRebuildsProgressIsReadFromItsJob() {
        long job = cms.admin.post("/admin/v1/search/rebuild", null).data().asJsonObject().getJsonNumber("job").longValue();
        String status = "/admin/v1/search/rebuild/" + job;
        JsonObject first = cms.admin.get(status).data().asJsonObject();
        assertThat(first.getJsonNumber("job").longValue(), is(job));
        assertThat(Set.of("queued", "running", "done").contains(first.getString("status")), is(true));
        assertThat(Await.until(Duration.ofSeconds(60), () -> cms.admin.get(status).data().asJsonObject().getString("status")
                .equals("done")), is(true));
        JsonObject done = cms.admin.get(status).data().asJsonObject();
        assertThat(done.isNull("last_error"), is(true));
        assertThat(done.isNull("finished_at"), is(false));
        long other = cms.database.number("SELECT min(id) FROM jobs WHERE kind <> 'search.rebuild'");
        assertThat(cms.admin.get("/admin/v1/search/rebuild/" + other).status(), is(404)); // not a rebuild
        assertThat(cms.admin.get("/admin/v1/search/rebuild/99999999").status(), is(404));
    }

    @Test
    void aFieldMadePrivateLeavesPublicSearchAtTheNextStart(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("types"));
        String note = """
                {"name": "note", "kind": "collection", "fields": [
                  {"name": "title", "type": "string", "required": true, "searchable": true},
                  {"name": "remark", "type": "text", "searchable": true%s}]}""";
        Files.writeString(dir.resolve("types/note.json"), note.formatted(""));
        Map<String, String> env = new HashMap<>(engineSettings);
        env.put("CONTENT_TYPES_DIR", dir.toString());
        TestDatabase db = new TestDatabase();
        try (db) {
            TestPlatform first = TestPlatform.start(db, env);
            long id = first.admin.post("/admin/v1/content/note", "{\"data\":{\"title\":\"Heron\",\"remark\":"
                    + "\"whispering quokka\"}}").data().asJsonObject().getJsonNumber("id").longValue();
            assertThat(first.admin.post("/admin/v1/content/note/" + id + "/publish", null).status(), is(200));
            assertThat(Await.until(Duration.ofSeconds(30), () -> total(first.delivery.get("/api/v1/search?q=quokka")) == 1),
                       is(true));
            first.stopKeepingDatabase();

            Files.writeString(dir.resolve("types/note.json"), note.formatted(", \"private\": true"));
            try (TestPlatform second = TestPlatform.start(db, env)) {
                assertThat(Await.until(Duration.ofSeconds(30), () -> total(second.delivery.get("/api/v1/search?q=quokka"))
                        == 0), is(true));
                assertThat(total(second.delivery.get("/api/v1/search?q=heron")), is(1L));
                assertThat(total(second.admin.get("/admin/v1/search?q=quokka")), is(1L)); // staff still find it
            }
        }
    }

    @Test
    void hostileQueriesGetClearAnswersNeverA500() {
        for (String q : new String[] {"\"unbalanced", "((", "&|!:*", "-", "OR OR", "café 日本 🚀", "a\u0000b", "' OR 1=1 --",
                "<script>"}) {
            Http.Response r = search(q);
            assertThat(q, r.status(), is(200));
        }
        assertThat(search("x".repeat(501)).status(), is(400));
        assertThat(cms.delivery.get("/api/v1/search").status(), is(400));
        assertThat(cms.delivery.get("/api/v1/search?q=a&type=nope").status(), is(400));
        assertThat(cms.delivery.get("/api/v1/search?q=a&type=student_application").status(), is(400)); // never public
        assertThat(cms.delivery.get("/api/v1/search?q=a&filter[category]=web").status(), is(400)); // needs a type
        assertThat(cms.delivery.get("/api/v1/search?q=a&type=project&filter[description]=x").status(), is(400));
        assertThat(cms.delivery.get("/api/v1/search?q=a&pageSize=0").status(), is(400));
        assertThat(cms.delivery.get("/api/v1/search?q=a&bogus=1").status(), is(400));
    }
}
