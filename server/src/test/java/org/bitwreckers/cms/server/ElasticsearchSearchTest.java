package org.bitwreckers.cms.server;

import java.io.StringReader;
import java.time.Duration;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The search suite on a real Elasticsearch node started for it, plus what only a cluster engine has: mappings from
 * the descriptors, aliases that move to a new index on rebuild, and a node that goes away and comes back.
 */
class ElasticsearchSearchTest extends SearchSuite {
    private ElasticsearchNode node;

    @Override
    Map<String, String> engine() {
        node = ElasticsearchNode.start();
        return Map.of("ELASTICSEARCH_URL", node.url());
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    /** @return the status of the search engine's readiness check */
    private static String searchCheck(TestPlatform platform) {
        return platform.admin.get("/observe/health/ready").json().getJsonArray("checks").stream()
                .map(c -> c.asJsonObject()).filter(c -> c.getString("name").equals("search-engine"))
                .map(c -> c.getString("status")).findFirst().orElseThrow();
    }

    private String prefix() {
        return cms.database.name();
    }

    private JsonObject nodeJson(String path) {
        var response = node.get(path);
        assertThat(path + ": " + response.body(), response.statusCode(), is(200));
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    @Override
    long typesWithEntries() {
        return Json.createReader(new StringReader(node.get("/_cat/indices/" + prefix() + "-*?format=json").body()))
                .readArray().stream().filter(i -> Long.parseLong(i.asJsonObject().getString("docs.count")) > 0).count();
    }

    @Test
    void mappingsFollowTheDescriptors() {
        JsonObject mappings = nodeJson("/" + prefix() + "-project/_mapping").values().iterator().next().asJsonObject()
                .getJsonObject("mappings").getJsonObject("properties");
        assertThat(mappings.getJsonObject("title").getString("type"), is("text"));
        assertThat(mappings.getJsonObject("text").getJsonObject("properties").getJsonObject("description")
                           .getString("type"), is("text"));
        assertThat(mappings.getJsonObject("filter").getJsonObject("properties").getJsonObject("category")
                           .getString("type"), is("keyword"));
        // writes go through the write alias, searches through the read alias, both on the same index
        JsonObject aliases = nodeJson("/" + prefix() + "-project/_alias");
        assertThat(aliases.size(), is(1));
        JsonObject held = aliases.values().iterator().next().asJsonObject().getJsonObject("aliases");
        assertThat(held.containsKey(prefix() + "-project-write"), is(true));
    }

    @Test
    void anEntryCarriesTheVersionOfItsReadSoAStaleWriteCannotReplaceIt() {
        Http.Response created = cms.admin.post("/admin/v1/content/faq", "{\"data\":{\"question\":\"Is there a"
                + " narwhal?\",\"answer\":\"Yes, one narwhal\",\"category\":\"general\"}}");
        assertThat(created.json().toString(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(cms.admin.get("/admin/v1/search?q=narwhal")) == 1),
                   is(true));
        String entry = "/" + prefix() + "-faq-write/_doc/draft-" + id;
        long version = nodeJson("/" + prefix() + "-faq/_doc/draft-" + id).getJsonNumber("_version").longValue();
        assertThat(version, greaterThan(1L)); // taken from the sequence, not counted by Elasticsearch
        // a write that read the document earlier (a lower version) arrives late: it is refused
        var stale = node.send("PUT", entry + "?version=" + (version - 1) + "&version_type=external_gte",
                              "{\"id\":" + id + ",\"type\":\"faq\",\"view\":\"draft\",\"title\":\"stale\"}");
        assertThat(stale.body(), stale.statusCode(), is(409));
        assertThat(total(cms.admin.get("/admin/v1/search?q=narwhal")), is(1L));
    }

    @Test
    void whileARebuildRunsWritesReachTheIndexSearchesReadAndTheNextRebuildMendsIt() {
        // a rebuild half way: the write alias is on a new, empty index, searches still read the old one
        String old = nodeJson("/" + prefix() + "-faq/_alias").keySet().iterator().next();
        String fresh = prefix() + "-faq-v1";
        JsonObject mappings = nodeJson("/" + old + "/_mapping").getJsonObject(old).getJsonObject("mappings");
        assertThat(node.send("PUT", "/" + fresh, "{\"mappings\":" + mappings + "}").statusCode(), is(200));
        String moveWrites = "{\"actions\":[{\"remove\":{\"index\":\"" + old + "\",\"alias\":\"" + prefix()
                + "-faq-write\"}},{\"add\":{\"index\":\"" + fresh + "\",\"alias\":\"" + prefix()
                + "-faq-write\",\"is_write_index\":true}}]}";
        assertThat(node.send("POST", "/_aliases", moveWrites).statusCode(), is(200));

        Http.Response created = cms.admin.post("/admin/v1/content/faq", "{\"data\":{\"question\":\"Any pelicans?\","
                + "\"answer\":\"Two pelicans\",\"category\":\"general\"}}");
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(Await.until(Duration.ofSeconds(20), () -> total(cms.admin.get("/admin/v1/search?q=pelicans")) == 1),
                   is(true));
        assertThat(node.get("/" + fresh + "/_doc/draft-" + id).statusCode(), is(200)); // the new index has it too

        long job = cms.admin.post("/admin/v1/search/rebuild", null).data().asJsonObject().getJsonNumber("job").longValue();
        assertThat(Await.until(Duration.ofSeconds(60), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE id = " + job + " AND status IN ('done', 'dead')") == 1), is(true));
        String reading = nodeJson("/" + prefix() + "-faq/_alias").keySet().iterator().next();
        assertThat(nodeJson("/" + prefix() + "-faq-write/_alias").keySet().iterator().next(), is(reading));
        assertThat(node.get("/" + old).statusCode(), is(404));
        assertThat(node.get("/" + fresh).statusCode(), is(404));
        assertThat(total(cms.admin.get("/admin/v1/search?q=pelicans")), is(1L));
    }

    @Test
    void aRebuildMovesBothAliasesToANewIndexAndDropsTheOld() {
        String before = nodeJson("/" + prefix() + "-event/_alias").keySet().iterator().next();
        long job = cms.admin.post("/admin/v1/search/rebuild", null).data().asJsonObject().getJsonNumber("job").longValue();
        assertThat(Await.until(Duration.ofSeconds(60), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE id = " + job + " AND status IN ('done', 'dead')") == 1), is(true));
        assertThat(cms.database.text("SELECT status FROM jobs WHERE id = " + job), is("done"));
        String after = nodeJson("/" + prefix() + "-event/_alias").keySet().iterator().next();
        assertThat(after, not(is(before)));
        assertThat(nodeJson("/" + prefix() + "-event-write/_alias").keySet().iterator().next(), is(after));
        assertThat(node.get("/" + before).statusCode(), is(404));
        assertThat(total(search("workshop")), greaterThan(0L));
    }

    @Test
    void whileTheNodeIsDownWritesSucceedSearchSays503AndTheIndexCatchesUpWhenItIsBack() {
        assertThat(searchCheck(cms), is("UP"));
        node.stop();
        assertThat(searchCheck(cms), is("DOWN")); // out of rotation: its searches cannot be answered
        TestPlatform withFallback = null;
        try {
            Http.Response created = cms.admin.post("/admin/v1/content/project", "{\"data\":{\"title\":\"Okapi observatory\","
                    + "\"description\":\"Watching okapis\",\"category\":\"ai\",\"technologies\":[],\"status\":\"beta\"}}");
            assertThat(created.json().toString(), created.status(), is(201));
            long id = created.data().asJsonObject().getJsonNumber("id").longValue();
            assertThat(cms.admin.post("/admin/v1/content/project/" + id + "/publish", null).status(), is(200));

            Http.Response down = search("okapi");
            assertThat(down.status(), is(503));
            assertThat(down.json().getJsonObject("error").getString("code"), is("SERVICE_UNAVAILABLE"));
            assertThat(down.json().toString(), not(containsString("Exception")));
            assertThat(down.header("Retry-After").isPresent(), is(true));
            assertThat(cms.admin.get("/admin/v1/search?q=okapi").status(), is(503));

            // a platform configured to fall back answers from PostgreSQL meanwhile
            withFallback = TestPlatform.start(Map.of("ELASTICSEARCH_URL", node.url(), "SEARCH_FALLBACK", "postgres",
                                                     "CONTENT_TYPES_DIR", "../content-types"));
            TestPlatform fallback = withFallback;
            Http.Response made = fallback.admin.post("/admin/v1/content/project", "{\"data\":{\"title\":\"Okapi census\","
                    + "\"description\":\"Counting okapis\",\"category\":\"ai\",\"technologies\":[],\"status\":\"beta\"}}");
            assertThat(made.status(), is(201));
            assertThat(searchCheck(fallback), is("UP")); // it still answers searches, from PostgreSQL
            assertThat(Await.until(Duration.ofSeconds(20), () -> total(fallback.admin.get("/admin/v1/search?q=okapi")) == 1),
                       is(true));
        } finally {
            if (withFallback != null) {
                withFallback.close();
            }
            node.startAgain();
        }
        // the published project reaches the index without anyone asking
        assertThat(Await.until(Duration.ofSeconds(60), () -> total(search("okapi")) == 1), is(true));
        assertThat(searchCheck(cms), is("UP"));
        assertThat(Await.until(Duration.ofSeconds(30), () -> cms.database.number(
                "SELECT count(*) FROM jobs WHERE kind LIKE 'search.%' AND status <> 'done'") == 0), is(true));
    }
}
