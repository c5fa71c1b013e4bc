package org.bitwreckers.cms.server;

import java.util.Map;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The application-workflow plugin from its jar: every illegal transition is a 409, roles are enforced per step,
 * transitions are recorded with who, when and a note, and applicants get decision mails and notifications.
 */
class ApplicationWorkflowPluginTest {
    private static PluginPlatform cms;

    @BeforeAll
    static void start() throws Exception {
        cms = PluginPlatform.start(Map.of(), "application-workflow");
    }

    @AfterAll
    static void stop() throws Exception {
        cms.close();
    }

    private static long studentApplication(String email) {
        Http.Response r = cms.cms.delivery.post("/api/v1/students/apply", "{\"full_name\":\"Ada L\",\"email\":\"" + email
                + "\",\"university\":\"TU\",\"preferred_field\":\"ai\",\"message\":\"Let me in\"}");
        assertThat(r.json().toString(), r.status(), is(201));
        return ((JsonObject) r.data()).getJsonNumber("id").longValue();
    }

    private static Http.Response move(Http as, String type, long id, String body) {
        return as.post("/admin/v1/workflows/" + type + "/" + id + "/transitions", body);
    }

    @Test
    void studentApplicationsAreDecidedOnceWithHistoryMailAndNotification() {
        long applicant = cms.user("ada.applicant@example.org", "student");
        long id = studentApplication("ada.applicant@example.org");
        long editorId = cms.user("ed.workflow@example.org", "editor");
        Http editor = cms.adminAs(editorId, "editor");

        Http.Response state = editor.get("/admin/v1/workflows/student_application/" + id);
        assertThat(((JsonObject) state.data()).getString("state"), is("pending"));
        assertThat(((JsonObject) state.data()).getJsonArray("next").size(), is(2));

        Http.Response approved = move(editor, "student_application", id, "{\"to\":\"approved\",\"note\":\"Welcome aboard\"}");
        assertThat(approved.json().toString(), approved.status(), is(200));
        JsonObject after = (JsonObject) approved.data();
        assertThat(after.getString("state"), is("approved"));
        JsonObject step = after.getJsonArray("history").getJsonObject(0);
        assertThat(step.getString("from"), is("pending"));
        assertThat(step.getString("actor"), is("user:" + editorId));
        assertThat(step.getString("note"), is("Welcome aboard"));
        assertThat(step.getString("at").isEmpty(), is(false));
        assertThat(cms.cms.database.number("SELECT count(*) FROM mail_messages WHERE template = 'application-decision'"
                                                   + " AND recipient = 'ada.applicant@example.org'"
                                                   + " AND text_body LIKE '%approved%Welcome aboard%'"), is(1L));
        assertThat(cms.cms.database.number("SELECT count(*) FROM notifications WHERE kind = 'application.status'"
                                                   + " AND user_id = " + applicant), is(1L));

        for (String to : new String[] {"rejected", "pending", "approved", "no-such-state"}) {
            Http.Response illegal = move(editor, "student_application", id, "{\"to\":\"" + to + "\"}");
            assertThat(to, illegal.status(), is(409));
            assertThat(illegal.error().getString("code"), is("CONFLICT"));
        }
        assertThat(move(editor, "student_application", id, "{\"to\":\"rejected\"}").error().getString("message"),
                   containsString("approved is final"));
        // the document itself records the state, and the state field cannot be edited around the workflow
        assertThat(cms.cms.admin.patch("/admin/v1/content/student_application/" + id, "{\"data\":{\"status\":\"pending\"}}")
                           .status(), is(409));
        assertThat(cms.cms.admin.patch("/admin/v1/content/student_application/" + id, "{\"data\":{\"university\":\"MIT\"}}")
                           .status(), is(200));
    }

