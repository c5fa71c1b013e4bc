package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * Registration does not tell who has an account: a new and a taken address get the same answer, the owner of a
 * taken one is warned by mail, and a new account signs in only after opening the link mailed to its address (once),
 * with the password of the registration whose link was opened.
 */
class RegistrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "owner passphrase";

    private static TestSmtp mail;
    private static TestPlatform cms;

    @BeforeAll
    static void start() throws Exception {
        mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.put("SECRET_KEY", "v".repeat(48));
        env.put("FRONTEND_URL", "https://bitwreckers.test");
        cms = TestPlatform.start(env);
    }

    @AfterAll
    static void stop() {
        cms.close();
        mail.close();
    }

    private static Http.Response register(String email, String password) {
        return cms.delivery.post("/api/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"full_name\":\"Someone\"}");
    }

    private static Http.Response login(String email, String password) {
        return cms.delivery.post("/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    /** The answer without its timestamp, which differs between any two answers. */
    private static JsonObject answer(Http.Response r) {
        return Json.createObjectBuilder(r.json()).remove("timestamp").build();
    }

    private static List<String> linksOnceThere(String email, int count) {
        assertThat(email, Await.until(WAIT, () -> SignUp.links(mail, email).size() >= count), is(true));
        return SignUp.links(mail, email);
    }

    private static MimeMessage lastMailTo(String email, String subject) {
        AtomicReference<MimeMessage> found = new AtomicReference<>();
        assertThat(subject, Await.until(WAIT, () -> {
            for (MimeMessage m : mail.server.getReceivedMessages()) {
                try {
                    if (m.getAllRecipients()[0].toString().equalsIgnoreCase(email) && m.getSubject().contains(subject)) {
                        found.set(m);
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return found.get() != null;
        }), is(true));
        return found.get();
    }

    @Test
    void aTakenAddressGetsTheAnswerANewOneGetsAndItsOwnerIsWarned() throws Exception {
        SignUp.member(cms.delivery, mail, "owner@example.org", PASSWORD, "Owner");

        Http.Response fresh = register("newcomer@example.org", "newcomer passphrase");
        Http.Response taken = register("OWNER@example.org", "someone elses passphrase");
        assertThat(fresh.status(), is(202));
        assertThat(taken.status(), is(202));
        assertThat(answer(taken), is(answer(fresh)));
        assertThat(fresh.json().getString("message"), containsString("Check your inbox"));

        String warning = TestSmtp.text(lastMailTo("owner@example.org", "tried to sign up"));
        assertThat(warning, containsString("reset your password"));
        assertThat(warning, not(containsString("token=")));
        assertThat(login("owner@example.org", PASSWORD).status(), is(200)); // nothing about the account changed
        assertThat(login("owner@example.org", "someone elses passphrase").status(), is(401));
        assertThat(SignUp.links(mail, "owner@example.org").size(), is(1)); // only the owner's own, long used
    }

    private static JsonObject sameForEveryRequest(JsonObject answer) {
        JsonObject error = answer.getJsonObject("error");
        assertThat(error.getString("requestId"), matchesPattern("[0-9a-f]{32}"));
        return Json.createObjectBuilder(error).remove("requestId").build();
    }

    @Test
    void aNewAccountSignsInOnlyThroughItsMailedLinkWhichWorksOnce() {
        Http.Response registered = register("nina@example.org", "nina passphrase 1");
        assertThat(registered.status(), is(202));
        Http.Response unconfirmed = login("nina@example.org", "nina passphrase 1");
        Http.Response unknown = login("nobody-at-all@example.org", "nina passphrase 1");
        assertThat(unconfirmed.status(), is(401)); // as if there were no account
        // the same answer but for the request's own id, which every error names
        assertThat(sameForEveryRequest(answer(unconfirmed)), is(sameForEveryRequest(answer(unknown))));

        String first = linksOnceThere("nina@example.org", 1).get(0);
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE text_body || html_body LIKE '%"
                                               + first + "%'"), is(0L)); // the mail log keeps the link masked
        Http.Response resentKnown = cms.delivery.post("/api/v1/auth/resend-verification", "{\"email\":\"nina@example.org\"}");
        Http.Response resentUnknown = cms.delivery.post("/api/v1/auth/resend-verification", "{\"email\":\"x@example.org\"}");
        assertThat(resentKnown.status(), is(202));
        assertThat(answer(resentUnknown), is(answer(resentKnown)));
        String second = linksOnceThere("nina@example.org", 2).get(1);

        assertThat(SignUp.confirm(cms.delivery, first).status(), is(400)); // the new link replaced it
        Http.Response confirmed = SignUp.confirm(cms.delivery, second);
        assertThat(confirmed.raw().body(), confirmed.status(), is(200));
        JsonObject session = confirmed.data().asJsonObject();
        assertThat(session.getJsonObject("user").getString("role"), is("student"));
        assertThat(cms.delivery.withToken(session.getString("access_token")).get("/api/v1/auth/me").status(), is(200));
        assertThat(SignUp.confirm(cms.delivery, second).status(), is(400)); // once
        assertThat(login("nina@example.org", "nina passphrase 1").status(), is(200));
        lastMailTo("nina@example.org", "Welcome to Bitwreckers");
    }

    @Test
    void confirmingAppliesThePasswordOfTheRegistrationWhoseLinkWasOpened() {
        // someone registers another person's address first; the person then registers it themselves
        assertThat(register("dora@example.org", "squatter passphrase").status(), is(202));
        linksOnceThere("dora@example.org", 1);
        assertThat(register("dora@example.org", "dora own passphrase").status(), is(202));
        List<String> links = linksOnceThere("dora@example.org", 2);

        assertThat(SignUp.confirm(cms.delivery, links.get(1)).status(), is(200));
        assertThat(login("dora@example.org", "squatter passphrase").status(), is(401));
        assertThat(login("dora@example.org", "dora own passphrase").status(), is(200));
        assertThat(SignUp.confirm(cms.delivery, links.get(0)).status(), is(400)); // the account is confirmed: no link left
    }

    @Test
    void aPasswordResetConfirmsTheAddressWithTheOwnersPassword() {
        assertThat(register("rey@example.org", "squatter passphrase").status(), is(202));
        linksOnceThere("rey@example.org", 1);
        assertThat(cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"rey@example.org\"}").status(), is(202));
        String reset = Pattern.compile("reset-password\\?token=([A-Za-z0-9_-]+)").matcher(
                text(lastMailTo("rey@example.org", "Reset your"))).results().findFirst().orElseThrow().group(1);
        assertThat(cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + reset
                + "\",\"password\":\"rey own passphrase\"}").status(), is(200));
        assertThat(login("rey@example.org", "rey own passphrase").status(), is(200));
        assertThat(SignUp.confirm(cms.delivery, SignUp.links(mail, "rey@example.org").get(0)).status(), is(400));
    }

    private static String text(MimeMessage message) {
        try {
            return TestSmtp.text(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
