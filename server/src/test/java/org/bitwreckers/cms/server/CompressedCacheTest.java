package org.bitwreckers.cms.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.config.SettingsLoader;
import org.brotli.dec.BrotliInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * The delivery cache as a client sees it: brotli or gzip (made once per entry) for clients that accept them and only
 * for them, the same content with a fresh timestamp either way, an ETag per representation with 304s for each, HEAD, a merged
 * {@code Vary}, and public searches answered from the cache until the index changes, on every node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressedCacheTest {
    private static final String LIST = "/api/v1/content/company?pageSize=100";
    private static final String GZIP = "Accept-Encoding: gzip, deflate";
    private static final String BROTLI = "Accept-Encoding: gzip, deflate, br, zstd"; // what browsers send
    private static final Duration INDEX_LIMIT = Duration.ofSeconds(20);

    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
        for (int i = 0; i < 12; i++) {
            long id = cms.admin.post("/admin/v1/content/company", "{\"data\":{\"name\":\"Company number " + i
                    + "\",\"country\":\"Somewhere far away\"}}").data().asJsonObject().getJsonNumber("id").longValue();
            assertThat(cms.admin.post("/admin/v1/content/company/" + id + "/publish", null).status(), is(200));
        }
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private RawHttp.Response get(String method, String path, String... headers) {
        return RawHttp.send(cms.platform.port(), method, path, List.of(headers), null);
    }

    @Test
    void gzipIsServedToClientsThatAcceptItAndTheSameContentToOthers() throws IOException {
        RawHttp.Response plain = get("GET", LIST);
        RawHttp.Response gzip = get("GET", LIST, GZIP);
        assertThat(plain.status(), is(200));
        assertThat(plain.header("Content-Encoding").isPresent(), is(false));
        assertThat(gzip.status(), is(200));
        assertThat(gzip.header("Content-Encoding").orElseThrow(), is("gzip"));
        assertThat(gzip.header("Content-Length").orElseThrow(), is(Integer.toString(gzip.body().length)));
        assertThat(gzip.body().length, lessThan(plain.body().length / 3));
        for (RawHttp.Response r : List.of(plain, gzip)) {
            assertThat(r.header("Vary").orElseThrow(), containsString("Accept-Encoding"));
        }
        String decoded = gunzip(gzip.body());
        assertThat(withoutTimestamp(decoded), is(withoutTimestamp(plain.text())));
        assertThat(json(decoded).getString("timestamp").length(), is(20));
        // a second, cached answer is compressed with its own timestamp all the same
        assertThat(withoutTimestamp(gunzip(get("GET", LIST, GZIP).body())), is(withoutTimestamp(plain.text())));

        for (String refused : List.of("Accept-Encoding: gzip;q=0", "Accept-Encoding: identity", "Accept-Encoding: zstd",
                                      "Accept-Encoding: *;q=0", "Accept-Encoding: gzip;q=0.5, identity")) {
            RawHttp.Response r = get("GET", LIST, refused);
            assertThat(refused, r.header("Content-Encoding").isPresent(), is(false));
            assertThat(refused, r.text(), containsString("\"success\":true"));
            assertThat(refused, r.header("ETag"), is(plain.header("ETag")));
        }
        assertThat(get("GET", LIST, "Accept-Encoding: x-gzip;q=0.3").header("Content-Encoding").orElseThrow(), is("gzip"));
    }

    @Test
    void brotliIsServedWhereItIsAcceptedAndPreferred() throws IOException {
        RawHttp.Response plain = get("GET", LIST);
        RawHttp.Response gzip = get("GET", LIST, GZIP);
        for (int round = 0; round < 2; round++) { // the second from the same cached stream start, its own timestamp
            RawHttp.Response brotli = get("GET", LIST, BROTLI);
            assertThat(brotli.status(), is(200));
            assertThat(brotli.header("Content-Encoding").orElseThrow(), is("br"));
            assertThat(brotli.header("Content-Length").orElseThrow(), is(Integer.toString(brotli.body().length)));
            assertThat(brotli.header("Vary").orElseThrow(), containsString("Accept-Encoding"));
            assertThat(brotli.body().length, lessThan(gzip.body().length));
            String decoded = unbrotli(brotli.body());
            assertThat(withoutTimestamp(decoded), is(withoutTimestamp(plain.text())));
            assertThat(json(decoded).getString("timestamp").length(), is(20));
        }
        assertThat(get("GET", LIST, "Accept-Encoding: br").header("Content-Encoding").orElseThrow(), is("br"));
        assertThat(get("GET", LIST, "Accept-Encoding: br;q=0.5, gzip").header("Content-Encoding").orElseThrow(),
                   is("gzip"));
        assertThat(get("GET", LIST, "Accept-Encoding: br;q=0").header("Content-Encoding").isPresent(), is(false));
    }

    @Test
    void eachRepresentationHasItsETagAndEitherGetsA304() {
        String plain = get("GET", LIST).header("ETag").orElseThrow();
        String gzip = get("GET", LIST, GZIP).header("ETag").orElseThrow();
        String brotli = get("GET", LIST, BROTLI).header("ETag").orElseThrow();
        assertThat(gzip, not(is(plain)));
        assertThat(brotli, not(is(plain)));
        assertThat(brotli, not(is(gzip)));
        assertThat(gzip.startsWith("\"") && gzip.endsWith("\""), is(true)); // strong
        assertThat(brotli.startsWith("\"") && brotli.endsWith("\""), is(true));
        for (String[] c : new String[][] {{plain, ""}, {plain, GZIP}, {gzip, ""}, {gzip, GZIP}, {brotli, BROTLI},
                {brotli, ""}, {plain, BROTLI}, {gzip, BROTLI}}) {
            List<String> headers = new ArrayList<>(List.of("If-None-Match: " + c[0]));
            if (!c[1].isEmpty()) {
                headers.add(c[1]);
            }
            RawHttp.Response r = RawHttp.send(cms.platform.port(), "GET", LIST, headers, null);
            assertThat(c[0] + " " + c[1], r.status(), is(304));
            assertThat(r.header("ETag").orElseThrow(), is(c[0])); // the validator of the copy the client holds
            assertThat(r.header("Vary").orElseThrow(), containsString("Accept-Encoding"));
        }
        assertThat(get("GET", LIST, "If-None-Match: \"other\"", GZIP).status(), is(200));
    }

    @Test
    void headAnswersLikeTheGzipGetWithoutABody() {
        RawHttp.Response get = get("GET", LIST, GZIP);
        RawHttp.Response head = get("HEAD", LIST, GZIP);
        assertThat(head.status(), is(200));
        assertThat(head.body().length, is(0));
        assertThat(head.header("Content-Encoding").orElseThrow(), is("gzip"));
        assertThat(head.header("ETag"), is(get.header("ETag")));
        assertThat(head.header("Content-Length").orElseThrow(), is(Integer.toString(get.body().length)));
        assertThat(get("HEAD", LIST, GZIP, "If-None-Match: " + get.header("ETag").orElseThrow()).status(), is(304));
        RawHttp.Response brotliGet = get("GET", LIST, BROTLI);
        RawHttp.Response brotliHead = get("HEAD", LIST, BROTLI);
        assertThat(brotliHead.body().length, is(0));
        assertThat(brotliHead.header("Content-Encoding").orElseThrow(), is("br"));
        assertThat(brotliHead.header("ETag"), is(brotliGet.header("ETag")));
        assertThat(brotliHead.header("Content-Length").orElseThrow(), is(Integer.toString(brotliGet.body().length)));
    }

    @Test
    void varyKeepsTheOriginOfCrossOriginReads() {
        RawHttp.Response r = get("GET", LIST, GZIP, "Origin: http://localhost:3000"); // FRONTEND_URL's default
        assertThat(r.status(), is(200));
        assertThat(r.header("Access-Control-Allow-Origin").orElseThrow(), is("http://localhost:3000"));
        assertThat(r.header("Vary").orElseThrow(), is("Origin, Accept-Encoding"));
    }

    /** Answers from 16 KB on go out in two writes (Responses.send): whole, at their length, cached or not. */
    @Test
    void aLargeAnswerArrivesWholeInEachRepresentation() throws IOException {
        String far = "far away ".repeat(110);
        for (int i = 0; i < 20; i++) {
            long id = cms.admin.post("/admin/v1/content/company", "{\"data\":{\"name\":\"Large company " + i
                    + "\",\"country\":\"" + far + "\"}}").data().asJsonObject().getJsonNumber("id").longValue();
            assertThat(cms.admin.post("/admin/v1/content/company/" + id + "/publish", null).status(), is(200));
        }
        for (int round = 0; round < 2; round++) { // made, then from the cache
            RawHttp.Response plain = get("GET", LIST);
            assertThat(plain.status(), is(200));
            assertThat(plain.body().length, greaterThan(16 * 1024));
            assertThat(plain.header("Content-Length").orElseThrow(), is(Integer.toString(plain.body().length)));
            assertThat(json(plain.text()).getJsonArray("data").size(), greaterThanOrEqualTo(32));
            assertThat(withoutTimestamp(gunzip(get("GET", LIST, GZIP).body())), is(withoutTimestamp(plain.text())));
            assertThat(withoutTimestamp(unbrotli(get("GET", LIST, BROTLI).body())), is(withoutTimestamp(plain.text())));
            assertThat(get("HEAD", LIST).header("Content-Length").orElseThrow(),
                       is(Integer.toString(plain.body().length)));
        }
    }

    @Test
    void smallAnswersAndErrorsAreNotCompressed() {
        long id = cms.admin.post("/admin/v1/content/company", "{\"data\":{\"name\":\"Tiny\"}}").data().asJsonObject()
                .getJsonNumber("id").longValue();
        cms.admin.post("/admin/v1/content/company/" + id + "/publish", null);
        RawHttp.Response item = get("GET", "/api/v1/content/company/" + id, GZIP);
        assertThat(item.status(), is(200));
        assertThat(item.header("Content-Encoding").isPresent(), is(false));
        assertThat(item.header("Vary").orElseThrow(), containsString("Accept-Encoding"));
        RawHttp.Response missing = get("GET", "/api/v1/content/company/999999", GZIP);
        assertThat(missing.status(), is(404));
        assertThat(missing.header("Content-Encoding").isPresent(), is(false));
        assertThat(get("GET", "/api/v1/content/company/" + id, BROTLI).header("Content-Encoding").isPresent(), is(false));
        assertThat(get("GET", "/api/v1/content/company/999999", BROTLI).header("Content-Encoding").isPresent(), is(false));
    }

    /** Each change makes the list's answer again, in the place of the one it outdates: the cache does not grow. */
    @Test
    void aChangeReplacesTheAnswersItOutdatesInsteadOfAddingToThem() {
        String list = "/api/v1/content/company?pageSize=3&sort=-updated_at";
        long id = cms.delivery.get(list).data().asJsonArray().getJsonObject(0).getJsonNumber("id").longValue();
        double entries = cachedAnswers();
        for (int edit = 0; edit < 3; edit++) {
            String name = "Renamed company " + edit;
            assertThat(cms.admin.patch("/admin/v1/content/company/" + id, "{\"data\":{\"name\":\"" + name + "\"}}")
                               .status(), is(200));
            assertThat(cms.admin.post("/admin/v1/content/company/" + id + "/publish", null).status(), is(200));
            assertThat(Await.until(INDEX_LIMIT, () -> cms.delivery.get(list).data().asJsonArray().getJsonObject(0)
                    .getString("name").equals(name)), is(true));
            assertThat(cachedAnswers(), is(entries));
        }
    }

    private double cachedAnswers() {
        Http.Response metrics = cms.admin.withToken(null).get("/metrics");
        return PrometheusText.parse(metrics.raw().body()).value("cache_size", "cache", "delivery").orElseThrow();
    }

    @Test
    void publicSearchesAreCachedUntilTheIndexChangesOnEveryNode() {
        try (Platform nodeB = Platform.start(SettingsLoader.load(TestPlatform.env(cms.database, Map.of())))) {
            Http deliveryB = new Http("http://127.0.0.1:" + nodeB.port(), null);
            publishArticle("Heron spotted at dawn");
            assertThat(Await.until(INDEX_LIMIT, () -> total(deliveryB, "heron") == 1 && indexJobsDone()), is(true));
            String etag = deliveryB.get("/api/v1/search?q=heron").header("ETag").orElseThrow();
            assertThat(deliveryB.get("/api/v1/search?q=heron", "If-None-Match", etag).status(), is(304));

            // node B answers from its cache: the index's entries can go without it noticing
            cms.database.execute("DELETE FROM search_entries WHERE title LIKE 'Heron%'");
            assertThat(total(deliveryB, "heron"), is(1L));
            assertThat(total(deliveryB, "heron&_=1"), is(1L)); // cache busters share the entry
            // other parameters do not (the counts, kept under the index's generation, may still say 1)
            assertThat(deliveryB.get("/api/v1/search?q=heron&page=1").data().asJsonObject().getJsonArray("results")
                               .size(), is(0));

            // a publish through node A reindexes; the index job's notice reaches node B's cache
            publishArticle("Heron two, at dusk");
            assertThat(Await.until(INDEX_LIMIT, () -> total(deliveryB, "heron") == 1
                    && deliveryB.get("/api/v1/search?q=heron").data().toString().contains("dusk")), is(true));
            assertThat(total(cms.delivery, "heron"), is(1L));
        }
    }

    @Test
    void staffSearchesAreNeverServedFromTheCache() {
        publishArticle("Quokka sighting");
        // the draft's entry and the published one come from two index jobs: wait for both
        assertThat(Await.until(INDEX_LIMIT, () -> total(cms.admin, "quokka", "/admin/v1/search") == 1
                && total(cms.delivery, "quokka") == 1 && indexJobsDone()), is(true));
        cms.database.execute("DELETE FROM search_entries WHERE title LIKE 'Quokka%'");
        assertThat(total(cms.admin, "quokka", "/admin/v1/search"), is(0L));
    }

    /** No index job is left to change the index (and its generation) under the test. */
    private boolean indexJobsDone() {
        return cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'search.index'"
                                           + " AND status IN ('queued', 'running')") == 0;
    }

    private void publishArticle(String title) {
        Http.Response created = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"" + title
                + "\",\"category\":\"news\"}}");
        assertThat(created.json().toString(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(cms.admin.post("/admin/v1/content/article/" + id + "/publish", null).status(), is(200));
    }

    private static long total(Http http, String q) {
        return total(http, q, "/api/v1/search");
    }

    private static long total(Http http, String q, String path) {
        Http.Response r = http.get(path + "?q=" + q);
        assertThat(String.valueOf(r.json()), r.status(), is(200));
        return r.data().asJsonObject().getJsonNumber("total").longValue();
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String unbrotli(byte[] body) throws IOException {
        try (BrotliInputStream in = new BrotliInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String withoutTimestamp(String envelope) {
        JsonObject o = json(envelope);
        return Json.createObjectBuilder(o).remove("timestamp").build().toString();
    }
}
