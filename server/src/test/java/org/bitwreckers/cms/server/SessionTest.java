package org.bitwreckers.cms.server;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Sessions end when they should: sign-out ends the refresh chain with or without a body, only the newest reset
 * link works, tokens without an expiry are refused, open notification streams end with their session (sign-out,
 * deactivation, role change), browsers open streams with single-use tickets, and failed sign-ins hold back the
 * guessing client, not the account's owner.
 */
class SessionTest {
    private static final String SECRET = "t".repeat(48);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern RESET = Pattern.compile("reset-password\\?token=([A-Za-z0-9_-]+)");
    private static final String PASSWORD = "correct horse battery";

    private static TestSmtp mailServer;
    private static TestPlatform cms;

    @BeforeAll
    static void start() throws Exception {
        mailServer = new TestSmtp();
        Map<String, String> env = new HashMap<>(mailServer.env());
        env.put("SECRET_KEY", SECRET);
        env.put("TRUSTED_PROXIES", "127.0.0.1"); // so each test can speak as several client addresses
        env.put("RATE_LIMIT_FAILED_LOGINS", "3");
        env.put("RATE_LIMIT_WINDOW_SECONDS", "300");
        cms = TestPlatform.start(env);
    }

    @AfterAll
    static void stop() {
        cms.close();
        mailServer.close();
    }

    private static JsonObject register(String email) {
        return SignUp.member(cms.delivery, mailServer, email, PASSWORD, "Session Tester");
    }

