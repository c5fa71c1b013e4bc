package org.bitwreckers.cms.server;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Document writes that PostgreSQL rolls back for a concurrent transaction (SQLSTATE class 40) are run again by the
 * server, up to three times in all, and stored once. The conflicts here are raised by a trigger with PostgreSQL's own
 * deadlock code, so that every attempt can be made to fail; {@link IndexingBesideADeleteTest} provokes a real one.
 * A sequence counts the attempts: its values are not rolled back with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConflictRetryTest {
    private TestPlatform cms;

    @BeforeAll
    void start() {
        cms = TestPlatform.start(Map.of());
        cms.database.execute("""
                CREATE FUNCTION provoke_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('conflict_attempts') <= TG_ARGV[0]::int THEN
                    RAISE EXCEPTION 'provoked conflict' USING ERRCODE = 'deadlock_detected';
                  END IF;
                  RETURN COALESCE(NEW, OLD);
                END $$""");
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    /** Each attempt of a write to a row that matches {@code when} conflicts, for the first {@code times} attempts. */
    private void conflicts(String event, String when, int times) {
        cms.database.execute("DROP TRIGGER IF EXISTS conflicting ON documents");
        cms.database.execute("DROP SEQUENCE IF EXISTS conflict_attempts");
        cms.database.execute("CREATE SEQUENCE conflict_attempts");
        cms.database.execute("CREATE TRIGGER conflicting BEFORE " + event + " ON documents FOR EACH ROW WHEN (" + when
                                     + ") EXECUTE FUNCTION provoke_conflict('" + times + "')");
    }

    private long attempts() {
        return cms.database.number("SELECT last_value FROM conflict_attempts");
    }

    @Test
    void aSubmissionRolledBackTwiceIsRunAgainAndStoredOnceWithItsMailsOnce() {
        String body = "{\"name\":\"Ada\",\"email\":\"ada@example.org\",\"message\":\"Hello\"}";
        long mailsBefore = cms.database.number("SELECT count(*) FROM mail_messages");
        assertThat(cms.delivery.post("/api/v1/messages", body).status(), is(201));
        long mailsOfOne = cms.database.number("SELECT count(*) FROM mail_messages") - mailsBefore;
        long stored = cms.database.number("SELECT count(*) FROM documents WHERE type = 'message'");

        conflicts("INSERT", "NEW.type = 'message'", 2);
        Http.Response sent = cms.delivery.post("/api/v1/messages", body.replace("Ada", "Grace"));

        assertThat(sent.raw().body(), sent.status(), is(201));
        assertThat(attempts(), is(3L));
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE type = 'message'"), is(stored + 1));
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE type = 'message'"
                                               + " AND data->>'name' = 'Grace'"), is(1L));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages") - mailsBefore, is(2 * mailsOfOne));
    }

    @Test
    void anEditorsSaveRolledBackOnceIsRunAgainAsOneVersion() {
        long id = article("Puffin burrows");
        conflicts("UPDATE", "OLD.id = " + id, 1);

        Http.Response saved = cms.admin.put("/admin/v1/content/article/" + id,
                                            "{\"data\":{\"title\":\"Puffin burrows, counted\",\"category\":\"news\"}}");

        assertThat(saved.raw().body(), saved.status(), is(200));
        assertThat(attempts(), is(2L));
        assertThat(cms.database.number("SELECT count(*) FROM document_versions WHERE document_id = " + id), is(2L));
        assertThat(cms.database.text("SELECT data->>'title' FROM documents WHERE id = " + id),
                   is("Puffin burrows, counted"));
    }

    @Test
    void aDeleteStillRolledBackAtItsThirdAttemptAnswers503AndDeletesNothing() {
        long id = article("Kittiwake ledge");
        conflicts("DELETE", "OLD.id = " + id, Integer.MAX_VALUE);

        Http.Response refused = cms.admin.delete("/admin/v1/content/article/" + id);

        assertThat(refused.raw().body(), refused.status(), is(503));
        assertThat(refused.header("Retry-After").orElseThrow(), is("1"));
        assertThat(refused.error().getString("code"), is("SERVICE_UNAVAILABLE"));
        assertThat(attempts(), is(3L));
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE id = " + id), is(1L));
        assertThat(cms.database.number("SELECT count(*) FROM document_versions WHERE document_id = " + id), is(1L));
    }

    private long article(String title) {
        return cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"" + title
                + "\",\"category\":\"news\"}}").data().asJsonObject().getJsonNumber("id").longValue();
    }
}
