package org.bitwreckers.cms.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The delivery read path: every filter operator, sorting, pagination, field selection, population, preview,
 * private fields, ETags and cache invalidation, on a fixed set of published articles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryQueryTest {
    private TestPlatform cms;
    private long ada;
    private long grace;
    private long acme;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
        acme = publish("company", "{\"name\":\"Acme\"}");
        long globex = create("company", "{\"name\":\"Globex\"}"); // never published
        long mentor = publish("author", "{\"name\":\"Mentor\",\"company\":" + acme + "}");
        ada = publish("author", "{\"name\":\"Ada\",\"email\":\"ada@example.org\",\"company\":" + acme
                + ",\"mentor\":" + mentor + "}");
        grace = publish("author", "{\"name\":\"Grace\",\"company\":" + globex + "}");
        long a = publish("article", article("Alpha", "news", 5, 1.5, true, "2025-01-10T10:00:00Z", "2025-01-10",
                                            "[\"java\",\"db\"]", ada, "[]", "alpha@example.org"));
        publish("article", article("Bravo", "guide", 3, 7.25, false, "2025-02-10T10:00:00Z", "2025-02-10",
                                   "[\"java\"]", grace, "[" + a + "]", null));
        publish("article", article("Charlie", "story", 1, 0, false, "2025-03-10T10:00:00Z", "2025-03-10", "[]",
                                   ada, "[]", null));
        publish("article", article("Delta", "news", 4, 100, true, null, null, "[\"web\"]", 0, "[]", null));
        create("article", article("Echo draft", "news", 2, 2, false, null, null, "[]", 0, "[]", null));
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private static String article(String title, String category, int rating, double score, boolean featured, String starts,
                                  String day, String tags, long author, String related, String contact) {
        return "{\"title\":\"" + title + "\",\"summary\":\"Summary of " + title + "\",\"category\":\"" + category
                + "\",\"rating\":" + rating + ",\"score\":" + score + ",\"featured\":" + featured
                + (starts == null ? "" : ",\"starts_at\":\"" + starts + "\"") + (day == null ? "" : ",\"day\":\"" + day + "\"")
                + ",\"tags\":" + tags + (author == 0 ? "" : ",\"author\":" + author) + ",\"related\":" + related
                + (contact == null ? "" : ",\"contact\":\"" + contact + "\"") + ",\"secret_note\":\"internal\"}";
    }

    private long create(String type, String data) {
        Http.Response r = cms.admin.post("/admin/v1/content/" + type, "{\"data\":" + data + "}");
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getJsonNumber("id").longValue();
    }

    private long publish(String type, String data) {
        long id = create(type, data);
        assertThat(cms.admin.post("/admin/v1/content/" + type + "/" + id + "/publish", null).status(), is(200));
        return id;
    }

    private List<String> titles(String query) {
        Http.Response r = cms.delivery.get("/api/v1/content/article" + query);
        assertThat(r.raw().body(), r.status(), is(200));
        List<String> titles = new ArrayList<>();
        for (JsonValue v : r.data().asJsonArray()) {
            titles.add(v.asJsonObject().getString("title"));
        }
        return titles;
    }

    @Test
    void listsOnlyPublishedDocumentsNewestFirst() {
        assertThat(titles(""), contains("Delta", "Charlie", "Bravo", "Alpha"));
    }

    @Test
    void filtersWithEveryOperator() {
        assertThat(titles("?filter[category]=news&sort=title"), contains("Alpha", "Delta"));
        assertThat(titles("?filter[category][eq]=guide"), contains("Bravo"));
        assertThat(titles("?filter[category][ne]=news&sort=title"), contains("Bravo", "Charlie"));
        assertThat(titles("?filter[category][in]=guide,story&sort=title"), contains("Bravo", "Charlie"));
        assertThat(titles("?filter[rating][lt]=3"), contains("Charlie"));
        assertThat(titles("?filter[rating][lte]=3&sort=title"), contains("Bravo", "Charlie"));
        assertThat(titles("?filter[rating][gt]=4"), contains("Alpha"));
        assertThat(titles("?filter[rating][gte]=4&sort=title"), contains("Alpha", "Delta"));
        assertThat(titles("?filter[score][gt]=7.2&sort=score"), contains("Bravo", "Delta"));
        assertThat(titles("?filter[featured]=true&sort=title"), contains("Alpha", "Delta"));
        assertThat(titles("?filter[starts_at][gte]=2025-02-01T00:00:00Z&sort=starts_at"), contains("Bravo", "Charlie"));
        assertThat(titles("?filter[starts_at][lt]=2025-02-10T11:00:00%2B02:00"), contains("Alpha"));
        assertThat(titles("?filter[day][gte]=2025-02-10&sort=title"), contains("Bravo", "Charlie"));
        assertThat(titles("?filter[title][contains]=LT"), contains("Delta"));
        assertThat(titles("?filter[title][contains]=%25"), is(Matchers.empty())); // a literal %, not a wildcard
        assertThat(titles("?filter[tags][contains]=java&sort=title"), contains("Alpha", "Bravo"));
        assertThat(titles("?filter[starts_at][exists]=false"), contains("Delta"));
        assertThat(titles("?filter[contact][exists]=true"), contains("Alpha"));
        // system fields test the published snapshot's slug and time, as their other filters do
        assertThat(titles("?filter[updated_at][exists]=true&sort=title"),
                   contains("Alpha", "Bravo", "Charlie", "Delta"));
        assertThat(titles("?filter[slug][exists]=false"), is(Matchers.empty()));
        assertThat(titles("?filter[author]=" + ada + "&sort=title"), contains("Alpha", "Charlie"));
        assertThat(titles("?filter[id][in]=" + firstId("Alpha") + "," + firstId("Delta") + "&sort=title"),
                   contains("Alpha", "Delta"));
        assertThat(titles("?filter[related][contains]=" + firstId("Alpha")), contains("Bravo"));
        assertThat(titles("?filter[rating][gte]=2&filter[rating][lte]=4&sort=title"), contains("Bravo", "Delta"));
    }

    @Test
    void sortsOnSeveralFieldsAndPaginatesWithTotals() {
        assertThat(titles("?sort=category,-rating"), contains("Bravo", "Alpha", "Delta", "Charlie"));
        assertThat(titles("?sort=featured:desc,title:asc"), contains("Alpha", "Delta", "Bravo", "Charlie"));
        Http.Response page = cms.delivery.get("/api/v1/content/article?sort=title&page=2&pageSize=3");
        assertThat(page.data().asJsonArray().size(), is(1));
        JsonObject pagination = page.json().getJsonObject("meta").getJsonObject("pagination");
        assertThat(pagination.getInt("total"), is(4));
        assertThat(pagination.getInt("pageCount"), is(2));
        Http.Response beyond = cms.delivery.get("/api/v1/content/article?page=9&pageSize=3");
        assertThat(beyond.data().asJsonArray().size(), is(0));
        assertThat(beyond.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"), is(4));
    }

    @Test
    void selectsFieldsAndNeverServesPrivateOnes() {
        JsonObject doc = cms.delivery.get("/api/v1/content/article?fields=title,rating&filter[title]=Alpha")
                .data().asJsonArray().getJsonObject(0);
        assertThat(doc.keySet(), containsInAnyOrder("id", "slug", "created_at", "updated_at", "published_at", "title",
                                                    "rating"));
        JsonObject full = cms.delivery.get("/api/v1/content/article/alpha").data().asJsonObject();
        assertThat(full, not(hasKey("secret_note")));
        assertThat(full.getString("starts_at"), is("2025-01-10T10:00:00.000Z"));
        Http.Response asked = cms.delivery.get("/api/v1/content/article?fields=secret_note");
        assertThat(asked.status(), is(400));
        assertThat(cms.delivery.get("/api/v1/content/article?filter[secret_note]=internal").status(), is(400));
        JsonObject admin = cms.admin.get("/admin/v1/content/article/" + firstId("Alpha")).data().asJsonObject();
        assertThat(admin.getJsonObject("data").getString("secret_note"), is("internal"));
    }

    @Test
    void populatesRelationsInBatchesAndHidesUnpublishedTargets() {
        JsonObject alpha = cms.delivery.get("/api/v1/content/article/alpha?populate=author.company,author.mentor.company")
                .data().asJsonObject();
        JsonObject author = alpha.getJsonObject("author");
        assertThat(author.getString("name"), is("Ada"));
        assertThat(author, not(hasKey("email")));
        assertThat(author.getJsonObject("company").getString("name"), is("Acme"));
        assertThat(author.getJsonObject("mentor").getJsonObject("company").getString("name"), is("Acme"));

        JsonObject bravo = cms.delivery.get("/api/v1/content/article/bravo?populate=*").data().asJsonObject();
        JsonArray related = bravo.getJsonArray("related");
        assertThat(related.getJsonObject(0).getString("title"), is("Alpha"));
        assertThat(bravo.getJsonObject("author").getJsonNumber("company").longValue(), is(companyOfGrace()));

        JsonObject graceDoc = cms.delivery.get("/api/v1/content/author/" + grace + "?populate=company").data().asJsonObject();
        assertThat(graceDoc.isNull("company"), is(true)); // Globex is not published

        List<String> names = new ArrayList<>();
        cms.delivery.get("/api/v1/content/article?sort=title&populate=author").data().asJsonArray()
                .forEach(v -> names.add(v.asJsonObject().isNull("author") ? "-"
                        : v.asJsonObject().getJsonObject("author").getString("name")));
        assertThat(names, contains("Ada", "Grace", "Ada", "-"));

        JsonObject selected = cms.delivery.get("/api/v1/content/article/alpha?fields=title&populate=author")
                .data().asJsonObject();
        assertThat(selected.getJsonObject("author").getString("name"), is("Ada"));
        assertThat(selected, not(hasKey("rating")));
    }

    @Test
    void refusesTooDeepOrUnknownPopulation() {
        Http.Response deep = cms.delivery.get("/api/v1/content/author?populate=mentor.mentor.mentor.company");
        assertThat(deep.status(), is(400));
        assertThat(deep.error().getJsonObject("details").getString("populate"), containsString("deeper than 3"));
        assertThat(cms.delivery.get("/api/v1/content/article?populate=title").status(), is(400));
    }

    @Test
    void answersNotModifiedForAMatchingETagAndChangesItAfterAPublish() {
        Http.Response first = cms.delivery.get("/api/v1/content/company");
        String etag = first.header("ETag").orElseThrow();
        Http.Response again = cms.delivery.get("/api/v1/content/company", "If-None-Match", etag);
        assertThat(again.status(), is(304));
        assertThat(again.raw().body(), is(""));

        Http.Response buster = cms.delivery.get("/api/v1/content/company?_=12345", "If-None-Match", etag);
        assertThat(buster.status(), is(304)); // ignored parameters share the cached response

        publish("company", "{\"name\":\"Initech\"}");
        Http.Response changed = cms.delivery.get("/api/v1/content/company", "If-None-Match", etag);
        assertThat(changed.status(), is(200));
        assertThat(changed.header("ETag").orElseThrow(), not(etag));
        assertThat(changed.data().asJsonArray().getJsonObject(0).getString("name"), is("Initech"));
    }

    @Test
    void populatedResponsesRefreshWhenTheRelatedTypeChanges() {
        String before = cms.delivery.get("/api/v1/content/author/" + ada + "?populate=company").data().asJsonObject()
                .getJsonObject("company").getString("name");
        assertThat(before, is("Acme"));
        cms.admin.patch("/admin/v1/content/company/" + acme, "{\"data\":{\"name\":\"Acme Renamed\"}}");
        cms.admin.post("/admin/v1/content/company/" + acme + "/publish", null);
        String after = cms.delivery.get("/api/v1/content/author/" + ada + "?populate=company").data().asJsonObject()
                .getJsonObject("company").getString("name");
        assertThat(after, is("Acme Renamed"));
        cms.admin.patch("/admin/v1/content/company/" + acme, "{\"data\":{\"name\":\"Acme\"}}");
        cms.admin.post("/admin/v1/content/company/" + acme + "/publish", null);
    }

    @Test
    void previewShowsDraftsOnlyWithAValidToken() {
        String preview = cms.admin.post("/admin/v1/tokens", "{\"name\":\"preview\",\"scope\":\"preview\"}")
                .data().asJsonObject().getString("token");
        Http.Response drafts = cms.delivery.withToken(preview).get("/api/v1/content/article?preview=true&sort=title");
        assertThat(drafts.status(), is(200));
        assertThat(drafts.header("Cache-Control").orElseThrow(), containsString("no-store"));
        List<String> titles = new ArrayList<>();
        drafts.data().asJsonArray().forEach(v -> titles.add(v.asJsonObject().getString("title")));
        assertThat(titles, contains("Alpha", "Bravo", "Charlie", "Delta", "Echo draft"));
        assertThat(cms.delivery.get("/api/v1/content/article?preview=true").status(), is(401));
        assertThat(cms.delivery.withToken("bwt_nope").get("/api/v1/content/article?preview=true").status(), is(401));
        assertThat(titles(""), not(Matchers.hasItem("Echo draft")));
    }

    @Test
    void allowsTheFrontendOriginOnly() {
        Http.Response allowed = cms.delivery.get("/api/v1/content/article", "Origin", "http://localhost:3000");
        assertThat(allowed.header("Access-Control-Allow-Origin").orElse(""), is("http://localhost:3000"));
        Http.Response other = cms.delivery.get("/api/v1/content/article", "Origin", "https://evil.example");
        assertThat(other.header("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    private long firstId(String title) {
        return cms.delivery.get("/api/v1/content/article?filter[title]=" + title).data().asJsonArray().getJsonObject(0)
                .getJsonNumber("id").longValue();
    }

    private long companyOfGrace() {
        return cms.admin.get("/admin/v1/content/author/" + grace).data().asJsonObject().getJsonObject("data")
                .getJsonNumber("company").longValue();
    }
}