    private static Http.Response login(String email, String password, String client) {
        return cms.delivery.send("POST", "/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                                 "application/json", "X-Forwarded-For", client);
    }

    private static Http as(JsonObject session) {
        return cms.delivery.withToken(session.getString("access_token"));
    }

    private static Http.Response refresh(String refreshToken) {
        return cms.delivery.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    private static long id(JsonObject session) {
        return session.getJsonObject("user").getJsonNumber("id").longValue();
    }

    private static String ticket(Http api, String path) {
        Http.Response r = api.post(path, null);
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getString("ticket");
    }

    private static EventStreamClient myStream(JsonObject session) throws Exception {
        String ticket = ticket(as(session), "/api/v1/notifications/stream-ticket");
        EventStreamClient stream = EventStreamClient.open("http://127.0.0.1:" + cms.platform.port()
                                                                  + "/api/v1/notifications/stream?ticket=" + ticket);
        assertThat(stream.status(), is(200));
        assertThat(stream.next(": connected", WAIT), notNullValue());
        return stream;
    }

    @Test
    void signingOutWithoutABodyEndsTheWholeRefreshChain() {
        JsonObject first = register("lou@example.org");
        Http.Response rotated = refresh(first.getString("refresh_token"));
        assertThat(rotated.status(), is(200));
        JsonObject current = rotated.data().asJsonObject();

        assertThat(as(current).send("POST", "/api/v1/auth/logout", null, null).status(), is(200));

        assertThat(as(current).get("/api/v1/auth/me").status(), is(401));
        assertThat(refresh(current.getString("refresh_token")).status(), is(401));
        // another session of the same user goes on
        JsonObject other = login("lou@example.org", PASSWORD, "192.0.2.1").data().asJsonObject();
        assertThat(refresh(other.getString("refresh_token")).status(), is(200));
    }

    @Test
    void onlyTheNewestPasswordResetLinkWorksAndAResetLiftsTheWait() throws Exception {
        register("rita@example.org");
        for (int i = 0; i < 4; i++) { // the owner forgot the password and is held back at their own address
            login("rita@example.org", "is it this one " + i, "192.0.2.77");
        }
        assertThat(login("rita@example.org", PASSWORD, "192.0.2.77").status(), is(429));
        GreenMail smtp = mailServer.server;
        assertThat(cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"rita@example.org\"}").status(), is(202));
        String older = resetToken(smtp, null);
        assertThat(cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"rita@example.org\"}").status(), is(202));
        String newer = resetToken(smtp, older);

        Http.Response refused = cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + older
                + "\",\"password\":\"a brand new passphrase\"}");
        assertThat(refused.status(), is(400));
        assertThat(cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + newer
                + "\",\"password\":\"a brand new passphrase\"}").status(), is(200));
        assertThat(login("rita@example.org", "a brand new passphrase", "192.0.2.77").status(), is(200));
    }

    /** Waits (bounded) for a reset mail to rita with a token other than {@code other}, and returns its token. */
    private static String resetToken(GreenMail smtp, String other) {
        AtomicReference<String> found = new AtomicReference<>();
        assertThat(Await.until(WAIT, () -> {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                try {
                    Matcher m = RESET.matcher(TestSmtp.text(message));
                    if (message.getAllRecipients()[0].toString().equals("rita@example.org") && m.find()
                            && !m.group(1).equals(other)) {
                        found.set(m.group(1));
                        return true;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return false;
        }), is(true));
        return found.get();
    }

    @Test
    void tokensWithoutExpiryOrFromTheFutureOrAnotherIssuerOrAlgorithmAreRefused() throws Exception {
        long id = id(register("jon@example.org"));
        Algorithm ours = Algorithm.HMAC256(SECRET);
        Instant now = Instant.now();
        assertThat(status(claims(id, now).withExpiresAt(now.plusSeconds(600)).sign(ours)), is(200)); // the control

        assertThat(status(claims(id, now).sign(ours)), is(401)); // no exp: would never expire
        assertThat(status(claims(id, now).withExpiresAt(now.plusSeconds(600)).withNotBefore(now.plusSeconds(300))
                                  .sign(ours)), is(401));
        assertThat(status(JWT.create().withIssuer("someone-else").withSubject(Long.toString(id)).withClaim("role", "student")
                                  .withJWTId("x").withIssuedAt(now).withClaim("iat_ms", now.toEpochMilli())
                                  .withExpiresAt(now.plusSeconds(600)).sign(ours)), is(401));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        assertThat(status(claims(id, now).withExpiresAt(now.plusSeconds(600)).sign(
                Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()))), is(401));
    }

    private static JWTCreator.Builder claims(long id, Instant now) {
        return JWT.create().withIssuer("bitwreckers").withSubject(Long.toString(id)).withClaim("role", "student")
                .withJWTId(UUID.randomUUID().toString()).withIssuedAt(now).withClaim("iat_ms", now.toEpochMilli());
    }

    private static int status(String token) {
        return cms.delivery.withToken(token).get("/api/v1/auth/me").status();
    }

    @Test
    void openStreamsEndWithTheirSession() throws Exception {
        JsonObject session = register("sam@example.org");
        JsonObject otherDevice = login("sam@example.org", PASSWORD, "192.0.2.2").data().asJsonObject();
        try (EventStreamClient signedOut = myStream(session); EventStreamClient stays = myStream(otherDevice)) {
            assertThat(as(session).send("POST", "/api/v1/auth/logout", null, null).status(), is(200));
            assertThat(signedOut.next("event: session-ended", WAIT), notNullValue());
            assertThat(signedOut.endsWithin(WAIT), is(true));
            // the other device's stream still delivers
            cms.admin.post("/admin/v1/users/" + id(session) + "/notifications", "{\"kind\":\"test\",\"title\":\"Still here\"}");
            assertThat(stays.next("data: ", WAIT), containsString("Still here"));
        }

        try (EventStreamClient stream = myStream(otherDevice)) { // a role change ends every stream of the user
            assertThat(cms.admin.patch("/admin/v1/users/" + id(session), "{\"role\":\"editor\"}").status(), is(200));
            assertThat(stream.next("event: session-ended", WAIT), notNullValue());
            assertThat(stream.endsWithin(WAIT), is(true));
        }

        JsonObject again = login("sam@example.org", PASSWORD, "192.0.2.2").data().asJsonObject();
        try (EventStreamClient stream = EventStreamClient.open("http://127.0.0.1:" + cms.platform.port()
                                                                       + "/api/v1/notifications/stream",
                                                               "Authorization", "Bearer " + again.getString("access_token"))) {
            assertThat(stream.next(": connected", WAIT), notNullValue()); // a stream opened with the header ends too
            assertThat(cms.admin.patch("/admin/v1/users/" + id(session), "{\"is_active\":false}").status(), is(200));
            assertThat(stream.next("event: session-ended", WAIT), notNullValue());
            assertThat(stream.endsWithin(WAIT), is(true));
        }
    }

    @Test
    void streamTicketsWorkOnceForOneStreamAndKeepTokensOutOfUrls() throws Exception {
        JsonObject ana = register("ana.tickets@example.org");
        JsonObject ivo = register("ivo.tickets@example.org");
        String base = "http://127.0.0.1:" + cms.platform.port() + "/api/v1/notifications/stream";
        String ticket = ticket(as(ana), "/api/v1/notifications/stream-ticket");
        assertThat(ticket.startsWith("bwt_"), is(true));
        try (EventStreamClient stream = EventStreamClient.open(base + "?ticket=" + ticket)) {
            assertThat(stream.next(": connected", WAIT), notNullValue());
            cms.admin.post("/admin/v1/users/" + id(ana) + "/notifications", "{\"kind\":\"test\",\"title\":\"For Ana\"}");
            assertThat(stream.next("data: ", WAIT), containsString("For Ana"));
        }
        try (EventStreamClient reused = EventStreamClient.open(base + "?ticket=" + ticket)) {
            assertThat(reused.status(), is(401));
            assertThat(reused.next("{", WAIT), containsString("UNAUTHORIZED"));
        }
        String expired = ticket(as(ana), "/api/v1/notifications/stream-ticket");
        cms.database.execute("UPDATE stream_tickets SET expires_at = now() - interval '1 second'");
        try (EventStreamClient late = EventStreamClient.open(base + "?ticket=" + expired)) {
            assertThat(late.status(), is(401));
        }
        try (EventStreamClient none = EventStreamClient.open(base)) {
            assertThat(none.status(), is(401));
        }
        assertThat(cms.delivery.post("/api/v1/notifications/stream-ticket", null).status(), is(401));

        // a member's ticket opens only their own stream, not another user's on the admin API
        String anaTicket = ticket(as(ana), "/api/v1/notifications/stream-ticket");
        String admin = "http://127.0.0.1:" + cms.platform.adminPort() + "/admin/v1/users/";
        try (EventStreamClient other = EventStreamClient.open(admin + id(ivo) + "/notifications/stream?ticket=" + anaTicket)) {
            assertThat(other.status(), is(401));
        }

        // staff ask for a ticket with their bearer token on the admin API; the stream ends with their session
        cms.database.execute("UPDATE users SET role = 'admin' WHERE email = 'ivo.tickets@example.org'");
        JsonObject staff = login("ivo.tickets@example.org", PASSWORD, "192.0.2.3").data().asJsonObject();
        Http staffApi = new Http("http://127.0.0.1:" + cms.platform.adminPort(), staff.getString("access_token"));
        String staffTicket = ticket(staffApi, "/admin/v1/users/" + id(ana) + "/notifications/stream-ticket");
        assertThat(staffApi.post("/admin/v1/users/999999/notifications/stream-ticket", null).status(), is(404));
        try (EventStreamClient watching = EventStreamClient.open(admin + id(ana) + "/notifications/stream?ticket="
                                                                         + staffTicket)) {
            assertThat(watching.status(), is(200));
            cms.admin.post("/admin/v1/users/" + id(ana) + "/notifications", "{\"kind\":\"test\",\"title\":\"Watched\"}");
            assertThat(watching.next("data: ", WAIT), containsString("Watched"));
            assertThat(as(staff).send("POST", "/api/v1/auth/logout", null, null).status(), is(200));
            assertThat(watching.endsWithin(WAIT), is(true));
        }
        assertThat(staffApi.post("/admin/v1/users/" + id(ana) + "/notifications/stream-ticket", null).status(), is(401));
    }

    @Test
    void failedSignInsHoldBackTheGuessingClientNotTheOwner() {
        register("owner@example.org");
        String attacker = "203.0.113.7";
        for (int i = 0; i < 3; i++) {
            assertThat(login("owner@example.org", "wrong guess " + i, attacker).status(), is(401));
        }
        for (int i = 0; i < 3; i++) { // the attacker keeps guessing: held back each time...
            Http.Response held = login("owner@example.org", "another guess " + i, attacker);
            assertThat(held.status(), is(429));
            assertThat(held.header("Retry-After").isPresent(), is(true));
            // ...while the owner, from their own address, signs in every time
            assertThat(login("owner@example.org", PASSWORD, "198.51.100.9").status(), is(200));
        }

        // many addresses, one guess each: once the account has had 3 failures, every failing address waits
        register("target@example.org");
        for (String bot : new String[] {"203.0.113.10", "203.0.113.11", "203.0.113.12"}) {
            assertThat(login("target@example.org", "bot guess", bot).status(), is(401));
        }
        assertThat(login("target@example.org", "bot guess 2", "203.0.113.10").status(), is(429));
        assertThat(login("target@example.org", PASSWORD, "198.51.100.20").status(), is(200));
        // IPv6: the whole /64 is one client
        for (int i = 1; i <= 3; i++) {
            login("owner@example.org", "v6 guess", "2001:db8:1:2::" + i);
        }
        assertThat(login("owner@example.org", "v6 guess", "2001:db8:1:2::99").status(), is(429));
    }

    @Test
    void signInAndForgottenPasswordsDoNotTellWhetherAnAccountExists() {
        register("known@example.org");
        Http.Response wrongPassword = login("known@example.org", "not the password", "192.0.2.50");
        Http.Response noAccount = login("unknown@example.org", "not the password", "192.0.2.50");
        assertThat(wrongPassword.status(), is(401));
        assertThat(noAccount.status(), is(401));
        assertThat(noAccount.error().getString("message"), is(wrongPassword.error().getString("message")));

        Http.Response known = cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"known@example.org\"}");
        Http.Response unknown = cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"unknown@example.org\"}");
        assertThat(unknown.status(), is(known.status()));
        assertThat(unknown.json().getString("message"), is(known.json().getString("message")));
        // what is stored about guesses at addresses is a hash, never the address
        assertThat(cms.database.number("SELECT count(*) FROM login_failures WHERE account_hash LIKE '%@%'"), is(0L));
        assertThat(cms.database.number("SELECT count(*) FROM login_failures"), not(is(0L)));
    }
}
