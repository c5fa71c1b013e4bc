package org.bitwreckers.cms.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Every error path answers in the envelope with a 4xx, never a 500 or a stack trace, and stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private static final List<String> NASTY = List.of(
            "' OR '1'='1", "1; DROP TABLE documents; --", "\" OR \"\"=\"", "title'->>'x", "%", "_", "\\", "${jndi:ldap://x}",
            "ünïcödé 💥", "\u0000", "0x7fffffffffffffff", "-1", "99999999999999999999999", "[]", "{}", "null",
            "a".repeat(5000), "1e64000000", "99999999999999999999", "1e200000", "-0.0000000000000000000000000000000001");

    private TestPlatform cms;
    private long documents;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
        Http.Response r = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Keep me\",\"category\":\"news\"}}");
        cms.admin.post("/admin/v1/content/article/" + r.data().asJsonObject().getJsonNumber("id") + "/publish", null);
        documents = cms.database.number("SELECT count(*) FROM documents");
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertEnvelope4xx(Http.Response r, String what) {
        assertThat(what + " -> " + r.raw().body(), r.status(), greaterThanOrEqualTo(400));
        assertThat(what + " -> " + r.raw().body(), r.status(), lessThan(500));
        assertThat(what, r.json().getBoolean("success"), is(false));
        assertThat(what, r.error().getString("code"), notNullValue());
        assertThat(what, r.raw().body().contains("Exception"), is(false));
    }

    @Test
    void sqlMetacharactersInEveryQueryParameterNeverReachSql() {
        for (String bad : NASTY) {
            String v = enc(bad);
            for (String query : List.of("filter[" + v + "]=1", "filter[title][" + v + "]=1", "filter[rating]=" + v,
                                        "filter[starts_at][gt]=" + v, "filter[category]=" + v, "sort=" + v, "page=" + v,
                                        "pageSize=" + v, "fields=" + v, "populate=" + v, v + "=1",
                                        "filter[featured]=" + v, "filter[tags][in]=" + v, "filter[id]=" + v,
                                        "filter[score][gt]=" + v, "filter[related][contains]=" + v,
                                        "filter[id][in]=" + v)) {
                Http.Response r = cms.delivery.get("/api/v1/content/article?" + query);
                if (r.status() == 200) {
                    continue; // a harmless value (e.g. a string compared as a bound parameter)
                }
                assertEnvelope4xx(r, query);
            }
            Http.Response text = cms.delivery.get("/api/v1/content/article?filter[title]=" + v);
            if (text.status() == 200) {
                assertThat(bad, text.data().asJsonArray().size(), is(0)); // compared as a value, matched nothing
            } else {
                assertEnvelope4xx(text, "filter[title]=" + bad);     // NUL characters, over-long values
            }
        }
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(documents));
    }

    @Test
    void malformedQueryStringsAreBadRequests() {
        for (String query : List.of("x=%", "x=%4", "filter[title]=%", "%=1")) {
            for (Http http : List.of(cms.delivery, cms.admin)) {
                Http.RawResponse r = http.rawGet((http == cms.admin ? "/admin/v1/content/article?" : "/api/v1/content/article?")
                                                         + query);
                assertThat(query, r.status(), is(400));
                assertThat(query, r.json().getJsonObject("error").getString("code"), is("BAD_REQUEST"));
            }
        }
    }

    @Test
    void numbersTooLargeToStoreAreRefused() {
        for (String number : List.of("1e200000", "1e-200000", "[1e200000]", "{\"a\":{\"b\":1e9999}}")) {
            String field = number.startsWith("[") || number.startsWith("{") ? "extra" : "score";
            assertEnvelope4xx(cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"n\",\"category\":\"news\","
                    + "\"" + field + "\":" + number + "}}"), number);
        }
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(documents));
    }

    @Test
    void hostilePathSegmentsAreNotFound() {
        for (String bad : NASTY) {
            String v = enc(bad).replace("+", "%20");
            assertEnvelope4xx(cms.delivery.get("/api/v1/content/" + v), "type " + bad);
            Http.Response item = cms.delivery.get("/api/v1/content/article/" + v);
            assertEnvelope4xx(item, "key " + bad);
            assertEnvelope4xx(cms.admin.get("/admin/v1/content/article/" + v), "admin id " + bad);
        }
    }

    @Test
    void malformedAndWrongBodiesAreRefusedAndStoreNothing() {
        for (String body : List.of("{\"data\":", "not json", "{\"data\":{\"title\":\"x\",}}", "[]", "42", "\"text\"",
                                   "{\"data\":[]}", "{\"data\":{\"title\":{\"$gt\":\"\"}}}", "{\"data\":null}",
                                   "{\"title\":\"flat\",\"category\":\"news\"}", "{\"data\":{\"title\":\"x\"},\"status\":\"published\"}",
                                   "{\"data\":{\"title\":\"\\u0000\",\"category\":\"news\",\"rating\":1e400}}")) {
            assertEnvelope4xx(cms.admin.post("/admin/v1/content/article", body), body);
        }
        Http.Response malformed = cms.admin.post("/admin/v1/content/article", "{\"data\":");
        assertThat(malformed.status(), is(400));
        assertThat(malformed.error().getString("message"), containsString("Malformed JSON"));
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(documents));
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "{\"data\":{\"title\":\"x\",\"category\":\"news\",\"extra\":" + "[".repeat(20000) + "]".repeat(20000)
                + "}}";
        assertEnvelope4xx(cms.admin.post("/admin/v1/content/article", deep), "deep nesting");
    }

    @Test
    void wrongMediaTypeIs415() {
        Http.Response r = cms.admin.send("POST", "/admin/v1/content/article", "{\"data\":{}}", "text/plain");
        assertThat(r.status(), is(415));
        assertThat(r.error().getString("code"), is("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void oversizedBodyIs413() {
        String huge = "{\"data\":{\"title\":\"" + "x".repeat(200_000) + "\",\"category\":\"news\"}}";
        Http.Response r = cms.admin.post("/admin/v1/content/article", huge);
        assertThat(r.status(), is(413));
        assertThat(r.error().getString("code"), is("PAYLOAD_TOO_LARGE"));
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(documents));
    }

    /**
     * A body sent in chunks declares no length: it is read up to the limit (a declared length is read as declared). A
     * small one is parsed (its data then refused by the checks), a larger one is 413; nothing is stored.
     */
    @Test
    void aBodyInChunksIsReadUpToTheLimit() throws IOException, InterruptedException {
        assertThat(postInChunks("{\"data\":{\"category\":\"gossip\"}}"), is(422));
        String large = "{\"data\":{\"title\":\"" + "x".repeat(200_000) + "\",\"category\":\"news\"}}";
        assertThat(postInChunks(large), is(413));
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(documents));
    }

    private int postInChunks(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cms.admin.base() + "/admin/v1/content/article"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) // no length: chunks
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void unknownRoutesAndMethodsAnswerInTheEnvelope() {
        Http.Response notFound = cms.delivery.get("/nowhere");
        assertThat(notFound.status(), is(404));
        assertThat(notFound.error().getString("code"), is("NOT_FOUND"));
        Http.Response method = cms.delivery.send("DELETE", "/api/v1/content/article", null, "application/json");
        assertThat(method.status(), is(405));
        assertThat(method.error().getString("code"), is("METHOD_NOT_ALLOWED"));
        assertThat(cms.admin.send("PATCH", "/admin/v1/content/article", "{}", "application/json").status(), is(405));
        Http.Response adminUnknown = cms.admin.get("/admin/v1/nothing");
        assertThat(adminUnknown.status(), is(404));
        assertThat(cms.admin.get("/api/v1/content/article").status(), is(404)); // the listeners are separate
        assertThat(cms.delivery.get("/admin/v1/types").status(), is(404));
    }

    @Test
    void healthAndOpenApiAreServed() {
        assertThat(cms.delivery.get("/observe/health").status(), is(404)); // only on the admin listener
        Http.Response health = cms.admin.get("/observe/health");
        assertThat(health.raw().body(), health.status(), is(200));
        assertThat(health.raw().body(), containsString("UP"));
        Http.Response ready = cms.admin.get("/observe/health/ready");
        assertThat(ready.status(), is(200));
        assertThat(ready.json().getJsonArray("checks").getJsonObject(0).getString("name"), is("database"));
        assertThat(cms.admin.get("/observe/health/live").status(), is(200));
        JsonObject delivery = cms.delivery.get("/openapi.json").json();
        assertThat(delivery.getJsonObject("paths").containsKey("/api/v1/content/article/{idOrSlug}"), is(true));
        assertThat(delivery.getJsonObject("paths").containsKey("/api/v1/content/message"), is(false));
        JsonObject article = delivery.getJsonObject("components").getJsonObject("schemas").getJsonObject("Article");
        assertThat(article.getJsonObject("properties").getJsonObject("category").getJsonArray("enum").size(), is(3));
        assertThat(article.getJsonObject("properties").containsKey("secret_note"), is(false));
        JsonObject admin = cms.admin.withToken(null).get("/openapi.json").json();
        assertThat(admin.getJsonObject("paths").containsKey("/admin/v1/content/message/{id}"), is(true));
        assertThat(cms.admin.get("/metrics").status(), is(200)); // Prometheus, on the admin listener only
        assertThat(cms.delivery.get("/metrics").status(), is(404));
    }
}
