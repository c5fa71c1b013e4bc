package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The mail log never hands anyone a usable secret: reset and confirmation links and unsubscribe signatures reach the
 * SMTP server, while the stored copy (all the admin API shows) has them masked, the sealed deliverable copy is erased
 * once delivered, and such a message cannot be resent. Mail queued during an SMTP outage keeps its secret until it
 * goes out.
 */
class MailSecretsTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String ADMIN = "boss@bitwreckers.test";
    private static final String ADMIN_PASSWORD = "admin passphrase 1";
    private static final Pattern RESET = Pattern.compile("reset-password\\?token=([A-Za-z0-9_-]+)");
    private static final Pattern CONFIRM = Pattern.compile("confirm\\?token=([A-Za-z0-9_-]+)");

    private TestSmtp mailServer;
    private TestPlatform cms;

    @BeforeEach
    void start() throws IOException {
        mailServer = new TestSmtp();
        Map<String, String> env = new HashMap<>(mailServer.env());
        env.putAll(Map.of("ADMIN_EMAIL", ADMIN, "ADMIN_PASSWORD", ADMIN_PASSWORD, "FRONTEND_URL", "https://bitwreckers.test",
                          "PUBLIC_URL", "https://api.bitwreckers.test", "SECRET_KEY", "m".repeat(40),
                          "JOB_BACKOFF_SECONDS", "0.2"));
        cms = TestPlatform.start(env);
    }

    @AfterEach
    void stop() {
        cms.close();
        mailServer.close();
    }

    /** Every stored form of the message (columns the API shows, as text) that contains this text. */
    private long storedCopiesContaining(String secret) {
        return cms.database.number("SELECT count(*) FROM mail_messages WHERE strpos(subject || text_body || html_body"
                                           + " || headers::text || recipient, '" + secret + "') > 0");
    }

    private JsonObject awaitMail(String template, String status) {
        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM mail_messages WHERE template = '"
                + template + "' AND status = '" + status + "'") == 1), is(true));
        long id = cms.database.number("SELECT id FROM mail_messages WHERE template = '" + template + "'");
        Http.Response full = cms.admin.get("/admin/v1/mail/" + id);
        assertThat(full.status(), is(200));
        return full.data().asJsonObject();
    }

    @Test
    void aResetMailForTheAdminReachesTheAdminButItsLinkIsInNoLogAndItCannotBeResent() throws Exception {
        assertThat(cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"" + ADMIN + "\"}").status(), is(202));
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 1), is(true));
        Matcher token = RESET.matcher(TestSmtp.text(mailServer.server.getReceivedMessages()[0]));
        assertThat(token.find(), is(true));

        JsonObject logged = awaitMail("password-reset", "sent");
        assertThat(logged.getBoolean("contains_secrets"), is(true));
        assertThat(logged.getString("text_body"), containsString("https://bitwreckers.test/reset-password?token=[hidden]"));
        assertThat(logged.toString(), not(containsString(token.group(1))));
        assertThat(storedCopiesContaining(token.group(1)), is(0L));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE sealed IS NOT NULL"), is(0L));

        Http.Response resend = cms.admin.post("/admin/v1/mail/" + logged.getJsonNumber("id") + "/resend", null);
        assertThat(resend.status(), is(409));
        assertThat(resend.error().getString("message"), containsString("one-time link or token"));

        // the link in the delivered mail is the real one
        assertThat(cms.delivery.post("/api/v1/auth/reset-password", "{\"token\":\"" + token.group(1)
                + "\",\"password\":\"a brand new passphrase\"}").status(), is(200));
    }

    @Test
    void newsletterLinksAndHeadersAreMaskedInTheLogAndWorkInTheMail() throws Exception {
        cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"reader@example.org\"}");
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 1), is(true));
        Matcher confirm = CONFIRM.matcher(TestSmtp.text(mailServer.server.getReceivedMessages()[0]));
        assertThat(confirm.find(), is(true));
        assertThat(awaitMail("newsletter-confirm", "sent").getString("html_body"), containsString("token=[hidden]"));
        assertThat(storedCopiesContaining(confirm.group(1)), is(0L));
        assertThat(cms.delivery.post("/api/v1/newsletter/confirm", "{\"token\":\"" + confirm.group(1) + "\"}").status(),
                   is(200));

        long issue = cms.admin.post("/admin/v1/newsletter/issues", "{\"subject\":\"News\",\"text\":\"Hello\"}")
                .data().asJsonObject().getJsonNumber("id").longValue();
        cms.admin.post("/admin/v1/newsletter/issues/" + issue + "/send", null);
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        MimeMessage news = mailServer.server.getReceivedMessages()[1];
        String header = news.getHeader("List-Unsubscribe")[0];
        String signature = header.substring(header.indexOf("sig=") + 4, header.length() - 1);
        assertThat(TestSmtp.text(news), containsString("sig=" + signature));

        JsonObject logged = awaitMail("newsletter-issue", "sent");
        assertThat(logged.getJsonObject("headers").getString("List-Unsubscribe"), containsString("sig=[hidden]>"));
        assertThat(logged.getString("text_body"), containsString("sig=[hidden]"));
        assertThat(storedCopiesContaining(signature), is(0L));
        assertThat(cms.delivery.send("POST", "/api/v1/newsletter/unsubscribe" + header.substring(header.indexOf('?'),
                                                                                              header.length() - 1),
                                     "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded").status(), is(200));
    }

    @Test
    void aSecretQueuedDuringAnOutageIsKeptSealedUntilItGoesOut() throws Exception {
        mailServer.server.stop();
        cms.delivery.post("/api/v1/auth/forgot-password", "{\"email\":\"" + ADMIN + "\"}");
        assertThat(Await.until(LIMIT, () -> cms.database.number(
                "SELECT count(*) FROM mail_messages WHERE last_error IS NOT NULL AND status = 'queued'") == 1), is(true));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE sealed IS NOT NULL"), is(1L));
        assertThat(cms.database.text("SELECT text_body FROM mail_messages"), containsString("token=[hidden]"));

        mailServer.start();
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 1), is(true));
        Matcher token = RESET.matcher(TestSmtp.text(mailServer.server.getReceivedMessages()[0]));
        assertThat(token.find(), is(true));
        assertThat(Await.until(LIMIT, () -> cms.database.number(
                "SELECT count(*) FROM mail_messages WHERE status = 'sent' AND sealed IS NULL") == 1), is(true));
        assertThat(storedCopiesContaining(token.group(1)), is(0L));
    }

    @Test
    void mailWithoutSecretsIsStoredInFullAndCanBeResent() {
        cms.delivery.post("/api/v1/messages", "{\"name\":\"Rita\",\"email\":\"rita@example.org\",\"message\":\"Hi\"}");
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        JsonObject receipt = awaitMail("application-received", "sent");
        assertThat(receipt.getBoolean("contains_secrets"), is(false));
        assertThat(cms.admin.post("/admin/v1/mail/" + receipt.getJsonNumber("id") + "/resend", null).status(), is(200));
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 3), is(true));
    }
}