    @Test
    void rolesAndBodiesAreCheckedPerStep() {
        long id = studentApplication("grace@example.org");
        Http student = cms.adminAs(cms.user("stu.wf@example.org", "student"), "student");
        Http expert = cms.adminAs(cms.user("exp.wf@example.org", "expert"), "expert");
        assertThat(move(student, "student_application", id, "{\"to\":\"approved\"}").status(), is(403));
        assertThat(move(expert, "student_application", id, "{\"to\":\"approved\"}").status(), is(403));
        assertThat(move(cms.cms.admin, "student_application", id, "{\"note\":5}").status(), is(422));
        assertThat(move(cms.cms.admin, "student_application", id, "{\"to\":\"approved\",\"data\":{\"email\":\"x@y.z\"}}")
                           .status(), is(422));
        assertThat(move(cms.cms.admin, "student_application", 999_999, "{\"to\":\"approved\"}").status(), is(404));
        assertThat(move(cms.cms.admin, "project", 1, "{\"to\":\"live\"}").status(), is(404)); // no workflow
        assertThat(move(cms.cms.admin, "student_application", id, "{\"to\":\"rejected\"}").status(), is(200));
        assertThat(cms.cms.database.number("SELECT count(*) FROM workflow_transitions WHERE document_id = " + id), is(1L));
        // reviewers of accelerator applications take no part in other workflows, not even to read them
        assertThat(expert.get("/admin/v1/workflows/student_application/" + id).status(), is(403));
        // a document created by an editor starts in the initial state: no skipping the workflow
        Http.Response skipped = cms.cms.admin.post("/admin/v1/content/accelerator_application", "{\"data\":{\"team_name\":"
                + "\"T\",\"project_title\":\"P\",\"project_description\":\"d\",\"team_members\":[],\"contact_email\":"
                + "\"t@example.org\",\"status\":\"approved\",\"funding_amount\":100}}");
        assertThat(skipped.status(), is(409));
        assertThat(skipped.error().getString("message"), containsString("starts as submitted"));
    }

    @Test
    void contactSubmissionsMoveThroughProgress() {
        Http.Response sent = cms.cms.delivery.post("/api/v1/contact/submit", "{\"contact_type\":\"student\",\"name\":\"Lin\","
                + "\"email\":\"lin@example.org\",\"university\":\"TU\",\"reason\":\"hi\",\"message\":\"Hello\"}");
        long id = ((JsonObject) sent.data()).getJsonNumber("id").longValue();
        assertThat(cms.cms.database.number("SELECT count(*) FROM mail_messages WHERE template = 'contact-notification'"),
                   is(1L));
        assertThat(move(cms.cms.admin, "contact_submission", id, "{\"to\":\"in_progress\"}").status(), is(200));
        assertThat(move(cms.cms.admin, "contact_submission", id, "{\"to\":\"new\"}").status(), is(409));
        assertThat(move(cms.cms.admin, "contact_submission", id, "{\"to\":\"completed\"}").status(), is(200));
        assertThat(move(cms.cms.admin, "contact_submission", id, "{\"to\":\"in_progress\"}").status(), is(409));
    }

    @Test
    void acceleratorDecisionsNeedReviewAndFunding() {
        Http.Response applied = cms.cms.delivery.post("/api/v1/innovation/accelerator/apply", "{\"team_name\":\"Rocket\","
                + "\"project_title\":\"Lift\",\"project_description\":\"Up\",\"team_members\":[\"Kim\"],"
                + "\"contact_email\":\"rocket@example.org\"}");
        long id = ((JsonObject) applied.data()).getJsonNumber("id").longValue();
        Http mentor = cms.adminAs(cms.user("mentor.wf@example.org", "mentor"), "mentor");
        assertThat(move(cms.cms.admin, "accelerator_application", id, "{\"to\":\"approved\"}").status(), is(409));
        assertThat(move(mentor, "accelerator_application", id, "{\"to\":\"reviewing\"}").status(), is(200));
        assertThat(move(mentor, "accelerator_application", id, "{\"to\":\"approved\",\"data\":{\"funding_amount\":5}}")
                           .status(), is(403));
        Http.Response noFunding = move(cms.cms.admin, "accelerator_application", id, "{\"to\":\"approved\"}");
        assertThat(noFunding.status(), is(422));
        assertThat(noFunding.error().getJsonObject("details").containsKey("data.funding_amount"), is(true));
        Http.Response approved = move(cms.cms.admin, "accelerator_application", id,
                                      "{\"to\":\"approved\",\"note\":\"Go\",\"data\":{\"funding_amount\":25000}}");
        assertThat(approved.json().toString(), approved.status(), is(200));
        JsonObject doc = (JsonObject) cms.cms.admin.get("/admin/v1/content/accelerator_application/" + id).data();
        assertThat(doc.getJsonObject("data").getInt("funding_amount"), is(25000));
        assertThat(doc.getJsonObject("data").getString("status"), is("approved"));
        assertThat(cms.cms.database.number("SELECT count(*) FROM mail_messages WHERE template = 'accelerator-approved'"
                                                   + " AND recipient = 'rocket@example.org' AND text_body LIKE '%25000%'"),
                   is(1L));
    }
}
