package org.bitwreckers.cms.server;

import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Every successful admin write is in the audit log with who, what, when and, for documents, before and after;
 * reads and refused writes are not.
 */
class AuditTest {
    @Test
    void adminWritesAreAuditedWithBeforeAndAfter() {
        try (TestPlatform cms = TestPlatform.start(Map.of())) {
            long id = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Before\",\"category\":\"news\"}}")
                    .data().asJsonObject().getJsonNumber("id").longValue();
            cms.admin.patch("/admin/v1/content/article/" + id, "{\"data\":{\"title\":\"After\"}}");
            assertThat(cms.admin.patch("/admin/v1/content/article/" + id, "{\"data\":{\"rating\":99}}").status(), is(422));
            cms.admin.get("/admin/v1/content/article/" + id);
            cms.admin.post("/admin/v1/content/article/" + id + "/publish", null);

            JsonArray entries = cms.admin.get("/admin/v1/audit?entity_type=article&entity_id=" + id).data().asJsonArray();
            assertThat(entries.size(), is(2)); // the patch and the publish; not the refused patch, not the read
            JsonObject publish = entries.getJsonObject(0);
            JsonObject patch = entries.getJsonObject(1);
            assertThat(patch.getString("actor"), is("bootstrap-token"));
            assertThat(patch.getString("method"), is("PATCH"));
            assertThat(patch.getJsonObject("before").getJsonObject("data").getString("title"), is("Before"));
            assertThat(patch.getJsonObject("after").getJsonObject("data").getString("title"), is("After"));
            assertThat(publish.getJsonObject("before").getString("status"), is("draft"));
            assertThat(publish.getJsonObject("after").getString("status"), is("published"));
            assertThat(cms.database.number("SELECT count(*) FROM audit_log WHERE path = '/admin/v1/content/article'"
                                                   + " AND method = 'POST'"), is(1L));

            cms.admin.delete("/admin/v1/content/article/" + id);
            JsonObject deleted = cms.admin.get("/admin/v1/audit?entity_type=article&entity_id=" + id).data().asJsonArray()
                    .getJsonObject(0);
            assertThat(deleted.getString("method"), is("DELETE"));
            assertThat(deleted.isNull("after"), is(true));
            assertThat(deleted.getJsonObject("before").getJsonObject("data").getString("title"), is("After"));
            assertThat(cms.admin.get("/admin/v1/audit?entity_id=abc").status(), is(400));
        }
    }
}
