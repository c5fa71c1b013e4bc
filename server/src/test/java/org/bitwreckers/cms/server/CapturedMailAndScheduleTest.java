package org.bitwreckers.cms.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * With no SMTP server configured mail is captured in the database, readable by staff; scheduled publishing runs
 * through the job queue and can be cancelled; dead jobs are visible and manageable through the admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapturedMailAndScheduleTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of("TEAM_INBOX", "team@bitwreckers.test"));
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    @Test
    void withoutSmtpMailIsCapturedAndReadable() {
        Http.Response r = cms.delivery.post("/api/v1/messages",
                                            "{\"name\":\"Cap\",\"email\":\"cap@example.org\",\"message\":\"Hi\"}");
        assertThat(r.status(), is(201));
        assertThat(Await.until(LIMIT, () -> cms.database.number(
                "SELECT count(*) FROM mail_messages WHERE status = 'captured' AND recipient = 'team@bitwreckers.test'") == 1),
                   is(true));
        JsonObject mail = cms.admin.get("/admin/v1/mail?status=captured").data().asJsonArray().stream()
                .map(v -> v.asJsonObject()).filter(m -> m.getString("recipient").equals("team@bitwreckers.test"))
                .findFirst().orElseThrow();
        JsonObject full = cms.admin.get("/admin/v1/mail/" + mail.getJsonNumber("id")).data().asJsonObject();
        assertThat(full.getString("text_body"), containsString("Name: Cap"));
    }

    @Test
    void aFailedSubmissionQueuesNoMail() {
        long before = cms.database.number("SELECT count(*) FROM mail_messages");
        assertThat(cms.delivery.post("/api/v1/messages", "{\"name\":\"x\"}").status(), is(422));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages"), is(before));
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'mail.send'"), is(before));
    }

    @Test
    void scheduledPublishHappensOnceAtItsTime() {
        long id = create("{\"title\":\"Timed\",\"category\":\"news\"}");
        String at = Instant.now().plusSeconds(1).toString();
        Http.Response scheduled = cms.admin.put("/admin/v1/content/article/" + id + "/schedule", "{\"publish_at\":\"" + at + "\"}");
        assertThat(scheduled.raw().body(), scheduled.status(), is(200));
        assertThat(scheduled.data().asJsonObject().isNull("publish_at"), is(false));
        assertThat(cms.delivery.get("/api/v1/content/article/" + id).status(), is(404));
        assertThat(Await.until(LIMIT, () -> cms.delivery.get("/api/v1/content/article/" + id).status() == 200), is(true));
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject()
                .isNull("publish_at")), is(true));
        assertThat(cms.database.number("SELECT count(*) FROM document_versions WHERE document_id = " + id), is(1L));
        assertThat(cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject().getString("updated_by"),
                   is("scheduler"));
    }

    @Test
    void savingAScheduleAgainKeepsItsPublishJob() {
        long id = create("{\"title\":\"Kept\",\"category\":\"news\"}");
        String publish = Instant.now().plusSeconds(1).toString();
        String unpublish = Instant.now().plusSeconds(3600).toString();
        cms.admin.put("/admin/v1/content/article/" + id + "/schedule", "{\"publish_at\":\"" + publish + "\"}");
        // the same publish time again, now with an unpublish time: the publish job must survive
        Http.Response again = cms.admin.put("/admin/v1/content/article/" + id + "/schedule",
                                            "{\"publish_at\":\"" + publish + "\",\"unpublish_at\":\"" + unpublish + "\"}");
        assertThat(again.status(), is(200));
        assertThat(Await.until(LIMIT, () -> cms.delivery.get("/api/v1/content/article/" + id).status() == 200), is(true));
    }

    @Test
    void aClearedScheduleDoesNotRun() {
        long id = create("{\"title\":\"Cancelled\",\"category\":\"news\"}");
        String at = Instant.now().plusSeconds(3600).toString();
        cms.admin.put("/admin/v1/content/article/" + id + "/schedule", "{\"publish_at\":\"" + at + "\"}");
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'content.schedule' AND status = 'queued'"
                                               + " AND payload->>'id' = '" + id + "'"), is(1L));
        cms.admin.put("/admin/v1/content/article/" + id + "/schedule", "{}");
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'content.schedule' AND status = 'discarded'"
                                               + " AND payload->>'id' = '" + id + "'"), is(1L));
        Http.Response bad = cms.admin.put("/admin/v1/content/article/" + id + "/schedule",
                                          "{\"publish_at\":\"2030-01-02T00:00:00Z\",\"unpublish_at\":\"2030-01-01T00:00:00Z\"}");
        assertThat(bad.status(), is(422));
        assertThat(cms.admin.put("/admin/v1/content/article/" + id + "/schedule", "{\"publish_at\":\"tomorrow\"}").status(),
                   is(422));
    }

    @Test
    void theScheduleListsWhatIsDueInAWindowSoonestFirst() {
        long later = create("{\"title\":\"Later today\",\"category\":\"news\"}");
        long sooner = create("{\"title\":\"Sooner\",\"category\":\"news\"}");
        long far = create("{\"title\":\"Next month\",\"category\":\"news\"}");
        Instant base = Instant.parse("2031-03-04T00:00:00Z");
        cms.admin.put("/admin/v1/content/article/" + later + "/schedule",
                      "{\"publish_at\":\"" + base.plusSeconds(7200) + "\",\"unpublish_at\":\"" + base.plusSeconds(9000) + "\"}");
        cms.admin.put("/admin/v1/content/article/" + sooner + "/schedule", "{\"publish_at\":\"" + base.plusSeconds(60) + "\"}");
        cms.admin.put("/admin/v1/content/article/" + far + "/schedule",
                      "{\"publish_at\":\"" + base.plusSeconds(40L * 86400) + "\"}");

        Http.Response day = cms.admin.get("/admin/v1/schedule?from=" + base + "&to=" + base.plusSeconds(86400));
        assertThat(day.raw().body(), day.status(), is(200));
        List<String> seen = day.data().asJsonArray().stream().map(v -> v.asJsonObject())
                .map(e -> e.getJsonNumber("id").longValue() + " " + e.getString("action") + " " + e.getString("at"))
                .toList();
        assertThat(seen, is(List.of(sooner + " publish 2031-03-04T00:01:00.000Z", later + " publish 2031-03-04T02:00:00.000Z",
                                    later + " unpublish 2031-03-04T02:30:00.000Z")));
        JsonObject first = day.data().asJsonArray().getJsonObject(0);
        assertThat(first.getString("type"), is("article"));
        assertThat(first.getJsonObject("data").getString("title"), is("Sooner")); // titled like everywhere else

        Http.Response bad = cms.admin.get("/admin/v1/schedule?from=yesterday&to=" + base);
        assertThat(bad.status(), is(400));
        assertThat(bad.raw().body(), containsString("from"));
        Http.Response backwards = cms.admin.get("/admin/v1/schedule?from=" + base + "&to=" + base.minusSeconds(1));
        assertThat(backwards.status(), is(400));
        assertThat(backwards.raw().body(), containsString("must be after from"));
        assertThat(cms.admin.get("/admin/v1/schedule?from=" + base + "&to=" + base.plusSeconds(40L * 86400)).status(),
                   is(400));
    }

    @Test
    void deadJobsAreListedRetriedAndDiscardedByStaff() {
        cms.database.execute("INSERT INTO jobs (kind, status, attempts, max_attempts, last_error)"
                                     + " VALUES ('unknown.kind', 'dead', 8, 8, 'no handler for job kind')");
        Http.Response dead = cms.admin.get("/admin/v1/jobs?status=dead");
        assertThat(dead.status(), is(200));
        JsonObject job = dead.data().asJsonArray().getJsonObject(0);
        assertThat(job.getString("last_error"), containsString("no handler"));
        long id = job.getJsonNumber("id").longValue();
        assertThat(cms.admin.post("/admin/v1/jobs/" + id + "/retry", null).status(), is(200));
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/admin/v1/jobs/" + id).data().asJsonObject()
                .getString("status").equals("dead")), is(true)); // still no handler: fails its attempts again
        assertThat(cms.admin.delete("/admin/v1/jobs/" + id).data().asJsonObject().getString("status"), is("discarded"));
        assertThat(cms.admin.delete("/admin/v1/jobs/" + id).status(), is(409));
        assertThat(cms.admin.get("/admin/v1/jobs?status=nope").status(), is(400));
    }

    private long create(String data) {
        Http.Response r = cms.admin.post("/admin/v1/content/article", "{\"data\":" + data + "}");
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getJsonNumber("id").longValue();
    }
}
