package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isIn;

/**
 * GET /admin/v1/content/{type}/{id}/timeline against real PostgreSQL: versions, publishes, schedules, webhook
 * deliveries, mails and audit entries of one document together, newest first, each part only for a reader who may
 * read its log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentTimelineTest {
    private static final Duration AUDITED = Duration.ofSeconds(10);
    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true"));
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private static List<String> kinds(JsonArray entries) {
        return entries.stream().map(e -> e.asJsonObject().getString("kind")).toList();
    }

    private JsonArray timeline(Http as, String type, long id) {
        Http.Response r = as.get("/admin/v1/content/" + type + "/" + id + "/timeline");
        assertThat(r.raw().body(), r.status(), is(200));
        return r.data().asJsonArray();
    }

    @Test
    void bringsTogetherVersionsPublishesSchedulesWebhooksAndAuditNewestFirst() {
        // a receiver nobody listens on: the delivery row is what the timeline shows, delivered or not
        assertThat(cms.admin.post("/admin/v1/webhooks", "{\"name\":\"t\",\"url\":\"http://127.0.0.1:9/hook\","
                + "\"events\":[\"document.published\"],\"types\":[\"article\"]}").status(), is(201));
        long id = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Timeline\",\"category\":\"news\"}}")
                .data().asJsonObject().getJsonNumber("id").longValue();
        long other = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Other\",\"category\":\"news\"}}")
                .data().asJsonObject().getJsonNumber("id").longValue();
        cms.admin.put("/admin/v1/content/article/" + id, "{\"data\":{\"title\":\"Timeline 2\",\"category\":\"news\"},"
                + "\"version\":1}");
        cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);
        cms.admin.post("/admin/v1/content/article/" + other + "/publish", null);
        assertThat(cms.admin.put("/admin/v1/content/article/" + id + "/schedule",
                                 "{\"unpublish_at\":\"2099-01-01T00:00:00Z\"}").status(), is(200));

        assertThat(Await.until(AUDITED, () -> kinds(timeline(cms.admin, "article", id)).stream()
                .filter("audit"::equals).count() == 3), is(true)); // save, publish, schedule (a create's path names no id)
        JsonArray entries = timeline(cms.admin, "article", id);
        List<String> kinds = kinds(entries);
        assertThat(kinds, hasItems("version", "publish", "schedule", "webhook", "audit"));
        assertThat(kinds.stream().filter("version"::equals).count(), is(2L)); // created, saved; the publish is its own
        JsonObject publish = entries.stream().map(e -> e.asJsonObject()).filter(e -> e.getString("kind").equals("publish"))
                .findFirst().orElseThrow();
        assertThat(publish.getString("summary"), is("Published version 2"));
        assertThat(publish.getString("actor"), is("bootstrap-token"));
        JsonObject schedule = entries.stream().map(e -> e.asJsonObject()).filter(e -> e.getString("kind").equals("schedule"))
                .findFirst().orElseThrow();
        assertThat(schedule.getString("summary"), is("Unpublish scheduled for 2099-01-01T00:00:00Z"));
        assertThat(schedule.getJsonObject("detail").getString("status"), is("queued"));
        JsonObject webhook = entries.stream().map(e -> e.asJsonObject()).filter(e -> e.getString("kind").equals("webhook"))
                .findFirst().orElseThrow();
        assertThat(webhook.getJsonObject("detail").getString("event"), is("document.published"));
        // only this document's: the other article's publish fired a webhook too, and has versions of its own
        assertThat(kinds.stream().filter("webhook"::equals).count(), is(1L));
        List<String> times = entries.stream().map(e -> e.asJsonObject().getString("at")).toList();
        assertThat(times, is(times.stream().sorted((a, b) -> b.compareTo(a)).toList()));
        assertThat(entries.stream().map(e -> e.asJsonObject().getString("summary")).toList(), hasItem("Version 1: create"));
    }

    @Test
    void showsMailsToTheDocumentsOwnAddressesOnly() {
        Http.Response sent = cms.delivery.post("/api/v1/messages",
                "{\"name\":\"Mia\",\"email\":\"Mia@Example.org\",\"message\":\"Hello\"}");
        assertThat(sent.raw().body(), sent.status(), is(201));
        long id = cms.database.number("SELECT max(id) FROM documents WHERE type = 'message'");
        JsonArray entries = timeline(cms.admin, "message", id);
        List<JsonObject> mails = entries.stream().map(e -> e.asJsonObject())
                .filter(e -> e.getString("kind").equals("mail")).toList();
        // the receipt to the sender; the team's notification goes to another address and is not this message's
        assertThat(mails.size(), is(1));
        assertThat(mails.getFirst().getJsonObject("detail").getString("to"), is("Mia@Example.org"));
    }

    @Test
    void leavesOutTheLogsTheReaderMayNotRead() {
        cms.admin.post("/admin/v1/webhooks", "{\"name\":\"r\",\"url\":\"http://127.0.0.1:9/hook\","
                + "\"events\":[\"submission.received\"],\"types\":[\"message\"]}");
        cms.delivery.post("/api/v1/messages", "{\"name\":\"Ria\",\"email\":\"ria@example.org\",\"message\":\"Hi\"}");
        long id = cms.database.number("SELECT max(id) FROM documents WHERE type = 'message'");
        cms.admin.patch("/admin/v1/content/message/" + id, "{\"data\":{\"handled\":true}}");
        assertThat(Await.until(AUDITED, () -> kinds(timeline(cms.admin, "message", id)).contains("audit")), is(true));
        assertThat(kinds(timeline(cms.admin, "message", id)), hasItems("mail", "webhook", "audit"));

        // a read-scope token reads what an editor reads: content and the audit log, not the mail log or webhooks
        String read = cms.admin.post("/admin/v1/tokens", "{\"name\":\"reader\",\"scope\":\"read\"}")
                .data().asJsonObject().getString("token");
        List<String> kinds = kinds(timeline(cms.admin.withToken(read), "message", id));
        assertThat(kinds, hasItem("audit"));
        assertThat(kinds, everyItem(isIn(List.of("version", "publish", "unpublish", "schedule", "audit"))));
    }

    @Test
    void answers404ForADocumentOfAnotherTypeOrNone() {
        long id = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Mine\",\"category\":\"news\"}}")
                .data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(cms.admin.get("/admin/v1/content/company/" + id + "/timeline").status(), is(404));
        assertThat(cms.admin.get("/admin/v1/content/article/999999/timeline").status(), is(404));
        assertThat(cms.admin.get("/admin/v1/content/nope/1/timeline").status(), is(404));
        assertThat(kinds(timeline(cms.admin, "article", id)), contains("version"));
    }
}
