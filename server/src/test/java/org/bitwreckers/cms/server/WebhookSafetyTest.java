package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Hostile webhook receivers against the running platform: one that trickles its answer is cut off at the delivery
 * deadline, ones that never answer hold only the webhook share of the workers (mail still goes out), and a name that
 * resolves to loopback is refused at registration and at delivery.
 */
class WebhookSafetyTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private SlowReceiver receiver;
    private TestSmtp smtp;
    private TestPlatform cms;

    @AfterEach
    void stop() throws IOException {
        receiver.close(); // first, so hanging deliveries end before the platform shuts down
        cms.close();
        if (smtp != null) {
            smtp.close();
        }
    }

    private void start(boolean trickle, Map<String, String> env) throws IOException {
        receiver = new SlowReceiver(trickle);
        cms = TestPlatform.start(env);
    }

    private void register(Http admin, String url) {
        Http.Response r = admin.post("/admin/v1/webhooks", "{\"name\":\"slow\",\"url\":\"" + url
                + "\",\"events\":[\"document.created\"]}");
        assertThat(r.raw().body(), r.status(), is(201));
    }

    private void createArticle(String title) {
        assertThat(cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"" + title
                + "\",\"category\":\"news\"}}").status(), is(201));
    }

    @Test
    void aReceiverTricklingItsAnswerIsCutOffAtTheDeadline() throws IOException {
        start(true, Map.of("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true", "WEBHOOK_TIMEOUT_SECONDS", "2",
                           "JOB_BACKOFF_SECONDS", "30"));
        register(cms.admin, "http://127.0.0.1:" + receiver.port() + "/hook");
        createArticle("Trickled");
        assertThat(Await.until(LIMIT, () -> receiver.stays().size() == 1), is(true));
        assertThat(receiver.stays().getFirst(), lessThan(Duration.ofSeconds(6))); // 2 s deadline, generous margin
        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM webhook_deliveries"
                                                                        + " WHERE attempts = 1") == 1), is(true));
        assertThat(cms.database.text("SELECT last_error FROM webhook_deliveries"), containsString("within 2 s"));
    }

    @Test
    void receiversThatNeverAnswerCannotStopMail() throws IOException {
        smtp = new TestSmtp();
        Map<String, String> env = new HashMap<>(smtp.env());
        env.putAll(Map.of("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true", "WEBHOOK_TIMEOUT_SECONDS", "120", "JOB_WORKERS", "2"));
        start(false, env);
        register(cms.admin, "http://127.0.0.1:" + receiver.port() + "/hook");
        for (int i = 0; i < 3; i++) {
            createArticle("Hung " + i);
        }
        assertThat(Await.until(LIMIT, () -> receiver.open() == 1), is(true));

        assertThat(cms.delivery.post("/api/v1/messages", "{\"name\":\"Mia\",\"email\":\"mia@example.org\","
                + "\"message\":\"Still there?\"}").status(), is(201));
        assertThat(smtp.server.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        assertThat(receiver.open(), is(1)); // WEBHOOK_WORKERS defaults to half of JOB_WORKERS
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'webhook.deliver' AND status = 'running'"),
                   is(1L));
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAtRegistrationAndAtDelivery() throws IOException {
        start(false, Map.of());
        for (String url : List.of("http://localhost:" + receiver.port() + "/hook", "http://[::ffff:127.0.0.1]/x",
                                  "http://[64:ff9b::a00:1]/x", "http://[2002:a00:1::1]/x", "http://100.64.0.1/x",
                                  "http://0.0.0.0/x", "http://198.18.0.1/x", "http://[fd00::1]/x")) {
            Http.Response r = cms.admin.post("/admin/v1/webhooks", "{\"name\":\"x\",\"url\":\"" + url
                    + "\",\"events\":[\"document.created\"]}");
            assertThat(url, r.status(), is(422));
            assertThat(url, r.error().getJsonObject("details").getString("url"), containsString("not a public address"));
        }
        // registered before the rules (or while a name still resolved elsewhere): refused when delivering
        cms.database.execute("INSERT INTO webhooks (name, url, events, secret) VALUES ('sneaky', 'http://localhost:"
                                     + receiver.port() + "/hook', '{document.created}', 'whsec_test')");
        createArticle("Sneaky");
        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM webhook_deliveries"
                                                                        + " WHERE status = 'failed'") == 1), is(true));
        assertThat(cms.database.text("SELECT last_error FROM webhook_deliveries"), containsString("not a public address"));
        assertThat(receiver.accepted(), is(0));
    }
}
