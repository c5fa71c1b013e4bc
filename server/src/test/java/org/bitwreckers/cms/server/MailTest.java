package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Mail through the job queue to a real SMTP server (GreenMail on 127.0.0.1): content, headers, both parts,
 * escaping of hostile input, and an outage during which queued mail waits and is then delivered.
 */
class MailTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String HOSTILE = "<script>alert('x')</script> & co";

    private TestSmtp mailServer;
    private GreenMail smtp;
    private TestPlatform cms;

    @BeforeEach
    void start() throws IOException {
        mailServer = new TestSmtp();
        smtp = mailServer.server;
        Map<String, String> env = new HashMap<>(mailServer.env());
        env.putAll(Map.of("TEAM_INBOX", "team@bitwreckers.test", "MAIL_FROM", "Bitwreckers <no-reply@bitwreckers.test>",
                          "JOB_BACKOFF_SECONDS", "0.2"));
        cms = TestPlatform.start(env);
    }

    @AfterEach
    void stop() {
        cms.close();
        mailServer.close();
    }

    private long submit(String name) {
        Http.Response r = cms.delivery.post("/api/v1/messages", "{\"name\":\"" + name.replace("'", "\\u0027")
                + "\",\"email\":\"visitor@example.org\",\"message\":\"Hello\\nsecond line\"}");
        assertThat(r.raw().body(), r.status(), is(201));
        return r.data().asJsonObject().getJsonNumber("id").longValue();
    }

    @Test
    void aSubmissionMailsTheTeamAndTheSubmitterWithBothPartsAndEscapedValues() throws Exception {
        long id = submit(HOSTILE);
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        MimeMessage team = null;
        MimeMessage receipt = null;
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String to = m.getAllRecipients()[0].toString();
            if (to.equals("team@bitwreckers.test")) {
                team = m;
            } else if (to.equals("visitor@example.org")) {
                receipt = m;
            }
        }
        assertThat(team.getSubject(), is("New message from " + HOSTILE));
        assertThat(team.getFrom()[0].toString(), containsString("no-reply@bitwreckers.test"));
        assertThat(receipt.getSubject(), is("We received your message"));

        MimeMultipart parts = (MimeMultipart) team.getContent();
        assertThat(parts.getContentType(), containsString("multipart/alternative"));
        String text = null;
        String html = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            }
        }
        assertThat(text, containsString("Name: " + HOSTILE));
        assertThat(text, containsString("reference #" + id));
        assertThat(html, containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
        assertThat(html, not(containsString("<script>")));

        String messageId = team.getMessageID();
        // the worker records the delivery just after the server took the message
        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM mail_messages WHERE message_id = '"
                + messageId + "' AND status = 'sent'") == 1), is(true));
    }

    @Test
    void mailQueuedWhileTheServerIsDownIsDeliveredWhenItReturns() {
        smtp.stop();
        submit("Outage Olga");
        assertThat(Await.until(LIMIT, () -> cms.database.number(
                "SELECT count(*) FROM mail_messages WHERE attempts >= 1 AND status = 'queued' AND last_error IS NOT NULL") >= 1),
                   is(true));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE status = 'sent'"), is(0L));

        mailServer.start();
        smtp = mailServer.server;
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM mail_messages WHERE status = 'sent'")
                == 2), is(true));
        assertThat(smtp.getReceivedMessages().length, is(2));
    }

    @Test
    void staffSeeMailAndCanResendIt() {
        submit("Resend Rita");
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM mail_messages WHERE status = 'sent'")
                == 2), is(true));
        Http.Response list = cms.admin.get("/admin/v1/mail?status=sent");
        assertThat(list.status(), is(200));
        JsonObject first = list.data().asJsonArray().getJsonObject(0);
        assertThat(first.containsKey("html_body"), is(false));
        long id = first.getJsonNumber("id").longValue();
        JsonObject full = cms.admin.get("/admin/v1/mail/" + id).data().asJsonObject();
        assertThat(full.getString("html_body"), containsString("<html"));
        assertThat(cms.admin.post("/admin/v1/mail/" + id + "/resend", null).status(), is(200));
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 3), is(true));
        assertThat(cms.admin.get("/admin/v1/mail?status=bogus").status(), is(400));
        assertThat(cms.admin.get("/admin/v1/mail/999999").status(), is(404));
        assertThat(cms.admin.withToken(null).get("/admin/v1/mail").status(), is(401));
    }
}
