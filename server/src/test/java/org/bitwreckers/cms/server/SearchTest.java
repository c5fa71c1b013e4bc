package org.bitwreckers.cms.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Search on the embedded engine (PostgreSQL full text) over the real site's demo content: ranking, highlights,
 * facets, type and field filters, drafts for staff only, index upkeep through the job queue, a rebuild that never
 * answers empty, and hostile queries.
 */
class SearchTest {
    private static TestPlatform cms;

    @BeforeAll
    static void start() {
        cms = TestPlatform.start(Map.of("CONTENT_TYPES_DIR", "../content-types", "SEED_DEMO_CONTENT", "true"));
        // the demo content's index jobs have all run
        assertThat(Await.until(Duration.ofSeconds(90), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE kind LIKE 'search.%' AND status IN ('queued', 'running')") == 0), is(true));
    }

    @AfterAll
    static void stop() {
        cms.close();
    }

    static Http.Response search(String q) {
        return cms.delivery.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    static long total(Http.Response r) {
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
    void everyIndexJobSucceeds() {
        // types with one searchable field and with several, published and draft: no index job has failed
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind LIKE 'search.%' AND last_error IS NOT NULL"),
                   is(0L));
        assertThat(cms.database.number("SELECT count(DISTINCT type) FROM search_entries"), greaterThan(5L));
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
