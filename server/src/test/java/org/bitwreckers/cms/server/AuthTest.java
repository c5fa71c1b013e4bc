package org.bitwreckers.cms.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

import org.bitwreckers.cms.core.identity.AccessTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Accounts end to end with real PostgreSQL and a real SMTP server: register, welcome mail, login, refresh rotation
 * with reuse detection, logout, forgotten password and reset; and every kind of bad token refused.
 */
class AuthTest {
    private static final String SECRET = "s".repeat(48);
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Pattern RESET = Pattern.compile("reset-password\\?token=([A-Za-z0-9_-]+)");

    private TestSmtp mailServer;
    private GreenMail smtp;
    private TestPlatform cms;

    @BeforeEach
    void start() throws IOException {
        mailServer = new TestSmtp();
        smtp = mailServer.server;
        Map<String, String> env = new HashMap<>(mailServer.env());
        env.put("SECRET_KEY", SECRET);
        env.put("FRONTEND_URL", "https://bitwreckers.test");
        cms = TestPlatform.start(env);
    }

    @AfterEach
    void stop() {
        cms.close();
        mailServer.close();
    }

    private JsonObject register(String email, String password) {
        return SignUp.member(cms.delivery, mailServer, "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"full_name\":\"Ana Kovač\",\"university\":\"Tech University\"}");
    }

    private Http as(String accessToken) {
        return cms.delivery.withToken(accessToken);
    }

