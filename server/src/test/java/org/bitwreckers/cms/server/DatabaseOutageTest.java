package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * PostgreSQL goes away under a running platform (a TCP proxy in front of the real server is cut): clients get a fast
 * 503 with Retry-After in the error envelope, and once the database is back the platform serves again by itself with
 * every acknowledged write intact.
 */
class DatabaseOutageTest {
    /** A request caught in flight waits at most the pool's 10 s for a connection, far below the old 30 s. */
    private static final Duration BOUNDED = Duration.ofSeconds(20);
    /** Once the node knows the database is away, nothing waits. */
    private static final Duration FAST = Duration.ofSeconds(2);

    private TcpProxy proxy;
    private TestPlatform cms;

    @BeforeEach
    void start() throws Exception {
        proxy = new TcpProxy(TestDatabase.SERVER);
        TestDatabase db = new TestDatabase();
        cms = TestPlatform.start(db, Map.of("DATABASE_URL", "postgresql://" + TestDatabase.USER + "@127.0.0.1:"
                + proxy.port() + "/" + db.name()));
    }

    @AfterEach
    void stop() throws Exception {
        cms.close();
        proxy.close();
    }

    @Test
    void whileTheDatabaseIsDownClientsGetAFast503AndNothingIsLostWhenItReturns() throws Exception {
        Http.Response created = cms.admin.post("/admin/v1/content/article",
                                               "{\"data\":{\"title\":\"Before the outage\",\"category\":\"news\"}}");
        assertThat(created.raw().body(), created.status(), is(201));
        long id = created.data().asJsonObject().getJsonNumber("id").longValue();

        proxy.cut();
        long began = System.nanoTime();
        Http.Response caught = cms.admin.get("/admin/v1/content/article/" + id); // may meet the dropped connections
        assertThat(Duration.ofNanos(System.nanoTime() - began), lessThan(BOUNDED));
        assertThat(caught.raw().body(), caught.status(), is(503));
        assertThat(Await.until(BOUNDED, () -> cms.admin.get("/observe/health/ready").status() == 503), is(true));
        for (int i = 0; i < 3; i++) {
            began = System.nanoTime();
            Http.Response read = cms.admin.get("/admin/v1/content/article/" + id);
            assertThat(Duration.ofNanos(System.nanoTime() - began), lessThan(FAST));
            assertThat(read.raw().body(), read.status(), is(503));
            assertThat(read.header("Retry-After").orElseThrow(), is("5"));
            assertThat(read.error().getString("code"), is("SERVICE_UNAVAILABLE"));
        }
        began = System.nanoTime();
        Http.Response write = cms.admin.post("/admin/v1/content/article",
                                             "{\"data\":{\"title\":\"During the outage\",\"category\":\"news\"}}");
        assertThat(Duration.ofNanos(System.nanoTime() - began), lessThan(FAST));
        assertThat(write.raw().body(), write.status(), is(503));
        began = System.nanoTime();
        assertThat(cms.delivery.get("/api/v1/content/article").status(), is(503)); // the public listener too
        assertThat(Duration.ofNanos(System.nanoTime() - began), lessThan(FAST));
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE data->>'title' = 'During the outage'"), is(0L));

        proxy.restore();
        assertThat(Await.until(Duration.ofSeconds(30), () -> cms.admin.get("/admin/v1/content/article/" + id).status() == 200),
                   is(true));
        assertThat(cms.admin.get("/admin/v1/content/article/" + id).data().asJsonObject().getJsonObject("data")
                           .getString("title"), is("Before the outage"));
        assertThat(cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"After the outage\",\"category\":"
                + "\"news\"}}").status(), is(201));
        assertThat(cms.database.number("SELECT count(*) FROM documents WHERE type = 'article' AND data->>'title'"
                                               + " IN ('Before the outage', 'After the outage')"), is(2L));
        assertThat(cms.admin.get("/observe/health/ready").status(), is(200));
    }
}
