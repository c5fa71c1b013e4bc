package org.bitwreckers.cms.server;

import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The accelerator-scoring plugin (with application-workflow for decisions), from their jars: reviewers score once
 * each and never their own team, averages and the weighted total land on the application, the ranking orders by
 * it, decisions need scores, and applications after the deadline are refused.
 */
class AcceleratorScoringPluginTest {
    private static PluginPlatform cms;

    @BeforeAll
    static void start() throws Exception {
        cms = PluginPlatform.start(Map.of("SEED_DEMO_CONTENT", "true"), "application-workflow", "accelerator-scoring");
    }

    @AfterAll
    static void stop() throws Exception {
        cms.close();
    }

    private static long apply(String team, String members) {
        Http.Response r = cms.cms.delivery.post("/api/v1/innovation/accelerator/apply", "{\"team_name\":\"" + team
                + "\",\"project_title\":\"P " + team + "\",\"project_description\":\"d\",\"team_members\":" + members
                + ",\"contact_email\":\"" + team.toLowerCase() + "@example.org\"}");
        assertThat(r.json().toString(), r.status(), is(201));
        return ((JsonObject) r.data()).getJsonNumber("id").longValue();
    }

    private static Http.Response score(Http as, long id, int innovation, int feasibility, int impact, int team) {
        return as.post("/admin/v1/accelerator/applications/" + id + "/scores", "{\"innovation\":" + innovation
                + ",\"feasibility\":" + feasibility + ",\"impact\":" + impact + ",\"team\":" + team + "}");
    }

    @Test
    void reviewersScoreOnceAndTheWeightedTotalRanks() {
        Http expert = cms.adminAs(cms.user("expert.one@example.org", "expert"), "expert");
        Http mentor = cms.adminAs(cms.user("mentor.one@example.org", "mentor"), "mentor");
        Http insider = cms.adminAs(cms.user("insider@example.org", "expert"), "expert");
        long first = apply("Alpha", "[{\"name\":\"Ann\",\"email\":\"INSIDER@example.org\"}]");
        long second = apply("Beta", "[\"Bo\"]");

        Http.Response scored = score(expert, first, 10, 8, 6, 4);
        assertThat(scored.json().toString(), scored.status(), is(201));
        assertThat(score(mentor, first, 8, 6, 4, 2).status(), is(201));
        Http.Response twice = score(expert, first, 1, 1, 1, 1);
        assertThat(twice.status(), is(409));
        assertThat(twice.error().getString("message"), containsString("already scored"));
        Http.Response own = score(insider, first, 10, 10, 10, 10);
        assertThat(own.status(), is(403));
        assertThat(own.error().getString("message"), containsString("own team"));
        assertThat(score(cms.adminAs(cms.user("stud.sc@example.org", "student"), "student"), first, 1, 1, 1, 1).status(),
                   is(403));
        assertThat(score(cms.cms.admin, first, 1, 1, 1, 1).status(), is(401)); // an API token is nobody to score as
        Http.Response invalid = expert.post("/admin/v1/accelerator/applications/" + second + "/scores",
                                            "{\"innovation\":11,\"feasibility\":-1,\"impact\":\"x\",\"extra\":1}");
        assertThat(invalid.status(), is(422));
        assertThat(invalid.error().getJsonObject("details").keySet().size(), is(5)); // 4 bad or missing + extra

        // averages 9, 7, 5, 3 on a scale of 10, weights .3 .25 .3 .15: 100 * (2.7+1.75+1.5+.45)/10 = 64
        JsonObject data = (JsonObject) cms.cms.admin.get("/admin/v1/content/accelerator_application/" + first).data();
        JsonObject fields = data.getJsonObject("data");
        assertThat(fields.getInt("innovation_score"), is(9));
        assertThat(fields.getInt("team_score"), is(3));
        assertThat(fields.getInt("total_score"), is(64));

        assertThat(score(expert, second, 10, 10, 10, 10).status(), is(201));
        JsonArray ranking = (JsonArray) mentor.get("/admin/v1/accelerator/ranking").data();
        int top = position(ranking, second);
        int lower = position(ranking, first);
        assertThat(ranking.toString(), top < lower, is(true)); // other tests' applications may rank in between
        assertThat(ranking.getJsonObject(top).getInt("total_score"), is(100));
        assertThat(ranking.getJsonObject(top).getInt("rank"), is(top + 1));
        assertThat(ranking.getJsonObject(lower).getInt("reviews"), is(2));
        for (int i = 1; i < ranking.size(); i++) { // ordered by total, unscored last
            int previous = ranking.getJsonObject(i - 1).isNull("total_score") ? -1 : ranking.getJsonObject(i - 1).getInt("total_score");
            int current = ranking.getJsonObject(i).isNull("total_score") ? -1 : ranking.getJsonObject(i).getInt("total_score");
            assertThat(ranking.toString(), previous >= current, is(true));
        }
        assertThat(((JsonArray) expert.get("/admin/v1/accelerator/applications/" + first + "/scores").data()).size(), is(2));

        // editors cannot write scores by hand
        cms.cms.admin.patch("/admin/v1/content/accelerator_application/" + first, "{\"data\":{\"total_score\":99}}");
        assertThat(((JsonObject) cms.cms.admin.get("/admin/v1/content/accelerator_application/" + first).data())
                           .getJsonObject("data").getInt("total_score"), is(64));
    }

