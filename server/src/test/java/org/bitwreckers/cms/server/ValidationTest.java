package org.bitwreckers.cms.server;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A refused write names every problem at once (unknown and forbidden fields, each field's rules, references that
 * need the database, the password policy, upload parts), through the admin API and the public forms; URL values
 * are absolute http(s) URLs only; rich text is stored sanitised.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationTest {
    private static final List<String> BAD_URLS = List.of(
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
            "//evil.example/x", "/relative/path", "http:/missing-slash", "http://exa mple.com", "https://example.com/\n",
            "https://example.com/\u0000x", "http://user:secret@example.com", "ftp://example.org/f", "\u202ehttps://x.org",
            " https://example.com", "https://example.com/\u200b", "vbscript:msgbox(1)", "http://", "https:example.com");
    private static final List<String> GOOD_URLS = List.of("https://example.com/a?b=c#d", "http://localhost:3000/x",
                                                          "HTTPS://EXAMPLE.COM/caps");

    private TestSmtp mail;
    private TestPlatform cms;

    @BeforeAll
    void start() throws IOException {
        mail = new TestSmtp();
        cms = TestPlatform.start(mail.env());
    }

    @AfterAll
    void stop() {
        cms.close();
        mail.close();
    }

    private long documents() {
        return cms.database.number("SELECT count(*) FROM documents");
    }

    private static JsonObject details(Http.Response r) {
        assertThat(r.raw().body(), r.status(), is(422));
        assertThat(r.error().getString("code"), is("VALIDATION_ERROR"));
        return r.error().getJsonObject("details");
    }

    private static void assertNames(Http.Response r, String... fields) {
        JsonObject details = details(r);
        for (String field : fields) {
            assertThat(field + " missing from " + details, details.containsKey(field), is(true));
        }
    }

    @Test
    void anAdminWriteNamesEveryProblemAtOnce() {
        long before = documents();
        Http.Response r = cms.admin.post("/admin/v1/content/article", "{\"status\":\"published\",\"slug\":\"Not A Slug\","
                + "\"data\":{\"nope\":1,\"summary\":\"a\\u0000b\",\"rating\":9,\"website\":\"javascript:alert(1)\","
                + "\"cover\":\"/media/" + "0".repeat(64) + ".jpg\",\"author\":999999,\"related\":[999998],"
                + "\"contact\":\"not-an-address\",\"code\":\"lower\"}}");
        assertNames(r, "status", "slug", "nope", "summary", "rating", "website", "cover", "author", "related", "contact",
                    "code", "title", "category");
        assertThat(documents(), is(before));
    }

    @Test
    void aChangeNamesEveryProblemAtOnceWithTheReferenceChecks() {
        Http.Response created = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Keep\",\"category\":\"news\"}}");
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        Http.Response r = cms.admin.patch("/admin/v1/content/article/" + id, "{\"extra_key\":1,\"data\":{\"rating\":0,"
                + "\"cover\":\"https://cdn.example/not-ours.jpg\",\"author\":424242,\"website\":\"file:///etc/passwd\"}}");
        assertNames(r, "extra_key", "rating", "cover", "author", "website");
        Http.Response replaced = cms.admin.put("/admin/v1/content/article/" + id, "{\"data\":{\"title\":\"Keep\","
                + "\"category\":\"news\",\"related\":[31337],\"website\":\"//evil.example\",\"unknown\":true}}");
        assertNames(replaced, "related", "website", "unknown");
        assertThat(cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject().getInt("version"), is(1));
    }

    @Test
    void aPublicFormNamesEveryProblemAtOnce() {
        long before = documents();
        Http.Response r = cms.delivery.post("/api/v1/messages", "{\"handled\":true,\"nope\":\"x\",\"email\":\"bad\","
                + "\"website\":\"data:text/html,<script>alert(1)</script>\"}");
        JsonObject details = details(r);
        for (String field : List.of("handled", "nope", "email", "website", "name", "message")) {
            assertThat(field + " missing from " + details, details.containsKey(field), is(true));
        }
        assertThat(details.getString("handled"), containsString("staff"));
        assertThat(documents(), is(before));
    }

    @Test
    void urlFieldsAcceptOnlyAbsoluteHttpUrls() {
        long before = documents();
        for (String url : BAD_URLS) {
            String value = Json.createValue(url).toString();
            assertThat(url, details(cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"u\",\"category\":"
                    + "\"news\",\"website\":" + value + "}}")).containsKey("website"), is(true));
            assertThat(url, details(cms.delivery.post("/api/v1/messages", "{\"name\":\"n\",\"email\":\"a@example.org\","
                    + "\"message\":\"m\",\"website\":" + value + "}")).containsKey("website"), is(true));
        }
        assertThat(documents(), is(before));
        for (String url : GOOD_URLS) {
            assertThat(url, cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"u\",\"category\":\"news\","
                    + "\"website\":\"" + url + "\"}}").status(), is(201));
            assertThat(url, cms.delivery.post("/api/v1/messages", "{\"name\":\"n\",\"email\":\"a@example.org\","
                    + "\"message\":\"m\",\"website\":\"" + url + "\"}").status(), is(201));
        }
    }

    @Test
    void richTextIsStoredSanitised() {
        String hostile = "<p onclick=\"steal()\">Hi <a href=\"javascript:alert(1)\">bad</a> <a href=\"https://ok.example/\">ok"
                + "</a> <a href=\"mailto:team@example.org\">mail</a><script>alert(1)</script><iframe src=\"https://x.example\">"
                + "</iframe><span style=\"background:url(javascript:x)\">styled</span><img src=\"https://img.example/a.png\""
                + " onerror=\"alert(1)\"><svg onload=\"alert(1)\"></svg><form action=\"https://x\"><input></form></p>";
        Http.Response created = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Rich\",\"category\":\"news\","
                + "\"body\":" + Json.createValue(hostile) + "}}");
        assertThat(created.raw().body(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        String stored = cms.database.text("SELECT data->>'body' FROM documents WHERE id = " + id);
        Http.Response submitted = cms.delivery.post("/api/v1/messages", "{\"name\":\"n\",\"email\":\"a@example.org\","
                + "\"message\":\"m\",\"details\":" + Json.createValue(hostile) + "}");
        assertThat(submitted.status(), is(201));
        String fromForm = cms.database.text("SELECT data->>'details' FROM documents WHERE id = "
                                                    + submitted.data().asJsonObject().getJsonNumber("id"));
        for (String html : List.of(stored, fromForm)) {
            for (String gone : List.of("onclick", "javascript:", "<script", "<iframe", "style=", "onerror", "<svg", "onload",
                                       "<form", "<input")) {
                assertThat(html, html.toLowerCase(Locale.ROOT), not(containsString(gone)));
            }
            for (String kept : List.of("<p>Hi ", "href=\"https://ok.example/\"", "href=\"mailto:team@example.org\"",
                                       "src=\"https://img.example/a.png\"", "styled")) {
                assertThat(html, html, containsString(kept));
            }
        }
    }

    @Test
    void registrationNamesEveryProblemIncludingThePasswordPolicy() {
        Http.Response r = cms.delivery.post("/api/v1/auth/register", "{\"email\":\"not-an-address\",\"password\":\"short\","
                + "\"role\":\"admin\",\"university\":42}");
        assertNames(r, "email", "password", "role", "full_name", "university");
        assertThat(cms.database.number("SELECT count(*) FROM users WHERE email = 'not-an-address'"), is(0L));
    }

    @Test
    void profileUrlsAcceptOnlyAbsoluteHttpUrls() {
        Http user = cms.delivery.withToken(SignUp.member(cms.delivery, mail, "urls@example.org", "a long enough password",
                                                         "Url Tester").getString("access_token"));
        for (String url : BAD_URLS) {
            Http.Response r = user.put("/api/v1/auth/profile", "{\"avatar_url\":" + Json.createValue(url) + ",\"email\":\"x\","
                    + "\"skills\":\"many\"}");
            assertNames(r, "avatar_url", "email", "skills");
        }
        assertThat(cms.database.text("SELECT coalesce(avatar_url, '-') FROM users WHERE email = 'urls@example.org'"), is("-"));
        Http.Response ok = user.put("/api/v1/auth/profile", "{\"avatar_url\":\"https://images.example/me.png\"}");
        assertThat(ok.raw().body(), ok.status(), is(200));
        assertThat(ok.data().asJsonObject().getString("avatar_url"), is("https://images.example/me.png"));
    }

    @Test
    void anUploadNamesEveryBadPartAtOnce() {
        String boundary = "----bw-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bogus\"\r\n\r\nx\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n" + "a".repeat(5000) + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\ny\r\n"
                + "--" + boundary + "--\r\n";
        Http.Response r = cms.admin.send("POST", "/admin/v1/media", body, "multipart/form-data; boundary=" + boundary);
        assertNames(r, "bogus", "alt", "other", "file");
    }
}
