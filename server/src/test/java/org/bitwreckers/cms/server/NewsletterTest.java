package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The newsletter end to end with a real SMTP server: double opt-in, an issue sent in batches to confirmed
 * subscribers only, one-click unsubscribe from the List-Unsubscribe header, and refused forgeries.
 */
class NewsletterTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

    private TestSmtp mailServer;
    private GreenMail smtp;
    private TestPlatform cms;

    @BeforeEach
    void start() throws IOException {
        mailServer = new TestSmtp();
        smtp = mailServer.server;
        Map<String, String> env = new HashMap<>(mailServer.env());
        env.putAll(Map.of("FRONTEND_URL", "https://bitwreckers.test", "PUBLIC_URL", "https://api.bitwreckers.test",
                          "SECRET_KEY", "k".repeat(40)));
        cms = TestPlatform.start(env);
    }

    @AfterEach
    void stop() {
        cms.close();
        mailServer.close();
    }

    @Test
    void doubleOptInThenIssueThenOneClickUnsubscribe() throws Exception {
        Http.Response subscribed = cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"reader@example.org\"}");
        assertThat(subscribed.status(), is(202));
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 1), is(true));
        MimeMessage confirmation = smtp.getReceivedMessages()[0];
        assertThat(confirmation.getSubject(), containsString("confirm"));
        String text = TestSmtp.text(confirmation);
        Matcher token = TOKEN.matcher(text);
        assertThat(token.find(), is(true));
        assertThat(text, containsString("https://bitwreckers.test/newsletter/confirm?token="));

        // not confirmed yet: an issue sent now must not reach the reader
        assertThat(cms.delivery.post("/api/v1/newsletter/confirm", "{\"token\":\"forged\"}").status(), is(404));
        assertThat(cms.delivery.post("/api/v1/newsletter/confirm", "{\"token\":\"" + token.group(1) + "\"}").status(), is(200));
        assertThat(cms.delivery.post("/api/v1/newsletter/confirm", "{\"token\":\"" + token.group(1) + "\"}").status(), is(404));
        cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"never-confirms@example.org\"}");
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));

        long issue = cms.admin.post("/admin/v1/newsletter/issues", "{\"subject\":\"November news\",\"text\":\"<b>Hackathon</b>!\"}")
                .data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(cms.admin.post("/admin/v1/newsletter/issues/" + issue + "/send", null).status(), is(202));
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 3), is(true));
        MimeMessage news = null;
        int issues = 0;
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject().equals("November news")) {
                news = m;
                issues++;
            }
        }
        assertThat(issues, is(1));
        assertThat(news.getAllRecipients()[0].toString(), is("reader@example.org"));
        String listUnsubscribe = news.getHeader("List-Unsubscribe")[0];
        assertThat(listUnsubscribe, startsWith("<https://api.bitwreckers.test/api/v1/newsletter/unsubscribe?s="));
        assertThat(news.getHeader("List-Unsubscribe-Post")[0], is("List-Unsubscribe=One-Click"));
        assertThat(cms.admin.post("/admin/v1/newsletter/issues/" + issue + "/send", null).status(), is(409));
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/admin/v1/newsletter/issues/" + issue).data().asJsonObject()
                .getString("status").equals("sent")), is(true));
        JsonObject sent = cms.admin.get("/admin/v1/newsletter/issues/" + issue).data().asJsonObject();
        assertThat(sent.getInt("recipients"), is(1));

        String query = listUnsubscribe.substring(listUnsubscribe.indexOf('?'), listUnsubscribe.length() - 1);
        String forged = query.substring(0, query.indexOf("sig=") + 4) + "AAAA";
        assertThat(cms.delivery.send("POST", "/api/v1/newsletter/unsubscribe" + forged, "List-Unsubscribe=One-Click",
                                     "application/x-www-form-urlencoded").status(), is(400));
        assertThat(cms.delivery.send("POST", "/api/v1/newsletter/unsubscribe" + query, "List-Unsubscribe=One-Click",
                                     "application/x-www-form-urlencoded").status(), is(200));
        assertThat(cms.database.number("SELECT count(*) FROM newsletter_subscribers WHERE status = 'unsubscribed'"), is(1L));
    }

    @Test
    void issuesAreListedWithProgressAndEachRecipientsMailStatusForThoseWhoMaySeeSubscribers() {
        cms.database.execute("INSERT INTO newsletter_subscribers (email, status) VALUES ('ann@example.org', 'confirmed'),"
                                     + " ('bob@example.org', 'confirmed'), ('pending@example.org', 'pending')");
        Http.Response empty = cms.admin.post("/admin/v1/newsletter/issues", "{\"subject\":\" \"}");
        assertThat(empty.status(), is(422));
        assertThat(empty.error().getJsonObject("details").keySet(), is(Set.of("subject", "text")));
        assertThat(cms.admin.post("/admin/v1/newsletter/issues", "{\"subject\":\"Only a subject\"}").error()
                           .getJsonObject("details").keySet(), is(Set.of("text")));
        long first = cms.admin.post("/admin/v1/newsletter/issues", "{\"subject\":\"Draft\",\"text\":\"Later\"}").data()
                .asJsonObject().getJsonNumber("id").longValue();
        long issue = cms.admin.post("/admin/v1/newsletter/issues", "{\"subject\":\"Winter\",\"text\":\"Hello\"}").data()
                .asJsonObject().getJsonNumber("id").longValue();
        JsonObject draft = cms.admin.get("/admin/v1/newsletter/issues/" + issue).data().asJsonObject();
        assertThat(draft.getInt("audience"), is(2)); // the confirmed subscribers it would go to
        assertThat(draft.getInt("recipients"), is(0));

        cms.admin.post("/admin/v1/newsletter/issues/" + issue + "/send", null);
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        String recipients = "/admin/v1/newsletter/issues/" + issue + "/recipients";
        assertThat(Await.until(LIMIT, () -> cms.admin.get(recipients + "?status=sent").data().asJsonArray().size() == 2),
                   is(true));
        JsonArray list = cms.admin.get(recipients).data().asJsonArray();
        assertThat(list.getJsonObject(0).getString("email"), is("ann@example.org"));
        assertThat(list.getJsonObject(1).getString("email"), is("bob@example.org"));
        assertThat(list.getJsonObject(0).getString("status"), is("sent"));
        assertThat(cms.admin.get(recipients + "?status=failed").data().asJsonArray().size(), is(0));
        assertThat(cms.admin.get(recipients + "?status=lost").status(), is(400));
        assertThat(cms.admin.get("/admin/v1/newsletter/issues/999999/recipients").status(), is(404));

        JsonArray issues = cms.admin.get("/admin/v1/newsletter/issues").data().asJsonArray();
        assertThat(issues.size(), is(2));
        assertThat(issues.getJsonObject(0).getJsonNumber("id").longValue(), is(issue)); // newest first
        assertThat(issues.getJsonObject(0).getInt("audience"), is(2));
        assertThat(issues.getJsonObject(0).getJsonObject("mail").getInt("sent"), is(2));
        assertThat(issues.getJsonObject(1).getJsonNumber("id").longValue(), is(first));

        // a read-scope token reads what an editor reads: issues yes, who got them (personal data) no
        Http reader = cms.admin.withToken(cms.admin.post("/admin/v1/tokens", "{\"name\":\"r\",\"scope\":\"read\"}")
                                                  .data().asJsonObject().getString("token"));
        assertThat(reader.get("/admin/v1/newsletter/issues").status(), is(200));
        assertThat(reader.get(recipients).status(), is(403));
    }

    @Test
    void issuesGoOutInBatchesAndSubscribingRevealsNothing() {
        cms.database.execute("INSERT INTO newsletter_subscribers (email, status) SELECT 'reader' || g || '@example.org',"
                                     + " 'confirmed' FROM generate_series(1, 150) g");
        Http.Response again = cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"reader7@example.org\"}");
        Http.Response fresh = cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"new@example.org\"}");
        assertThat(again.status(), is(fresh.status()));
        assertThat(again.json().getString("message"), is(fresh.json().getString("message")));
        assertThat(cms.delivery.post("/api/v1/newsletter/subscribe", "{\"email\":\"not an address\"}").status(), is(422));

        long issue = cms.admin.post("/admin/v1/newsletter/issues", "{\"subject\":\"Big list\",\"text\":\"Hello all\"}")
                .data().asJsonObject().getJsonNumber("id").longValue();
        cms.admin.post("/admin/v1/newsletter/issues/" + issue + "/send", null);
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/admin/v1/newsletter/issues/" + issue).data().asJsonObject()
                .getString("status").equals("sent")), is(true));
        assertThat(cms.database.number("SELECT count(*) FROM newsletter_deliveries WHERE issue_id = " + issue), is(150L));
        // a batch's messages are stored in one statement: each delivery still names its own subscriber's message
        assertThat(cms.database.number("SELECT count(*) FROM newsletter_deliveries d JOIN newsletter_subscribers s"
                                               + " ON s.id = d.subscriber_id JOIN mail_messages m ON m.id = d.mail_id"
                                               + " WHERE d.issue_id = " + issue + " AND m.recipient = s.email"
                                               + " AND m.text_body LIKE '%unsubscribe?s=' || s.id || '&sig=%'"), is(150L));
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'newsletter.send-batch'"), is(2L));
        assertThat(smtp.waitForIncomingEmail(LIMIT.toMillis(), 151), is(true)); // 150 issues + 1 confirmation
    }
}
