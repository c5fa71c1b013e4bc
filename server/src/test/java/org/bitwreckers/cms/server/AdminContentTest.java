package org.bitwreckers.cms.server;

import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The admin API write path against real PostgreSQL: validation, versions, publishing, rollback, concurrency,
 * uniqueness, and API token scopes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminContentTest {
    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private long create(String data) {
        Http.Response r = cms.admin.post("/admin/v1/content/article", "{\"data\":" + data + "}");
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getJsonNumber("id").longValue();
    }

    @Test
    void createsDraftWithNormalisedDataAndFirstVersion() {
        Http.Response r = cms.admin.post("/admin/v1/content/article",
                "{\"data\":{\"title\":\"Hello World\",\"category\":\"news\",\"starts_at\":\"2025-03-01T19:00:00+01:00\"}}");
        assertThat(r.status(), is(201));
        JsonObject doc = r.data().asJsonObject();
        assertThat(doc.getString("status"), is("draft"));
        assertThat(doc.getInt("version"), is(1));
        assertThat(doc.getString("slug"), is("hello-world"));
        assertThat(doc.getString("created_by"), is("bootstrap-token"));
        JsonObject data = doc.getJsonObject("data");
        assertThat(data.getString("starts_at"), is("2025-03-01T18:00:00.000Z"));
        assertThat(data.getBoolean("featured"), is(false)); // default applied
        assertThat(data.isNull("summary"), is(true));        // every declared field present
        Http.Response second = cms.admin.post("/admin/v1/content/article",
                                              "{\"data\":{\"title\":\"Hello World\",\"category\":\"news\"}}");
        assertThat(second.data().asJsonObject().getString("slug"), is("hello-world-2"));
    }

    @Test
    void validationListsEveryBadFieldAndStoresNothing() {
        long before = cms.database.number("SELECT count(*) FROM documents");
        Http.Response r = cms.admin.post("/admin/v1/content/article", """
                {"data": {"title": 42, "category": "gossip", "rating": 9, "score": -1, "contact": "not-mail",
                          "website": "javascript:alert(1)", "starts_at": "yesterday", "day": "2025-02-30",
                          "tags": ["a", 1], "code": "abc", "summary": "hi", "author": 999999, "bogus": true,
                          "featured": "yes", "related": [1, 1]}}""");
        assertThat(r.status(), is(422));
        assertThat(r.json().getBoolean("success"), is(false));
        assertThat(r.error().getString("code"), is("VALIDATION_ERROR"));
        JsonObject details = r.error().getJsonObject("details");
        for (String field : new String[] {"title", "category", "rating", "score", "contact", "website", "starts_at", "day",
                "tags", "code", "summary", "bogus", "featured", "related"}) {
            assertThat(field, details, hasKey(field));
        }
        assertThat(details.getString("category"), containsString("news, guide, story"));
        assertThat(cms.database.number("SELECT count(*) FROM documents"), is(before));
    }

    @Test
    void missingRequiredFieldsAndUnknownRelationsAreNamed() {
        Http.Response r = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"author\":987654}}");
        assertThat(r.status(), is(422));
        JsonObject details = r.error().getJsonObject("details");
        assertThat(details.getString("title"), is("is required"));
        assertThat(details.getString("category"), is("is required"));
        Http.Response rel = cms.admin.post("/admin/v1/content/article",
                                           "{\"data\":{\"title\":\"x\",\"category\":\"news\",\"author\":987654}}");
        assertThat(rel.status(), is(422));
        assertThat(rel.error().getJsonObject("details").getString("author"), containsString("does not exist"));
    }

    @Test
    void publishUnpublishControlsDeliveryAndDraftEditsStayPrivate() {
        long id = create("{\"title\":\"Visible Later\",\"category\":\"guide\"}");
        assertThat(cms.delivery.get("/api/v1/content/article/" + id).status(), is(404));

        Http.Response published = cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);
        assertThat(published.status(), is(200));
        assertThat(published.data().asJsonObject().getString("status"), is("published"));
        assertThat(cms.delivery.get("/api/v1/content/article/visible-later").data().asJsonObject().getString("title"),
                   is("Visible Later"));

        cms.admin.patch("/admin/v1/content/article/" + id, "{\"data\":{\"title\":\"Edited Draft\"}}");
        assertThat(cms.delivery.get("/api/v1/content/article/" + id).data().asJsonObject().getString("title"),
                   is("Visible Later"));

        cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);
        assertThat(cms.delivery.get("/api/v1/content/article/" + id).data().asJsonObject().getString("title"),
                   is("Edited Draft"));

        cms.admin.post("/admin/v1/content/article/" + id + "/unpublish", null);
        assertThat(cms.delivery.get("/api/v1/content/article/" + id).status(), is(404));
        assertThat(cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject().getString("status"), is("draft"));
    }

    @Test
    void aDraftSlugChangeGoesLiveOnlyWithThePublish() {
        long id = create("{\"title\":\"Old Name\",\"category\":\"news\"}");
        cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);
        cms.admin.patch("/admin/v1/content/article/" + id, "{\"slug\":\"new-name\",\"data\":{\"title\":\"New Name\"}}");
        assertThat(cms.delivery.get("/api/v1/content/article/old-name").data().asJsonObject().getString("slug"),
                   is("old-name"));
        assertThat(cms.delivery.get("/api/v1/content/article/new-name").status(), is(404));
        cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);
        assertThat(cms.delivery.get("/api/v1/content/article/new-name").data().asJsonObject().getString("title"),
                   is("New Name"));
        assertThat(cms.delivery.get("/api/v1/content/article/old-name").status(), is(404));
    }

    @Test
    void slugsNeverLookLikeIds() {
        Http.Response digits = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"2024\",\"category\":\"news\"}}");
        assertThat(digits.data().asJsonObject().getString("slug"), is("article-2024"));
        assertThat(cms.admin.post("/admin/v1/content/article", "{\"slug\":\"2025\",\"data\":{\"title\":\"x\",\"category\":\"news\"}}")
                           .status(), is(422));
    }

    @Test
    void deletingAReferencedDocumentDoesNotBlockEditsOfItsReferrers() {
        long author = cms.admin.post("/admin/v1/content/author", "{\"data\":{\"name\":\"Gone Soon\"}}").data().asJsonObject()
                .getJsonNumber("id").longValue();
        long article = create("{\"title\":\"Refers\",\"category\":\"news\",\"author\":" + author + "}");
        cms.admin.delete("/admin/v1/content/author/" + author);
        Http.Response edit = cms.admin.patch("/admin/v1/content/article/" + article, "{\"data\":{\"title\":\"Still editable\"}}");
        assertThat(edit.raw().body(), edit.status(), is(200));
        Http.Response newDangling = cms.admin.patch("/admin/v1/content/article/" + article, "{\"data\":{\"author\":" + (author + 1000)
                + "}}");
        assertThat(newDangling.status(), is(422));
    }

    @Test
    void everySaveIsAVersionAndRollbackRestoresAsNewVersion() {
        long id = create("{\"title\":\"V1 title\",\"category\":\"story\"}");
        cms.admin.put("/admin/v1/content/article/" + id, "{\"data\":{\"title\":\"V2 title\",\"category\":\"story\"}}");
        cms.admin.patch("/admin/v1/content/article/" + id, "{\"data\":{\"title\":\"V3 title\"}}");

        Http.Response versions = cms.admin.get("/admin/v1/content/article/" + id + "/versions");
        assertThat(versions.data().asJsonArray().size(), is(3));
        assertThat(versions.data().asJsonArray().getJsonObject(0).getInt("version"), is(3));
        Http.Response v1 = cms.admin.get("/admin/v1/content/article/" + id + "/versions/1");
        assertThat(v1.data().asJsonObject().getJsonObject("data").getString("title"), is("V1 title"));

        Http.Response rolled = cms.admin.post("/admin/v1/content/article/" + id + "/rollback", "{\"version\":1}");
        assertThat(rolled.status(), is(200));
        assertThat(rolled.data().asJsonObject().getInt("version"), is(4));
        assertThat(rolled.data().asJsonObject().getJsonObject("data").getString("title"), is("V1 title"));
        assertThat(cms.admin.get("/admin/v1/content/article/" + id + "/versions/4").data().asJsonObject()
                           .getString("action"), is("rollback:1"));
        assertThat(cms.admin.post("/admin/v1/content/article/" + id + "/rollback", "{\"version\":99}").status(), is(404));
        assertThat(cms.admin.post("/admin/v1/content/article/" + id + "/rollback", "{}").status(), is(422));
        assertThat(cms.admin.post("/admin/v1/content/article/" + id + "/rollback", "{\"version\":\"one\"}").status(),
                   is(422));
    }

    @Test
    void staleVersionIsAConflictAndChangesNothing() {
        long id = create("{\"title\":\"Concurrent\",\"category\":\"news\"}");
        cms.admin.patch("/admin/v1/content/article/" + id, "{\"version\":1,\"data\":{\"title\":\"First editor\"}}");
        Http.Response stale = cms.admin.patch("/admin/v1/content/article/" + id,
                                              "{\"version\":1,\"data\":{\"title\":\"Second editor\"}}");
        assertThat(stale.status(), is(409));
        assertThat(stale.error().getString("code"), is("CONFLICT"));
        assertThat(cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject().getJsonObject("data")
                           .getString("title"), is("First editor"));
    }

    @Test
    void uniqueFieldsAndSlugsAreConflicts() {
        create("{\"title\":\"Coded\",\"category\":\"news\",\"code\":\"ABC-123\"}");
        Http.Response dup = cms.admin.post("/admin/v1/content/article",
                                           "{\"data\":{\"title\":\"Other\",\"category\":\"news\",\"code\":\"ABC-123\"}}");
        assertThat(dup.status(), is(409));
        assertThat(dup.error().getJsonObject("details").getString("code"), is("must be unique"));

        cms.admin.post("/admin/v1/content/article", "{\"slug\":\"taken-slug\",\"data\":{\"title\":\"A\",\"category\":\"news\"}}");
        Http.Response slug = cms.admin.post("/admin/v1/content/article",
                                            "{\"slug\":\"taken-slug\",\"data\":{\"title\":\"B\",\"category\":\"news\"}}");
        assertThat(slug.status(), is(409));
        assertThat(slug.error().getJsonObject("details"), hasKey("slug"));
        Http.Response badSlug = cms.admin.post("/admin/v1/content/article",
                                               "{\"slug\":\"Bad Slug!\",\"data\":{\"title\":\"B\",\"category\":\"news\"}}");
        assertThat(badSlug.status(), is(422));
    }

    @Test
    void deleteRemovesDocumentAndHistory() {
        long id = create("{\"title\":\"Doomed\",\"category\":\"news\"}");
        assertThat(cms.admin.delete("/admin/v1/content/article/" + id).status(), is(200));
        assertThat(cms.admin.get("/admin/v1/content/article/" + id).status(), is(404));
        assertThat(cms.database.number("SELECT count(*) FROM document_versions WHERE document_id = " + id), is(0L));
        assertThat(cms.admin.delete("/admin/v1/content/article/" + id).status(), is(404));
    }

    @Test
    void submissionsCannotBePublished() {
        Http.Response created = cms.admin.post("/admin/v1/content/message",
                "{\"data\":{\"name\":\"N\",\"email\":\"n@example.org\",\"message\":\"hello\"}}");
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        Http.Response publish = cms.admin.post("/admin/v1/content/message/" + id + "/publish", null);
        assertThat(publish.status(), is(400));
        assertThat(cms.delivery.get("/api/v1/content/message").status(), is(404));
    }

    @Test
    void adminNeedsAValidTokenWithTheRightScope() {
        Http anonymous = cms.admin.withToken(null);
        Http.Response none = anonymous.get("/admin/v1/content/article");
        assertThat(none.status(), is(401));
        assertThat(none.error().getString("code"), is("UNAUTHORIZED"));
        assertThat(anonymous.post("/admin/v1/content/article", "{\"data\":{}}").status(), is(401));
        assertThat(cms.admin.withToken("bwt_forged").get("/admin/v1/content/article").status(), is(401));

        String read = token("reader", "read");
        Http reader = cms.admin.withToken(read);
        assertThat(reader.get("/admin/v1/content/article").status(), is(200));
        Http.Response write = reader.post("/admin/v1/content/article", "{\"data\":{\"title\":\"x\",\"category\":\"news\"}}");
        assertThat(write.status(), is(403));

        Http preview = cms.admin.withToken(token("frontend preview", "preview"));
        assertThat(preview.get("/admin/v1/content/article").status(), is(403));

        Http full = cms.admin.withToken(token("editor", "full"));
        Http.Response created = full.post("/admin/v1/content/article", "{\"data\":{\"title\":\"By token\",\"category\":\"news\"}}");
        assertThat(created.status(), is(201));
        assertThat(created.data().asJsonObject().getString("created_by"), startsWith("token:"));
    }

    @Test
    void revokedTokensStopWorkingAndTokensAreNeverListed() {
        Http.Response created = cms.admin.post("/admin/v1/tokens", "{\"name\":\"temp\",\"scope\":\"read\"}");
        assertThat(created.status(), is(201));
        String token = created.data().asJsonObject().getString("token");
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(cms.database.number("SELECT count(*) FROM api_tokens WHERE token_hash = '" + token + "'"), is(0L));
        Http.Response list = cms.admin.get("/admin/v1/tokens");
        list.data().asJsonArray().forEach(t -> assertThat(t.asJsonObject(), not(hasKey("token"))));

        assertThat(cms.admin.withToken(token).get("/admin/v1/types").status(), is(200));
        assertThat(cms.admin.delete("/admin/v1/tokens/" + id).status(), is(200));
        assertThat(cms.admin.withToken(token).get("/admin/v1/types").status(), is(401));
        Http.Response badScope = cms.admin.post("/admin/v1/tokens", "{\"name\":\"x\",\"scope\":\"root\"}");
        assertThat(badScope.status(), is(422));
    }

    @Test
    void typesAreListedAsDescriptors() {
        Http.Response types = cms.admin.get("/admin/v1/types/article");
        assertThat(types.status(), is(200));
        JsonObject article = types.data().asJsonObject();
        assertThat(article.getString("kind"), is("collection"));
        assertThat(article.getJsonArray("fields").getJsonObject(0).getString("name"), is("title"));
        assertThat(cms.admin.get("/admin/v1/types/nope").status(), is(404));
        assertThat(cms.admin.get("/admin/v1/content/nope").error(), not(nullValue()));
    }

    private String token(String name, String scope) {
        return cms.admin.post("/admin/v1/tokens", "{\"name\":\"" + name + "\",\"scope\":\"" + scope + "\"}")
                .data().asJsonObject().getString("token");
    }
}