    @Test
    void registerLoginRefreshLogoutResetFlow() throws Exception {
        Http.Response admin = cms.delivery.post("/api/v1/auth/register", "{\"email\":\"x@example.org\",\"password\":"
                + "\"long-enough-pw\",\"full_name\":\"X\",\"role\":\"admin\"}");
        assertThat(admin.status(), is(422));
        assertThat(admin.error().getJsonObject("details"), hasKey("role"));

        JsonObject session = register("ana@example.org", "correct horse battery");
        assertThat(session.getJsonObject("user").getString("role"), is("student"));
        assertThat(session.getString("token_type"), is("bearer"));
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true)); // the confirmation link, then the welcome
        assertThat(smtp.getReceivedMessages()[1].getSubject(), containsString("Welcome to Bitwreckers"));
        // a taken address gets the answer a new one gets (RegistrationTest); its owner is told
        assertThat(cms.delivery.post("/api/v1/auth/register", "{\"email\":\"ANA@example.org\",\"password\":\"another long pw\","
                + "\"full_name\":\"Dup\"}").status(), is(202));
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 3), is(true));
        assertThat(smtp.getReceivedMessages()[2].getSubject(), containsString("tried to sign up"));
        assertThat(cms.database.number("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"), is(1L));

        JsonObject me = as(session.getString("access_token")).get("/api/v1/auth/me").data().asJsonObject();
        assertThat(me.getString("email"), is("ana@example.org"));

        Http.Response wrong = cms.delivery.post("/api/v1/auth/login", "{\"email\":\"ana@example.org\",\"password\":\"nope nope nope\"}");
        Http.Response unknown = cms.delivery.post("/api/v1/auth/login", "{\"email\":\"nobody@example.org\",\"password\":\"nope nope\"}");
        assertThat(wrong.status(), is(401));
        assertThat(unknown.error().getString("message"), is(wrong.error().getString("message")));
        JsonObject login = cms.delivery.post("/api/v1/auth/login", "{\"email\":\"Ana@Example.org\",\"password\":\"correct horse battery\"}")
                .data().asJsonObject();

        String firstRefresh = login.getString("refresh_token");
        JsonObject rotated = cms.delivery.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + firstRefresh + "\"}")
                .data().asJsonObject();
        assertThat(rotated.getString("refresh_token"), not(firstRefresh));
        Http.Response reuse = cms.delivery.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + firstRefresh + "\"}");
        assertThat(reuse.status(), is(401));
        assertThat(cms.delivery.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + rotated.getString("refresh_token") + "\"}")
                           .status(), is(401)); // the whole family is revoked after a reuse

        String access = session.getString("access_token");
        assertThat(cms.delivery.withToken(access).post("/api/v1/auth/logout",
                "{\"refresh_token\":\"" + session.getString("refresh_token") + "\"}").status(), is(200));
        assertThat(as(access).get("/api/v1/auth/me").status(), is(401));
        assertThat(cms.delivery.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + session.getString("refresh_token") + "\"}")
                           .status(), is(401));

        JsonObject live = cms.delivery.post("/api/v1/auth/login", "{\"email\":\"ana@example.org\",\"password\":\"correct horse battery\"}")
                .data().asJsonObject();
        Http.Response forgotKnown = cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"ana@example.org\"}");
        Http.Response forgotUnknown = cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"ghost@example.org\"}");
        assertThat(forgotKnown.status(), is(202));
        assertThat(forgotUnknown.status(), is(202));
        assertThat(forgotUnknown.json().getString("message"), is(forgotKnown.json().getString("message")));
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 4), is(true));
        MimeMessage resetMail = smtp.getReceivedMessages()[3];
        assertThat(resetMail.getAllRecipients()[0].toString(), is("ana@example.org"));
        Matcher token = RESET.matcher(TestSmtp.text(resetMail));
        assertThat(token.find(), is(true));

        assertThat(cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + token.group(1) + "\",\"password\":\"short\"}")
                           .status(), is(422));
        assertThat(cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + token.group(1)
                + "\",\"password\":\"a brand new passphrase\"}").status(), is(200));
        assertThat(cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + token.group(1)
                + "\",\"password\":\"yet another passphrase\"}").status(), is(400)); // single use
        Http.Response both = cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + token.group(1)
                + "\",\"password\":\"short\"}"); // a dead link and a weak password: both named in one answer
        assertThat(both.status(), is(400));
        assertThat(both.error().getJsonObject("details").keySet(), is(Set.of("token", "password")));
        assertThat(as(live.getString("access_token")).get("/api/v1/auth/me").status(), is(401)); // sessions ended
        assertThat(cms.delivery.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + live.getString("refresh_token") + "\"}")
                           .status(), is(401));
        assertThat(cms.delivery.post("/api/v1/auth/login", "{\"email\":\"ana@example.org\",\"password\":\"correct horse battery\"}")
                           .status(), is(401));
        assertThat(cms.delivery.post("/api/v1/auth/login", "{\"email\":\"ana@example.org\",\"password\":\"a brand new passphrase\"}")
                           .status(), is(200));
    }

    @Test
    void forgedExpiredAndWrongAlgorithmTokensAreRefused() {
        JsonObject session = register("ivo@example.org", "correct horse battery");
        String good = session.getString("access_token");
        long id = session.getJsonObject("user").getJsonNumber("id").longValue();
        assertThat(as(good).get("/api/v1/auth/me").status(), is(200));

        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("student", "admin");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(
                StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String hs512 = JWT.create().withIssuer("bitwreckers").withSubject(Long.toString(id)).withClaim("role", "student")
                .withJWTId("x").withIssuedAt(Instant.now()).withClaim("iat_ms", System.currentTimeMillis())
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC512(SECRET));
        String otherKey = new AccessTokens("o".repeat(48), "HS256", Duration.ofMinutes(5)).issue(id, "student").token();
        String expired = new AccessTokens(SECRET, "HS256", Duration.ofMinutes(-5)).issue(id, "student").token();
        for (String bad : new String[] {tampered, none, hs512, otherKey, expired, "garbage", good + "x"}) {
            Http.Response r = as(bad).get("/api/v1/auth/me");
            assertThat(bad, r.status(), is(401));
            assertThat(r.error().getString("code"), is("UNAUTHORIZED"));
        }
        assertThat(cms.delivery.get("/api/v1/auth/me").status(), is(401));
    }

    @Test
    void deactivatedUsersCannotSignInAndTheirTokensStop() {
        JsonObject session = register("eva@example.org", "correct horse battery");
        cms.database.execute("UPDATE users SET is_active = false WHERE email = 'eva@example.org'");
        assertThat(as(session.getString("access_token")).get("/api/v1/auth/me").status(), is(401));
        assertThat(cms.delivery.post("/api/v1/auth/login", "{\"email\":\"eva@example.org\",\"password\":\"correct horse battery\"}")
                           .status(), is(401));
        assertThat(cms.delivery.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + session.getString("refresh_token") + "\"}")
                           .status(), is(401));
    }

    @Test
    void usersEditTheirOwnProfileButNotTheirRoleOrAddress() {
        JsonObject session = register("mia@example.org", "correct horse battery");
        Http mia = as(session.getString("access_token"));
        Http.Response escalate = mia.put("/api/v1/auth/profile", "{\"role\":\"admin\",\"email\":\"boss@example.org\",\"is_active\":true}");
        assertThat(escalate.status(), is(422));
        assertThat(escalate.error().getJsonObject("details").keySet(), is(Set.of("role", "email", "is_active")));
        JsonObject saved = mia.put("/api/v1/auth/profile", "{\"bio\":\"I build robots\",\"skills\":[\"Rust\",\"ROS\"],"
                + "\"university\":null}").data().asJsonObject();
        assertThat(saved.getString("bio"), is("I build robots"));
        assertThat(saved.getJsonArray("skills").size(), is(2));
        assertThat(saved.isNull("university"), is(true));
        assertThat(saved.getString("role"), is("student"));
        assertThat(mia.put("/api/v1/auth/profile", "{\"skills\":\"everything\"}").status(), is(422));
        assertThat(cms.delivery.put("/api/v1/auth/profile", "{\"bio\":\"x\"}").status(), is(401));
    }
}
