package org.bitwreckers.cms.server;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The admin app's browser session (/admin/v1/session): the refresh token travels only in an HttpOnly, SameSite=Strict
 * cookie scoped to the session resource, calls that change the session need the X-CSRF header and no foreign Origin,
 * refresh rotates the cookie, sign-out revokes the chain, and only staff roles may open a session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSessionTest {
    private static final String ADMIN = "chief@bitwreckers.test";
    private static final String PASSWORD = "admin passphrase 1";
    private static final String CSRF = "X-CSRF";

    private TestSmtp mail;
    private TestPlatform cms;
    private Http anonymous;

    @BeforeAll
    void start() throws IOException {
        mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("ADMIN_EMAIL", ADMIN, "ADMIN_PASSWORD", PASSWORD, "SECRET_KEY", "s".repeat(40)));
        cms = TestPlatform.start(env);
        anonymous = cms.admin.withToken(null);
    }

    @AfterAll
    void stop() {
        cms.close();
        mail.close();
    }

    private Http.Response signIn(String email, String password, String... headers) {
        return anonymous.send("POST", "/admin/v1/session", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                              "application/json", headers);
    }

    private static String setCookie(Http.Response r) {
        return r.header("Set-Cookie").orElseThrow(() -> new AssertionError("no Set-Cookie: " + r.raw().body()));
    }

    /** The cookie as a browser sends it back: name=value. */
    private static String cookie(Http.Response r) {
        return setCookie(r).substring(0, setCookie(r).indexOf(';'));
    }

    private String origin() {
        return "http://127.0.0.1:" + cms.platform.adminPort();
    }

    @Test
    void signInKeepsTheRefreshTokenInAStrictHttpOnlyCookie() {
        Http.Response r = signIn(ADMIN, PASSWORD, CSRF, "1", "Origin", origin());
        assertThat(r.raw().body(), r.status(), is(200));
        String cookie = setCookie(r);
        assertThat(cookie, startsWith("bw_admin_refresh=bwr_"));
        assertThat(cookie, containsString("; Path=/admin/v1/session;"));
        assertThat(cookie, containsString("; HttpOnly"));
        assertThat(cookie, containsString("; SameSite=Strict"));
        assertThat(cookie, not(containsString("Secure"))); // plain http: a Secure cookie would never come back
        JsonObject data = r.data().asJsonObject();
        assertThat(data.containsKey("refresh_token"), is(false)); // scripts never see it
        assertThat(data.getString("role"), is("admin"));
        assertThat(data.getJsonArray("permissions").getValuesAs(JsonString::getString), hasItem("users"));
        Http admin = anonymous.withToken(data.getString("access_token"));
        assertThat(admin.get("/admin/v1/types").status(), is(200));
        JsonObject me = admin.get("/admin/v1/session").data().asJsonObject();
        assertThat(me.getJsonObject("user").getString("email"), is(ADMIN));
        assertThat(me.getString("role"), is("admin"));
    }

    @Test
    void theCookieIsSecureBehindAnHttpsProxy() {
        Http.Response r = signIn(ADMIN, PASSWORD, CSRF, "1", "X-Forwarded-Proto", "https");
        assertThat(r.status(), is(200));
        assertThat(setCookie(r), containsString("; Secure"));
    }

    @Test
    void refreshWithTheCookieRotatesItAndAReusedCookieEndsTheSession() {
        Http.Response opened = signIn(ADMIN, PASSWORD, CSRF, "1");
        Http.Response refreshed = anonymous.send("POST", "/admin/v1/session/refresh", null, "application/json",
                                                 "Cookie", cookie(opened), CSRF, "1", "Origin", origin());
        assertThat(refreshed.raw().body(), refreshed.status(), is(200));
        assertThat(cookie(refreshed), not(is(cookie(opened))));
        String access = refreshed.data().asJsonObject().getString("access_token");
        assertThat(anonymous.withToken(access).get("/admin/v1/types").status(), is(200));

        Http.Response reused = anonymous.send("POST", "/admin/v1/session/refresh", null, "application/json",
                                              "Cookie", cookie(opened), CSRF, "1");
        assertThat(reused.status(), is(401));
        assertThat(setCookie(reused), containsString("Max-Age=0")); // the dead cookie is dropped
        Http.Response rotatedToo = anonymous.send("POST", "/admin/v1/session/refresh", null, "application/json",
                                                  "Cookie", cookie(refreshed), CSRF, "1");
        assertThat(rotatedToo.status(), is(401)); // reuse of a rotated token revokes the whole chain
    }

    @Test
    void sessionCallsWithoutTheCsrfHeaderOrFromAForeignOriginAreRefused() {
        Http.Response opened = signIn(ADMIN, PASSWORD, CSRF, "1");
        assertThat(signIn(ADMIN, PASSWORD).status(), is(403));
        assertThat(signIn(ADMIN, PASSWORD, CSRF, "1", "Origin", "https://evil.example").status(), is(403));
        Http.Response noHeader = anonymous.send("POST", "/admin/v1/session/refresh", null, "application/json",
                                                "Cookie", cookie(opened));
        assertThat(noHeader.status(), is(403));
        assertThat(noHeader.error().getString("message"), containsString("X-CSRF"));
        Http.Response foreign = anonymous.send("POST", "/admin/v1/session/refresh", null, "application/json",
                                               "Cookie", cookie(opened), CSRF, "1", "Origin", "https://evil.example");
        assertThat(foreign.status(), is(403));
        String access = opened.data().asJsonObject().getString("access_token");
        assertThat(anonymous.withToken(access).send("DELETE", "/admin/v1/session", null, "application/json",
                                                    "Cookie", cookie(opened)).status(), is(403));
        // none of the refusals used the cookie: it still works
        assertThat(anonymous.send("POST", "/admin/v1/session/refresh", null, "application/json",
                                  "Cookie", cookie(opened), CSRF, "1").status(), is(200));
    }

    @Test
    void signOutRevokesTheAccessTokenAndTheRefreshCookie() {
        Http.Response opened = signIn(ADMIN, PASSWORD, CSRF, "1");
        Http admin = anonymous.withToken(opened.data().asJsonObject().getString("access_token"));
        Http.Response out = admin.send("DELETE", "/admin/v1/session", null, "application/json",
                                       "Cookie", cookie(opened), CSRF, "1", "Origin", origin());
        assertThat(out.raw().body(), out.status(), is(200));
        assertThat(setCookie(out), containsString("bw_admin_refresh=;"));
        assertThat(setCookie(out), containsString("Max-Age=0"));
        assertThat(admin.get("/admin/v1/types").status(), is(401));
        assertThat(anonymous.send("POST", "/admin/v1/session/refresh", null, "application/json",
                                  "Cookie", cookie(opened), CSRF, "1").status(), is(401));
    }

    @Test
    void anEditorSeesItsPermissionsAndAStudentMayNotOpenASession() {
        SignUp.member(cms.delivery, mail, "editor@example.org", "editor passphrase", "Eddie Editor");
        cms.database.execute("UPDATE users SET role = 'editor' WHERE email = 'editor@example.org'");
        Http.Response editor = signIn("editor@example.org", "editor passphrase", CSRF, "1");
        assertThat(editor.status(), is(200));
        List<String> permissions = editor.data().asJsonObject().getJsonArray("permissions")
                .getValuesAs(JsonString::getString);
        assertThat(permissions, hasItem("content"));
        assertThat(permissions, not(hasItem("users")));

        long student = SignUp.member(cms.delivery, mail, "learner@example.org", "student passphrase", "Lee Learner")
                .getJsonObject("user").getJsonNumber("id").longValue();
        long before = cms.database.number("SELECT count(*) FROM refresh_tokens WHERE user_id = " + student
                                                  + " AND revoked_at IS NULL");
        Http.Response refused = signIn("learner@example.org", "student passphrase", CSRF, "1");
        assertThat(refused.status(), is(403));
        assertThat(refused.error().getString("message"), containsString("for staff"));
        assertThat(refused.header("Set-Cookie").orElse(""), not(containsString("bwr_")));
        assertThat(cms.database.number("SELECT count(*) FROM refresh_tokens WHERE user_id = " + student
                                               + " AND revoked_at IS NULL"), is(before)); // its session was ended at once
        String studentToken = cms.delivery.post("/api/v1/auth/login", "{\"email\":\"learner@example.org\","
                + "\"password\":\"student passphrase\"}").data().asJsonObject().getString("access_token");
        assertThat(anonymous.withToken(studentToken).get("/admin/v1/session").status(), is(403));
        assertThat(signIn(ADMIN, "wrong password", CSRF, "1").status(), is(401));
    }
}