    private static int position(JsonArray ranking, long id) {
        for (int i = 0; i < ranking.size(); i++) {
            if (ranking.getJsonObject(i).getJsonNumber("id").longValue() == id) {
                return i;
            }
        }
        throw new AssertionError(id + " not ranked: " + ranking);
    }

    @Test
    void decisionsNeedScoresThenSetStatusAndFunding() {
        long id = apply("Gamma", "[\"Gil\"]");
        Http expert = cms.adminAs(cms.user("expert.dec@example.org", "expert"), "expert");
        assertThat(expert.post("/admin/v1/workflows/accelerator_application/" + id + "/transitions",
                               "{\"to\":\"reviewing\"}").status(), is(200));
        String approve = "{\"to\":\"approved\",\"data\":{\"funding_amount\":10000}}";
        Http.Response early = cms.cms.admin.post("/admin/v1/workflows/accelerator_application/" + id + "/transitions", approve);
        assertThat(early.status(), is(409));
        assertThat(early.error().getString("message"), containsString("Score this application"));
        assertThat(score(expert, id, 7, 7, 7, 7).status(), is(201));
        assertThat(cms.cms.admin.post("/admin/v1/workflows/accelerator_application/" + id + "/transitions", approve).status(),
                   is(200));
        assertThat(score(cms.adminAs(cms.user("late.rev@example.org", "mentor"), "mentor"), id, 1, 1, 1, 1).status(), is(409));
        assertThat(cms.cms.database.number("SELECT count(*) FROM mail_messages WHERE template = 'accelerator-approved'"
                                                   + " AND recipient = 'gamma@example.org'"), is(1L));
    }

    @Test
    void applicationsAfterTheDeadlineAreRefused() {
        JsonArray deadlines = (JsonArray) cms.cms.admin.get("/admin/v1/content/accelerator_deadline?filter[kind]=closes").data();
        for (int i = 0; i < deadlines.size(); i++) {
            long id = deadlines.getJsonObject(i).getJsonNumber("id").longValue();
            cms.cms.admin.post("/admin/v1/content/accelerator_deadline/" + id + "/unpublish", null);
        }
        long past = cms.published("accelerator_deadline", "{\"title\":\"Closed\",\"cohort\":\"Autumn 2025\",\"kind\":\"closes\","
                + "\"date\":\"2025-09-30T23:59:00Z\"}");
        Http.Response late = cms.cms.delivery.post("/api/v1/innovation/accelerator/apply", "{\"team_name\":\"Late\","
                + "\"project_title\":\"L\",\"project_description\":\"d\",\"team_members\":[],\"contact_email\":\"l@example.org\"}");
        assertThat(late.status(), is(409));
        assertThat(late.error().getString("message"), containsString("Applications are closed"));
        assertThat(cms.cms.database.number("SELECT count(*) FROM documents WHERE data->>'team_name' = 'Late'"), is(0L));
        cms.cms.admin.post("/admin/v1/content/accelerator_deadline/" + past + "/unpublish", null);
        for (int i = 0; i < deadlines.size(); i++) {
            long id = deadlines.getJsonObject(i).getJsonNumber("id").longValue();
            cms.cms.admin.post("/admin/v1/content/accelerator_deadline/" + id + "/publish", null);
        }
        assertThat(apply("OnTime", "[]") > 0, is(true));
    }
}
