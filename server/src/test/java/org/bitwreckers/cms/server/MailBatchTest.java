package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Mail queued together goes out together: a worker takes up to 25 sending jobs at once and delivers their messages
 * over one SMTP connection (counted by a proxy in front of GreenMail). One worker, so that every batch is predictable.
 */
class MailBatchTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private TestSmtp mailServer;
    private TcpProxy proxy;
    private TestPlatform cms;

    @BeforeEach
    void start() throws IOException {
        mailServer = new TestSmtp();
        proxy = new TcpProxy("127.0.0.1:" + mailServer.port);
        Map<String, String> env = new HashMap<>(mailServer.env());
        env.putAll(Map.of("SMTP_PORT", Integer.toString(proxy.port()), "JOB_WORKERS", "1",
                          "JOB_BACKOFF_SECONDS", "0.05"));
        cms = TestPlatform.start(env);
    }

    @AfterEach
    void stop() throws IOException {
        cms.close();
        proxy.close();
        mailServer.close();
    }

    /** Stores messages to these recipients (an SQL array) and queues their sending jobs, all in one transaction. */
    private void queueTogether(String recipients) {
        cms.database.execute("WITH m AS (INSERT INTO mail_messages (message_id, template, recipient, subject,"
                                     + " text_body, html_body, headers, contains_secrets) SELECT '<batch-' || n || '@test>',"
                                     + " 'test', r, 'Number ' || n, 'Hello', '<p>Hello</p>', '{}', false"
                                     + " FROM unnest(" + recipients + ") WITH ORDINALITY AS r(r, n) RETURNING id)"
                                     + " INSERT INTO jobs (kind, payload) SELECT 'mail.send', jsonb_build_object('mail_id', id)"
                                     + " FROM m");
        cms.database.execute("SELECT pg_notify('jobs_ready', 'mail.send')");
    }

    private boolean allSendingJobsFinished() {
        return cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'mail.send' AND status IN ('queued',"
                                           + " 'running')") == 0;
    }

    private List<String> receivedBy() throws Exception {
        List<String> to = new ArrayList<>();
        for (MimeMessage m : mailServer.server.getReceivedMessages()) {
            to.add(m.getAllRecipients()[0].toString());
        }
        return to;
    }

    @Test
    void sixtyMessagesQueuedTogetherGoOutOverThreeConnections() throws Exception {
        int before = proxy.connections();
        queueTogether("ARRAY(SELECT 'reader' || g || '@example.org' FROM generate_series(1, 60) g)");

        assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM mail_messages WHERE status ="
                                                                        + " 'sent' AND attempts = 1") == 60), is(true));
        assertThat(Await.until(LIMIT, this::allSendingJobsFinished), is(true));
        assertThat(cms.database.number("SELECT count(*) FROM jobs WHERE kind = 'mail.send' AND status = 'done'"), is(60L));
        assertThat(mailServer.server.getReceivedMessages().length, is(60));
        assertThat(proxy.connections() - before, is(3)); // 25 + 25 + 10; one connection per message before
    }

    @Test
    void aMessageThatFailsInABatchFailsAloneAndTheOthersGoOutOnce() throws Exception {
        queueTogether("ARRAY['one@example.org', 'two@example.org', 'not an address', 'four@example.org',"
                              + " 'five@example.org']");

        assertThat(Await.until(LIMIT, this::allSendingJobsFinished), is(true));
        // the two delivered before the failure are not delivered again when the batch runs job by job
        assertThat(receivedBy(), containsInAnyOrder("one@example.org", "two@example.org", "four@example.org",
                                                     "five@example.org"));
        assertThat(cms.database.number("SELECT count(*) FROM mail_messages WHERE status = 'sent' AND attempts = 1"
                                               + " AND last_error IS NULL"), is(4L));
        assertThat(cms.database.text("SELECT status || ' ' || last_error FROM mail_messages"
                                             + " WHERE recipient = 'not an address'"),
                   startsWith("failed the SMTP server refused the message"));
        assertThat(cms.database.text("SELECT string_agg(j.status, ',' ORDER BY m.id) FROM jobs j JOIN mail_messages m"
                                             + " ON m.id = (j.payload->>'mail_id')::bigint"),
                   is("done,done,dead,done,done"));
    }
}
