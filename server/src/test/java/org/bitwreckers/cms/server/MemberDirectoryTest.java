package org.bitwreckers.cms.server;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.json.JsonArray;

import org.bitwreckers.cms.core.config.SettingsLoader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The public member directory shows what members chose to make public, and every node agrees: two nodes on one
 * database; a member signs up, hides their profile, and staff opt in through one node while the other node's cached
 * directory and statistics follow (a trigger on users announces changes on the content_changed channel).
 */
class MemberDirectoryTest {
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(10);
    private static final String ADMIN = "boss@bitwreckers.test";
    private static final String ADMIN_PASSWORD = "admin passphrase 1";

    @Test
    void theDirectoryShowsPublicProfilesOnlyAndEveryNodeFollowsChanges() throws IOException {
        TestSmtp mail = new TestSmtp();
        Map<String, String> env = new HashMap<>(mail.env());
        env.putAll(Map.of("ADMIN_EMAIL", ADMIN, "ADMIN_PASSWORD", ADMIN_PASSWORD, "SECRET_KEY", "d".repeat(40),
                          "CONTENT_TYPES_DIR", "../content-types"));
        try (mail; TestPlatform nodeA = TestPlatform.start(env);
             Platform nodeB = Platform.start(SettingsLoader.load(TestPlatform.env(nodeA.database, env)))) {
            Http deliveryB = new Http("http://127.0.0.1:" + nodeB.port(), null);
            // an account whose address is not confirmed yet is not listed
            assertThat(nodeA.delivery.post("/api/v1/auth/register", "{\"email\":\"una@example.org\",\"password\":"
                    + "\"long passphrase 1\",\"full_name\":\"Una Unconfirmed\"}").status(), is(202));
            String student = SignUp.member(nodeA.delivery, mail, "sam@example.org", "long passphrase 1", "Sam Public")
                    .getString("access_token");
            assertThat(awaitListed(deliveryB, "Sam Public", true), is(true));
            assertThat(deliveryB.get("/api/v1/community/members").raw().body(), not(containsString("Una Unconfirmed")));
            long shown = total(deliveryB, "");
            // staff are not listed, nor found by role
            assertThat(total(deliveryB, "?filter[role]=admin"), is(0L));
            assertThat(nodeA.database.number("SELECT count(*) FROM users WHERE role = 'admin' AND is_active"), is(1L));
            assertThat(stat(deliveryB), is(shown));

            // node B has the directory cached; the member hides their profile through node A
            assertThat(nodeA.delivery.withToken(student).put("/api/v1/auth/profile", "{\"public_profile\":false}").data()
                               .asJsonObject().getBoolean("public_profile"), is(false));
            assertThat(awaitListed(deliveryB, "Sam Public", false), is(true));
            assertThat(total(deliveryB, ""), is(shown - 1));
            assertThat(Await.until(PROPAGATION_LIMIT, () -> stat(deliveryB) == shown - 1), is(true));
            assertThat(nodeA.delivery.withToken(student).put("/api/v1/auth/profile", "{\"public_profile\":\"no\"}")
                               .status(), is(422));

            // an admin who opts in is listed, and found by role
            String admin = nodeA.delivery.post("/api/v1/auth/login", "{\"email\":\"" + ADMIN + "\",\"password\":\""
                    + ADMIN_PASSWORD + "\"}").data().asJsonObject().getString("access_token");
            nodeA.delivery.withToken(admin).put("/api/v1/auth/profile", "{\"public_profile\":true}");
            assertThat(awaitListed(deliveryB, "Administrator", true), is(true));
            assertThat(total(deliveryB, "?filter[role]=admin"), is(1L));
        }
    }

    private static long total(Http delivery, String query) {
        return delivery.get("/api/v1/community/members" + query).json().getJsonObject("meta").getJsonObject("pagination")
                .getJsonNumber("total").longValue();
    }

    private static long stat(Http delivery) {
        return delivery.get("/api/v1/community/stats").data().asJsonObject().getJsonNumber("members").longValue();
    }

    /** Polls a node (bounded) until the name is listed or not: propagation between nodes is asynchronous by design. */
    private static boolean awaitListed(Http delivery, String name, boolean listed) {
        return Await.until(PROPAGATION_LIMIT, () -> {
            JsonArray members = delivery.get("/api/v1/community/members?pageSize=100").data().asJsonArray();
            return members.stream().anyMatch(m -> m.asJsonObject().getString("full_name").equals(name)) == listed;
        });
    }
}
