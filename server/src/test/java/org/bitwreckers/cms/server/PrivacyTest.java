package org.bitwreckers.cms.server;

import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.auth.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Least privilege as a whole: personal data of people (accounts, the mail log, subscribers) reaches admins and
 * full-scope tokens only; editors and read-scope tokens read content, newsletter issues and an audit log that holds
 * no personal data of user events; erasing a user leaves no address in the mail or audit logs; answers with tokens
 * or personal data are never cached, and JSON is never sniffed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyTest {
    private static final String ADMIN = "boss@bitwreckers.test";
    private static final String ADMIN_PASSWORD = "admin passphrase 1";
    private static final String PASSWORD = "member passphrase";
    private static final List<String> PERSONAL = List.of("/admin/v1/users", "/admin/v1/mail",
                                                         "/admin/v1/newsletter/subscribers", "/admin/v1/users/1/notifications");
    private static final List<String> EDITORIAL = List.of("/admin/v1/content/article", "/admin/v1/types", "/admin/v1/audit",
                                                          "/admin/v1/media", "/admin/v1/workflows");
    private TestPlatform cms;

    @BeforeAll
    void start() {
        // no job workers: mail stays queued, so erasure meets mail that was not sent yet
        cms = TestPlatform.start(Map.of("ADMIN_EMAIL", ADMIN, "ADMIN_PASSWORD", ADMIN_PASSWORD, "JOB_WORKERS", "0",
                                        "SECRET_KEY", "p".repeat(40)));
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    private Http.Response login(String email, String password) {
        Http.Response r = cms.delivery.post("/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(r.raw().body(), r.status(), is(200));
        return r;
    }

    private Http as(String email, String password) {
        return cms.admin.withToken(login(email, password).data().asJsonObject().getString("access_token"));
    }

    /**
     * Registers and confirms the address. No job workers run here, so the test plays the job that mails the
     * confirmation link: it gives the registration a link token of its own and opens it.
     */
    private long register(String email) {
        Http.Response r = cms.delivery.post("/api/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"full_name\":\"Some One\"}");
        assertThat(r.raw().body(), r.status(), is(202));
        String token = "bwv_test_" + email.toLowerCase();
        cms.database.execute("UPDATE email_verifications SET token_hash = '" + Hashes.sha256(token) + "' WHERE user_id ="
                                     + " (SELECT id FROM users WHERE lower(email) = '" + email.toLowerCase() + "')");
        Http.Response confirmed = SignUp.confirm(cms.delivery, token);
        assertThat(confirmed.raw().body(), confirmed.status(), is(200));
        return confirmed.data().asJsonObject().getJsonObject("user").getJsonNumber("id").longValue();
    }

    private String token(String scope) {
        return cms.admin.post("/admin/v1/tokens", "{\"name\":\"" + scope + " integration\",\"scope\":\"" + scope + "\"}")
                .data().asJsonObject().getString("token");
    }

    @Test
    void editorsAndReadTokensReadContentButNoPersonalData() {
        register("editor@example.org");
        cms.database.execute("UPDATE users SET role = 'editor' WHERE email = 'editor@example.org'");
        Http editor = as("editor@example.org", PASSWORD);
        Http reader = cms.admin.withToken(token("read"));
        Http full = cms.admin.withToken(token("full"));
        Http admin = as(ADMIN, ADMIN_PASSWORD);
        for (String path : EDITORIAL) {
            assertThat("editor " + path, editor.get(path).status(), is(200));
            assertThat("read token " + path, reader.get(path).status(), is(200));
        }
        for (String path : PERSONAL) {
            assertThat("editor " + path, editor.get(path).status(), is(403));
            assertThat("read token " + path, reader.get(path).status(), is(403));
            assertThat("full token " + path, full.get(path).status(), is(200));
            assertThat("admin " + path, admin.get(path).status(), is(200));
        }
        for (String path : List.of("/admin/v1/tokens", "/admin/v1/jobs", "/admin/v1/webhooks", "/admin/v1/plugins")) {
            assertThat("read token " + path, reader.get(path).status(), is(403)); // operations need a full token
        }
        assertThat(reader.get("/admin/v1/mail").error().getString("message"), containsString("full-scope token"));
        assertThat(editor.get("/admin/v1/newsletter/issues/999").status(), is(404)); // issues are theirs to run
    }

    @Test
    void theAuditLogRecordsUserEventsWithoutPersonalData() {
        long id = register("promoted@example.org");
        Http admin = as(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.patch("/admin/v1/users/" + id, "{\"role\":\"mentor\"}").status(), is(200));
        register("audit-editor@example.org");
        cms.database.execute("UPDATE users SET role = 'editor' WHERE email = 'audit-editor@example.org'");
        for (Http reader : List.of(as("audit-editor@example.org", PASSWORD), cms.admin.withToken(token("read")), admin)) {
            Http.Response r = reader.get("/admin/v1/audit?entity_type=user&entity_id=" + id);
            assertThat(r.status(), is(200));
            JsonObject entry = r.data().asJsonArray().getJsonObject(0);
            assertThat(entry.getJsonObject("before").getString("role"), is("student"));
            assertThat(entry.getJsonObject("after").getString("role"), is("mentor"));
            assertThat(r.raw().body(), not(containsString("promoted@example.org")));
            assertThat(r.raw().body(), not(containsString("last_login_at")));
        }
    }

    @Test
    void erasingAUserLeavesNoAddressInTheMailOrAuditLogs() {
        String email = "Leaving.Person@example.org";
        long id = register(email);
        // a confirmation link is a secret, sealed until sent (a reset link is made later, by a job)
        cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"leaving.person@example.org\"}");
        cms.delivery.post("/api/v1/messages", "{\"name\":\"Leaving\",\"email\":\"leaving.person@example.org\","
                + "\"message\":\"hello\"}"); // the team's notification names the address
        long submission = cms.database.number("SELECT max(id) FROM documents WHERE type = 'message'");
        cms.admin.patch("/admin/v1/content/message/" + submission, "{\"data\":{\"message\":\"edited by staff\"}}");
        Http admin = as(ADMIN, ADMIN_PASSWORD);
        admin.patch("/admin/v1/users/" + id, "{\"role\":\"graduate\"}");
        String mentions = "SELECT count(*) FROM %s WHERE %s ILIKE '%%leaving.person@example.org%%'";
        assertThat(cms.database.number(mentions.formatted("mail_messages", "recipient || text_body")), is(4L));
        assertThat(cms.database.number(mentions.formatted("audit_log", "COALESCE(before::text, '') || after::text")),
                   is(1L));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE sealed IS NOT NULL"), is(1L));

        assertThat(admin.delete("/admin/v1/users/" + id).status(), is(200));
        assertThat(cms.database.number(mentions.formatted("mail_messages",
                                                          "recipient || subject || text_body || html_body || headers::text")),
                   is(0L));
        assertThat(cms.database.number(mentions.formatted("audit_log", "COALESCE(before::text, '') || COALESCE(after::text, '')")),
                   is(0L));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE sealed IS NOT NULL"), is(0L));
        // mail to them that had not gone out never will
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE recipient = 'deleted-" + id
                                               + "@deleted.invalid' AND status = 'erased'"), is(3L));
        long erased = cms.database.number("SELECT min(id) FROM mail_messages WHERE status = 'erased'");
        assertThat(admin.post("/admin/v1/mail/" + erased + "/resend", null).status(), is(409));
    }

    @Test
    void answersWithTokensOrPersonalDataAreNeverCachedAndJsonIsNeverSniffed() {
        register("headers@example.org");
        Http.Response signIn = login("headers@example.org", PASSWORD);
        Http.Response me = cms.delivery.withToken(signIn.data().asJsonObject().getString("access_token")).get("/api/v1/auth/me");
        Http.Response users = as(ADMIN, ADMIN_PASSWORD).get("/admin/v1/users");
        Http.Response tokens = cms.admin.post("/admin/v1/tokens", "{\"name\":\"x\",\"scope\":\"read\"}");
        for (Http.Response r : List.of(signIn, me, users, tokens, cms.admin.get("/admin/v1/mail"))) {
            assertThat(r.raw().uri().toString(), r.header("Cache-Control").orElse(""), is("no-store"));
            assertThat(r.header("X-Content-Type-Options").orElse(""), is("nosniff"));
        }
        Http.Response content = cms.delivery.get("/api/v1/content/article");
        assertThat(content.header("X-Content-Type-Options").orElse(""), is("nosniff"));
        assertThat(content.header("Cache-Control").orElse(""), containsString("public"));
        Http.Response missing = cms.delivery.get("/api/v1/nowhere");
        assertThat(missing.status(), is(404));
        assertThat(missing.header("X-Content-Type-Options").orElse(""), is("nosniff"));
        assertThat(me.data().asJsonObject().get("public_profile"), is(JsonValue.TRUE));
    }
}
