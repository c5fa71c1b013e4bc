package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.Map;

import org.bitwreckers.cms.core.config.SettingsLoader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Two server nodes on one database: a publish through one node reaches the other node's cached delivery responses
 * (PostgreSQL NOTIFY in the writing transaction, LISTEN on every node).
 */
class ClusterCacheTest {
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(10);

    @Test
    void aPublishOnOneNodeInvalidatesTheOtherNodesCache() {
        try (TestPlatform nodeA = TestPlatform.start(Map.of());
             Platform nodeB = Platform.start(SettingsLoader.load(TestPlatform.env(nodeA.database, Map.of())))) {
            Http deliveryB = new Http("http://127.0.0.1:" + nodeB.port(), null);
            Http.Response created = nodeA.admin.post("/admin/v1/content/company", "{\"data\":{\"name\":\"Before\"}}");
            long id = created.data().asJsonObject().getJsonNumber("id").longValue();
            nodeA.admin.post("/admin/v1/content/company/" + id + "/publish", null);
            assertThat(awaitName(deliveryB, id, "Before"), is(true));

            // node B now has the response cached; change it through node A only
            String etag = deliveryB.get("/api/v1/content/company/" + id).header("ETag").orElseThrow();
            assertThat(deliveryB.get("/api/v1/content/company/" + id, "If-None-Match", etag).status(), is(304));
            nodeA.admin.patch("/admin/v1/content/company/" + id, "{\"data\":{\"name\":\"After\"}}");
            nodeA.admin.post("/admin/v1/content/company/" + id + "/publish", null);

            assertThat(awaitName(deliveryB, id, "After"), is(true));
        }
    }

    /** Polls node B (bounded) until it serves the expected name: propagation is asynchronous by design. */
    private static boolean awaitName(Http delivery, long id, String expected) {
        return Await.until(PROPAGATION_LIMIT, () -> {
            Http.Response r = delivery.get("/api/v1/content/company/" + id);
            return r.status() == 200 && r.data().asJsonObject().getString("name").equals(expected);
        });
    }
}
