package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.json.JsonObject;
import org.bitwreckers.cms.core.config.SettingsLoader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Two nodes on one database, without SECRET_KEY (development): both sign with the key kept in the database, also
 * after a restart; failed sign-ins counted on one node hold on the other; a sign-out on one node ends the refresh
 * chain and the open notification stream on the other.
 */
class SessionClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PASSWORD = "correct horse battery";
    private static final Map<String, String> ENV = Map.of("RATE_LIMIT_FAILED_LOGINS", "2", "RATE_LIMIT_WINDOW_SECONDS", "300");

    @Test
    void twoNodesAgreeOnKeysLimitsAndSessions() throws Exception {
        try (TestDatabase database = new TestDatabase(); TestSmtp mail = new TestSmtp()) {
            JsonObject other;
            try (Platform nodeA = node(database, mail); Platform nodeB = node(database, mail)) {
                Http deliveryA = new Http("http://127.0.0.1:" + nodeA.port(), null);
                Http deliveryB = new Http("http://127.0.0.1:" + nodeB.port(), null);
                JsonObject session = SignUp.member(deliveryA, mail, "nia@example.org", PASSWORD, "Node Tester");
                other = SignUp.member(deliveryA, mail, "ola@example.org", PASSWORD, "Node Tester");
                String access = session.getString("access_token");
                // a token signed by node A with the development key works on node B
                assertThat(deliveryB.withToken(access).get("/api/v1/auth/me").status(), is(200));

                // failed sign-ins on node A hold on node B
                String wrong = "{\"email\":\"nia@example.org\",\"password\":\"wrong guess\"}";
                assertThat(deliveryA.post("/api/v1/auth/login", wrong).status(), is(401));
                assertThat(deliveryA.post("/api/v1/auth/login", wrong).status(), is(401));
                assertThat(deliveryB.post("/api/v1/auth/login", wrong).status(), is(429));

                // a stream on node B ends when the user signs out on node A, and so does the refresh chain
                String ticket = deliveryB.withToken(access).post("/api/v1/notifications/stream-ticket", null).data()
                        .asJsonObject().getString("ticket");
                String streamB = "http://127.0.0.1:" + nodeB.port() + "/api/v1/notifications/stream?ticket=" + ticket;
                try (EventStreamClient stream = EventStreamClient.open(streamB)) {
                    assertThat(stream.next(": connected", WAIT), notNullValue());
                    assertThat(deliveryA.withToken(access).send("POST", "/api/v1/auth/logout", null, null).status(), is(200));
                    assertThat(stream.next("event: session-ended", WAIT), notNullValue());
                    assertThat(stream.endsWithin(WAIT), is(true));
                }
                assertThat(deliveryB.post("/api/v1/auth/refresh", "{\"refresh_token\":\""
                        + session.getString("refresh_token") + "\"}").status(), is(401));
            }

            // every node restarted: tokens signed before still work
            try (Platform restarted = node(database, mail)) {
                Http delivery = new Http("http://127.0.0.1:" + restarted.port(), other.getString("access_token"));
                assertThat(delivery.get("/api/v1/auth/me").status(), is(200));
            }
        }
    }

    private static Platform node(TestDatabase database, TestSmtp mail) {
        Map<String, String> extra = new HashMap<>(ENV);
        extra.putAll(mail.env());
        Map<String, String> env = TestPlatform.env(database, extra);
        assertThat(env.containsKey("SECRET_KEY"), is(false));
        return Platform.start(SettingsLoader.load(env));
    }
}
