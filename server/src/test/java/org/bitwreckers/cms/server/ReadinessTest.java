package org.bitwreckers.cms.server;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Readiness reports what the node needs to serve: with the database out of reach, or only its LISTEN connection lost,
 * the node reports not ready (a balancer takes it out of rotation) and comes back by itself. A request answered 503
 * during the outage has its id in the header, the envelope and the warning the node logs about it.
 */
class ReadinessTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

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
    void losingTheListenConnectionTakesTheNodeOutOfRotationUntilItIsBack() {
        assertThat(check("database-notifications"), is(Optional.of("UP")));
        // the database stays up; only the connection that LISTENs is ended (the pool's may go too: it reconnects)
        assertThat(Await.until(LIMIT, () -> {
            cms.database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                                         + cms.database.name() + "' AND query LIKE 'LISTEN%' OR query = 'SELECT 1'"
                                         + " AND datname = '" + cms.database.name() + "'");
            return check("database-notifications").equals(Optional.of("DOWN"));
        }), is(true));
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/observe/health/ready").status() == 200), is(true));
        assertThat(check("database-notifications"), is(Optional.of("UP")));
    }

    @Test
    void anUnreachableDatabaseTakesTheNodeOutOfRotationAndItsAnswersCarryTheRequestId() throws Exception {
        proxy.cut();
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/observe/health/ready").status() == 503), is(true));
        assertThat(Await.until(LIMIT, () -> check("database-notifications").equals(Optional.of("DOWN"))), is(true));
        assertThat(check("database"), is(Optional.of("DOWN")));
        try (LogCapture log = new LogCapture()) {
            Http.Response r = cms.delivery.get("/api/v1/content/company", "X-Request-Id", "outage-1");
            assertThat(r.status(), is(503));
            assertThat(r.header("X-Request-Id").orElseThrow(), is("outage-1"));
            assertThat(r.error().getString("requestId"), is("outage-1"));
            // what the node logs about this request (its access line at least) carries its id
            assertThat(Await.until(LIMIT, () -> log.lines().stream()
                    .anyMatch(l -> "outage-1".equals(l.getString("request_id", null))
                            && l.getString("message").contains("/api/v1/content/company"))), is(true));
            assertThat(log.lines().stream().filter(l -> l.getString("message").contains("/api/v1/content/company"))
                               .allMatch(l -> "outage-1".equals(l.getString("request_id", null))), is(true));
        }
        proxy.restore();
        assertThat(Await.until(LIMIT, () -> cms.admin.get("/observe/health/ready").status() == 200), is(true));
    }

    /** @return the status of one readiness check, as the health endpoint reports it */
    private Optional<String> check(String name) {
        JsonObject ready = cms.admin.get("/observe/health/ready").json();
        return ready.getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("name").equals(name)).map(c -> c.getString("status")).findFirst();
    }
}
