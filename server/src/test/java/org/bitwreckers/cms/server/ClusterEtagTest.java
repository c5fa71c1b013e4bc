package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.bitwreckers.cms.core.config.SettingsLoader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Nodes on one database answer as one: the same ETag for the same content on every node and after every cache refill,
 * a fresh timestamp on every answer, and a warning at start when media kept in a local folder cannot be shared.
 */
class ClusterEtagTest {
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(10);

    @Test
    void etagsAgreeAcrossNodesAndRefillsWhileTimestampsMove() {
        try (TestPlatform nodeA = TestPlatform.start(Map.of());
             Platform nodeB = Platform.start(SettingsLoader.load(TestPlatform.env(nodeA.database, Map.of())))) {
            Http deliveryB = new Http("http://127.0.0.1:" + nodeB.port(), null);
            long id = publishedCompany(nodeA, "Acme");
            String path = "/api/v1/content/company/" + id;
            assertThat(Await.until(PROPAGATION_LIMIT, () -> deliveryB.get(path).status() == 200), is(true));

            Http.Response fromA = nodeA.delivery.get(path);
            Http.Response fromB = deliveryB.get(path);
            String etag = fromA.header("ETag").orElseThrow();
            assertThat(fromB.header("ETag").orElseThrow(), is(etag));
            assertThat(deliveryB.get(path, "If-None-Match", etag).status(), is(304));

            // node B answers from its cache, yet every answer is stamped when it is sent
            String first = fromB.json().getString("timestamp");
            assertThat(Await.until(Duration.ofSeconds(5), () -> !deliveryB.get(path).json().getString("timestamp")
                    .equals(first)), is(true));
            assertThat(deliveryB.get(path).header("ETag").orElseThrow(), is(etag));

            // another company changes the type's generation on both nodes: their caches refill, the ETag stays
            long other = publishedCompany(nodeA, "Globex");
            for (Http node : List.of(nodeA.delivery, deliveryB)) {
                assertThat(Await.until(PROPAGATION_LIMIT, () -> node.get("/api/v1/content/company?pageSize=100")
                        .data().toString().contains("\"id\":" + other)), is(true));
                Http.Response refilled = node.get(path);
                assertThat(refilled.header("ETag").orElseThrow(), is(etag));
                assertThat(refilled.json().getString("timestamp"), not(is(first)));
                assertThat(node.get(path, "If-None-Match", etag).status(), is(304));
            }
        }
    }

    @Test
    void aNodeWithLocalMediaWarnsAtStartWhenAnotherNodeSharesTheDatabase() {
        Logger logger = Logger.getLogger("org.bitwreckers.cms.core.media.MediaNodes");
        List<String> warnings = new CopyOnWriteArrayList<>();
        long thisThread = Thread.currentThread().threadId();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING && record.getLongThreadID() == thisThread) { // at start, not later
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (TestPlatform nodeA = TestPlatform.start(Map.of())) {
            assertThat(warnings, is(empty())); // alone: nothing to say

            try (Platform nodeB = Platform.start(SettingsLoader.load(TestPlatform.env(nodeA.database, Map.of())))) {
                assertThat(warnings, hasSize(1));
                assertThat(warnings.getFirst(), containsString("MEDIA_DIR"));
                assertThat(warnings.getFirst(), containsString("AWS_BUCKET_NAME"));
                assertThat(warnings.getFirst(), containsString("MEDIA_SHARED_DIR=true"));
            }
            warnings.clear();
            // the operator says the folder is shared (the same path on both): no warning
            try (Platform nodeC = Platform.start(SettingsLoader.load(TestPlatform.env(nodeA.database,
                                                                                     Map.of("MEDIA_SHARED_DIR", "true"))))) {
                assertThat(warnings, is(empty()));
            }
        } finally {
            logger.removeHandler(handler);
        }
    }

    private static long publishedCompany(TestPlatform node, String name) {
        Http.Response created = node.admin.post("/admin/v1/content/company", "{\"data\":{\"name\":\"" + name + "\"}}");
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(node.admin.post("/admin/v1/content/company/" + id + "/publish", null).status(), is(200));
        return id;
    }
}
