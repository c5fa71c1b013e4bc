package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.db.Notices;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

/**
 * The search suite on the embedded engine: PostgreSQL full text, the default when no cluster is configured; and
 * what only it does: public answers served from the delivery response cache.
 */
class PostgresSearchTest extends SearchSuite {
    @Override
    Map<String, String> engine() {
        return Map.of();
    }

    @Override
    long typesWithEntries() {
        return cms.database.number("SELECT count(DISTINCT type) FROM search_entries");
    }

    /**
     * A new site's first start has no document to index: it records its descriptors as built and queues no rebuild,
     * which would redo the entries of a first import while that runs; the documents' own index jobs make them.
     */
    @Test
    void aFirstStartWithoutDocumentsQueuesNoRebuild() {
        try (TestDatabase db = new TestDatabase()) {
            TestPlatform fresh = TestPlatform.start(db, Map.of());
            try {
                assertThat(db.number("SELECT count(*) FROM jobs WHERE kind = 'search.rebuild'"), is(0L));
                assertThat(db.number("SELECT count(*) FROM search_state WHERE engine = 'postgres'"), is(1L));
                long id = fresh.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Kittiwake\","
                        + "\"category\":\"news\"}}")
                        .data().asJsonObject().getJsonNumber("id").longValue();
                assertThat(fresh.admin.post("/admin/v1/content/article/" + id + "/publish", null).status(), is(200));
                assertThat(Await.until(Duration.ofSeconds(30), () -> fresh.delivery.get("/api/v1/search?q=kittiwake")
                        .data().asJsonObject().getInt("total") == 1), is(true));
            } finally {
                fresh.stopKeepingDatabase();
            }
        }
    }

    /**
     * A long text's highlight is made from the part around the first place one of the query's words appears, as
     * {@code ts_headline} parses all it is given: words deep in a long description are still marked with their
     * neighbours, capitalised or not, whichever of them the query names first, and a title word leaves the start.
     */
    @Test
    void wordsDeepInALongTextAreHighlightedWithTheirNeighbours() {
        String filler = "lorem ipsum dolor sit amet ".repeat(1200); // 32,400 characters, several excerpts long
        Http.Response created = cms.admin.post("/admin/v1/content/project", "{\"data\":{\"title\":\"Wildlife map\","
                + "\"description\":\"" + filler + "the Okapi sanctuary opened near the river " + filler
                + "\",\"category\":\"ai\",\"technologies\":[],\"status\":\"beta\"}}");
        assertThat(created.json().toString(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(cms.admin.post("/admin/v1/content/project/" + id + "/publish", null).status(), is(200));
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(search("okapi")) == 1), is(true));

        String deep = highlight("okapi");
        assertThat(deep, containsString("<mark>Okapi</mark> sanctuary opened"));
        assertThat(deep.length(), lessThan(600));
        assertThat(highlight("river okapi"),
                   containsString("<mark>Okapi</mark> sanctuary opened near the <mark>river</mark>"));
        assertThat(highlight("wildlife"), startsWith("<mark>Wildlife</mark> map — lorem")); // the title, the start
        cms.admin.delete("/admin/v1/content/project/" + id);
    }

    /** A staff search reads its facets and hits together (the draft view is not kept): its hits are highlighted too. */
    @Test
    void staffSearchesAreHighlightedAsPublicOnesAre() {
        JsonArray results = cms.admin.get("/admin/v1/search?q=marketplace").data().asJsonObject()
                .getJsonArray("results");
        assertThat(results.size(), greaterThan(0));
        for (JsonValue hit : results) {
            assertThat(hit.toString(), hit.asJsonObject().getString("highlight").toLowerCase(Locale.ROOT),
                       containsString("<mark>marketplace</mark>"));
        }
    }

    private String highlight(String q) {
        return search(q).data().asJsonObject().getJsonArray("results").getJsonObject(0).getString("highlight");
    }

    /**
     * Public search answers are cached under the index's generation, which every node moves on when an index job tells
     * them to. Entries no public search can find (a form submission's, for staff only) leave the cached answers alone:
     * during a burst of submissions they were dropped after every index job.
     */
    @Test
    void indexingWhatOnlyStaffSearchLeavesCachedPublicSearchesCached() throws InterruptedException {
        awaitIndexJobsAndTheirNotices(); // those of earlier tests
        long faq = cms.database.number("SELECT min(id) FROM documents WHERE type = 'faq' AND published_data IS NOT NULL");
        questionSeenByTheNode(faq, 0);
        assertThat(search("marketplace").status(), is(200));
        double hits = cacheHits();
        assertThat(search("marketplace").status(), is(200));
        assertThat(cacheHits(), is(hits + 1));

        Http.Response sent = cms.delivery.post("/api/v1/contact/submit", "{\"contact_type\":\"student\",\"name\":\"Ada\","
                + "\"email\":\"ada@example.org\",\"university\":\"TU\",\"reason\":\"hi\","
                + "\"message\":\"A marketplace for campus radio\"}");
        assertThat(sent.raw().body(), sent.status(), is(201));
        awaitIndexJobsAndTheirNotices();
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(cms.admin.get("/admin/v1/search?q=radio")) == 1),
                   is(true));
        // a change behind this node's back, announced after anything the index job sent: once the node serves it,
        // it has taken in every notice before it
        cms.database.execute("UPDATE documents SET published_data = jsonb_set(published_data, '{question}',"
                                     + " to_jsonb((published_data ->> 'question') || ' (checked)')) WHERE id = " + faq);
        questionSeenByTheNode(faq, 1);
        hits = cacheHits();
        assertThat(search("marketplace").status(), is(200));
        assertThat(cacheHits(), is(hits + 1));
    }

    private void awaitIndexJobsAndTheirNotices() throws InterruptedException {
        assertThat(Await.until(Duration.ofSeconds(20), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE kind LIKE 'search.%' AND status IN ('queued', 'running')") == 0), is(true));
        assertThat(Notices.awaitSent(10_000), is(true));
    }

    /** Reads a published FAQ through the delivery API until its question was marked as checked so many times. */
    private void questionSeenByTheNode(long id, int checks) {
        assertThat(Await.until(Duration.ofSeconds(20), () -> cms.delivery.get("/api/v1/content/faq/" + id).data()
                .asJsonObject().getString("question").split(" \\(checked\\)", -1).length - 1 == checks), is(true));
    }

    private double cacheHits() {
        return PrometheusText.parse(cms.admin.withToken(null).get("/metrics").raw().body())
                .value("cache_gets_total", "cache", "delivery", "result", "hit").orElseThrow();
    }
}
