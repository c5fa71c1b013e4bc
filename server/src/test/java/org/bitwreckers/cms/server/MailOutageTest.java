package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.bitwreckers.cms.core.jobs.JobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * An SMTP outage longer than a job's attempts (GreenMail stopped, then started again): the mail waits and goes out,
 * never becoming dead jobs; and mail that died anyway is queued again by kind in one admin call.
 */
class MailOutageTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private TestSmtp mailServer;
    private TestPlatform cms;

    @BeforeEach
    void start() throws IOException {
        mailServer = new TestSmtp();
        mailServer.server.stop();
        Map<String, String> env = new HashMap<>(mailServer.env());
        env.putAll(Map.of("JOB_BACKOFF_SECONDS", "0.05", "JOB_BACKOFF_MAX_SECONDS", "0.3"));
        cms = TestPlatform.start(env);
    }

    @AfterEach
    void stop() {
        cms.close();
        mailServer.close();
    }

    private void submit() {
        Http.Response r = cms.delivery.post("/api/v1/messages",
                                            "{\"name\":\"Patient Pat\",\"email\":\"pat@example.org\",\"message\":\"Hello\"}");
        assertThat(r.raw().body(), r.status(), is(201)); // queues a mail to the team and a receipt to Pat
    }

    private long mail(String where) {
        return cms.database.number("SELECT count(*) FROM mail_messages WHERE " + where);
    }

    @Test
    void mailQueuedThroughAnOutageLongerThanItsAttemptsGoesOutWhenTheServerReturns() {
        submit();
        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT coalesce(min(attempts), 0) FROM jobs"
                                                                        + " WHERE kind = 'mail.send'")
                > JobQueue.DEFAULT_MAX_ATTEMPTS + 2), is(true));
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'mail.send' AND status = 'dead'"), is(0L));
        assertThat(mail("status = 'failed'"), is(0L));

        mailServer.start();
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        assertThat(Await.until(LIMIT, () -> mail("status = 'sent'") == 2), is(true));
    }

    @Test
    void staffRetryEveryDeadJobOfAKindInOneCall() {
        submit();
        // mail that died in an earlier outage, and a dead job of another kind that must stay as it is
        assertThat(Await.until(LIMIT, () -> {
            cms.database.execute("UPDATE jobs SET status = 'dead', finished_at = now() WHERE kind = 'mail.send'"
                                         + " AND status = 'queued' AND attempts >= 1");
            return cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'mail.send' AND status = 'dead'") == 2;
        }), is(true));
        cms.database.execute("INSERT INTO jobs (kind, payload, status, attempts, finished_at)"
                                     + " VALUES ('test.other', '{}', 'dead', 8, now())");

        assertThat(cms.admin.post("/admin/v1/jobs/retry?kind=mail&status=dead", null).status(), is(400));
        assertThat(cms.admin.get("/admin/v1/jobs/retry").status(), is(405));
        mailServer.start();
        Http.Response retried = cms.admin.post("/admin/v1/jobs/retry?kind=mail.send", null);
        assertThat(retried.raw().body(), retried.status(), is(200));
        assertThat(retried.data().asJsonObject().getInt("requeued"), is(2));
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'test.other' AND status = 'dead'"), is(1L));
        assertThat(mailServer.server.waitForIncomingEmail(LIMIT.toMillis(), 2), is(true));
        assertThat(Await.until(LIMIT, () -> mail("status = 'sent'") == 2), is(true));
        assertThat(cms.admin.post("/admin/v1/jobs/retry?kind=mail.send", null).data().asJsonObject().getInt("requeued"),
                   is(0));
    }
}
