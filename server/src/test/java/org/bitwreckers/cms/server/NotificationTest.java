package org.bitwreckers.cms.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bitwreckers.cms.core.config.SettingsLoader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Notifications: a user's live stream (Server-Sent Events) on one node receives what another node creates;
 * unread counts, marking read, and the backlog after a reconnect with Last-Event-ID.
 */
class NotificationTest {
    private static final int WAIT_SECONDS = 15;

    /** An open SSE stream whose lines are collected by a virtual thread. */
    private record Subscription(BlockingQueue<String> lines, Stream<String> body) implements AutoCloseable {
        static Subscription open(int adminPort, long user, String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/admin/v1/users/"
                                                                                    + user + "/notifications/stream"))
                    .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                    .send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.headers().firstValue("Content-Type").orElse(""), containsString("text/event-stream"));
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Stream<String> body = response.body();
            Thread.ofVirtual().start(() -> {
                try {
                    body.forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed by the test
                }
            });
            return new Subscription(lines, body);
        }

        String next(String prefix) throws InterruptedException {
            while (true) {
                String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (line == null || line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        @Override
        public void close() {
            body.close();
        }
    }

    @Test
    void signedInUsersSeeOnlyTheirOwnNotifications() throws Exception {
        TestSmtp mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.put("SECRET_KEY", "n".repeat(40));
        try (mail; TestPlatform cms = TestPlatform.start(env)) {
            String ana = session(cms, mail, "ana@example.org");
            String ivo = session(cms, mail, "ivo@example.org");
            long anaId = cms.database.number("SELECT id FROM users WHERE email = 'ana@example.org'");
            Http anaApi = cms.delivery.withToken(ana);
            Http ivoApi = cms.delivery.withToken(ivo);

            HttpResponse<Stream<String>> live = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cms.platform.port() + "/api/v1/notifications/stream"))
                            .header("Authorization", "Bearer " + ana).build(), HttpResponse.BodyHandlers.ofLines());
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try {
                    live.body().forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed below
                }
            });
            assertThat(lines.poll(WAIT_SECONDS, TimeUnit.SECONDS), containsString("retry"));

            long id = cms.admin.post("/admin/v1/users/" + anaId + "/notifications",
                                     "{\"kind\":\"application.status\",\"title\":\"Approved\"}")
                    .data().asJsonObject().getJsonNumber("id").longValue();
            String data = null;
            for (String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS); line != null && data == null;
                 line = data == null ? lines.poll(WAIT_SECONDS, TimeUnit.SECONDS) : null) {
                if (line.startsWith("data: ")) {
                    data = line;
                }
            }
            live.body().close();
            assertThat(data, containsString("Approved"));

            assertThat(anaApi.get("/api/v1/notifications").data().asJsonArray().size(), is(1));
            assertThat(ivoApi.get("/api/v1/notifications").data().asJsonArray().size(), is(0));
            assertThat(ivoApi.post("/api/v1/notifications/" + id + "/read", null).status(), is(404));
            assertThat(anaApi.get("/api/v1/notifications/unread-count").data().asJsonObject().getInt("unread"), is(1));
            assertThat(anaApi.post("/api/v1/notifications/" + id + "/read", null).status(), is(200));
            assertThat(anaApi.get("/api/v1/notifications/unread-count").data().asJsonObject().getInt("unread"), is(0));
            assertThat(cms.delivery.get("/api/v1/notifications").status(), is(401));
        }
    }

    private static String session(TestPlatform cms, TestSmtp mail, String email) {
        return SignUp.member(cms.delivery, mail, email, "long passphrase 1", "X").getString("access_token");
    }

    @Test
    void aNotificationCreatedOnOneNodeReachesTheUsersStreamOnAnother() throws Exception {
        try (TestPlatform nodeA = TestPlatform.start(Map.of());
             Platform nodeB = Platform.start(SettingsLoader.load(TestPlatform.env(nodeA.database, Map.of())))) {
            nodeA.database.execute("INSERT INTO users (email, full_name) VALUES ('ana@example.org', 'Ana'),"
                                           + " ('ivo@example.org', 'Ivo')");
            long ana = nodeA.database.number("SELECT id FROM users WHERE email = 'ana@example.org'");
            long ivo = nodeA.database.number("SELECT id FROM users WHERE email = 'ivo@example.org'");
            Http adminB = new Http("http://127.0.0.1:" + nodeB.adminPort(), TestPlatform.ADMIN_TOKEN);

            try (Subscription stream = Subscription.open(nodeA.platform.adminPort(), ana, null)) {
                assertThat(stream.next(": connected"), notNullValue());
                adminB.post("/admin/v1/users/" + ivo + "/notifications", "{\"kind\":\"test\",\"title\":\"For Ivo\"}");
                Http.Response created = adminB.post("/admin/v1/users/" + ana + "/notifications",
                        "{\"kind\":\"application.status\",\"title\":\"Your application was approved\",\"data\":{\"id\":7}}");
                assertThat(created.status(), is(201));
                String data = stream.next("data: ");
                assertThat(data, containsString("Your application was approved"));
                assertThat(data.contains("For Ivo"), is(false));
            }

            assertThat(nodeA.admin.get("/admin/v1/users/" + ana + "/notifications/unread-count").data().asJsonObject()
                               .getInt("unread"), is(1));
            long first = nodeA.admin.get("/admin/v1/users/" + ana + "/notifications").data().asJsonArray().getJsonObject(0)
                    .getJsonNumber("id").longValue();
            assertThat(nodeA.admin.post("/admin/v1/users/" + ivo + "/notifications/" + first + "/read", null).status(), is(404));
            assertThat(nodeA.admin.post("/admin/v1/users/" + ana + "/notifications/" + first + "/read", null).status(), is(200));
            assertThat(nodeA.admin.get("/admin/v1/users/" + ana + "/notifications/unread-count").data().asJsonObject()
                               .getInt("unread"), is(0));

            // missed while disconnected: sent first after a reconnect with Last-Event-ID
            nodeA.admin.post("/admin/v1/users/" + ana + "/notifications", "{\"kind\":\"event.reminder\",\"title\":\"Missed one\"}");
            try (Subscription again = Subscription.open(nodeA.platform.adminPort(), ana, Long.toString(first))) {
                assertThat(again.next("data: "), containsString("Missed one"));
            }
            assertThat(nodeA.admin.post("/admin/v1/users/999999/notifications", "{\"kind\":\"x\",\"title\":\"y\"}").status(),
                       is(404));
        }
    }
}
