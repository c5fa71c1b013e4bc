package org.bitwreckers.cms.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * What an operator watches: Prometheus metrics on the admin listener for both listeners' requests (by route
 * template, never by raw path), the pool, the delivery cache, the job queue and search; request ids in headers, JSON
 * log lines and error envelopes.
 */
class ObservabilityTest {
    private static TestPlatform cms;

    @BeforeAll
    static void start() {
        cms = TestPlatform.start(Map.of("JOB_WORKERS", "0")); // jobs stay where the test puts them
    }

    @AfterAll
    static void stop() {
        cms.close();
    }

    private static PrometheusText scrape() {
        Http.Response r = cms.admin.withToken(null).get("/metrics");
        assertThat(r.status(), is(200));
        assertThat(r.header("Content-Type").orElseThrow(), startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(r.raw().body());
    }

    @Test
    void requestsOfBothListenersAreCountedByRouteTemplate() {
        String secretPath = "/api/v1/nothing-" + UUID.randomUUID();
        assertThat(cms.delivery.get("/api/v1/content/company?pageSize=5").status(), is(200));
        assertThat(cms.delivery.get(secretPath).status(), is(404));
        assertThat(cms.admin.get("/admin/v1/content/article").status(), is(200));
        assertThat(RawHttp.send(cms.platform.port(), "HEAD", "/api/v1/content/company", List.of(), null).status(), is(200));

        PrometheusText metrics = scrape();
        assertThat(metrics.value("http_server_requests_seconds_count", "listener", "delivery", "method", "HEAD",
                                 "uri", "/api/v1/content/{type}", "status", "200").orElseThrow(), greaterThan(0.0));
        assertThat(metrics.value("http_server_requests_seconds_count", "listener", "delivery", "method", "GET",
                                 "uri", "/api/v1/content/{type}", "status", "200", "outcome", "SUCCESS").orElseThrow(),
                   greaterThan(0.0));
        assertThat(metrics.value("http_server_requests_seconds_count", "listener", "admin", "uri",
                                 "/admin/v1/content/{type}", "status", "200").orElseThrow(), greaterThan(0.0));
        assertThat(metrics.value("http_server_requests_seconds_count", "listener", "delivery", "uri", "NOT_FOUND",
                                 "status", "404", "outcome", "CLIENT_ERROR").orElseThrow(), greaterThan(0.0));
        assertThat(metrics.find("http_server_requests_seconds_bucket", "listener", "delivery",
                                "uri", "/api/v1/content/{type}", "status", "200", "le", "+Inf"), not(empty()));
        assertThat(metrics.find("http_server_requests_seconds_sum", "listener", "admin"), not(empty()));
        for (PrometheusText.Sample s : metrics.all()) {
            assertThat(s.labels().values(), not(hasItem(containsString("nothing-")))); // raw paths are never labels
        }
    }

    @Test
    void unknownPathsShareOneSeries() {
        for (int i = 0; i < 5; i++) {
            cms.delivery.get("/scan/" + UUID.randomUUID());
            cms.admin.withToken(null).get("/wp-admin/" + i + "/x.php");
        }
        PrometheusText metrics = scrape();
        assertThat(metrics.find("http_server_requests_seconds_count", "uri", "NOT_FOUND").size(),
                   is(metrics.find("http_server_requests_seconds_count", "uri", "NOT_FOUND").stream()
                              .map(s -> s.labels().get("listener") + s.labels().get("method") + s.labels().get("status"))
                              .distinct().toList().size()));
        assertThat(metrics.find("http_server_requests_seconds_count").stream()
                           .filter(s -> s.labels().get("uri").startsWith("/scan") || s.labels().get("uri").startsWith("/wp"))
                           .toList(), is(empty()));
    }

    @Test
    void aRepeatedCachedReadCountsACacheHit() {
        String list = "/api/v1/content/company?pageSize=7";
        double hitsBefore = scrape().value("cache_gets_total", "cache", "delivery", "result", "hit").orElseThrow();
        assertThat(cms.delivery.get(list).status(), is(200));
        assertThat(cms.delivery.get(list).status(), is(200));
        PrometheusText metrics = scrape();
        assertThat(metrics.value("cache_gets_total", "cache", "delivery", "result", "hit").orElseThrow(),
                   greaterThan(hitsBefore));
        assertThat(metrics.value("cache_gets_total", "cache", "delivery", "result", "miss").orElseThrow(), greaterThan(0.0));
        assertThat(metrics.value("cache_size", "cache", "delivery").orElseThrow(), greaterThan(0.0));
        assertThat(metrics.value("bitwreckers_delivery_cache_bytes").orElseThrow(), greaterThan(0.0));
    }

    @Test
    void jobQueueDepthFollowsTheQueue() {
        assertThat(scrape().value("bitwreckers_jobs", "kind", "observe.later", "state", "scheduled").orElse(0.0), is(0.0));
        cms.database.execute("INSERT INTO jobs (kind, run_at) VALUES ('observe.later', now() + interval '1 hour'),"
                                     + " ('observe.later', now() + interval '2 hours')");
        cms.database.execute("INSERT INTO jobs (kind, status) VALUES ('observe.broken', 'dead')");
        cms.database.execute("INSERT INTO jobs (kind, run_at) VALUES ('observe.due', now() - interval '90 seconds'),"
                                     + " ('observe.due', now() - interval '10 seconds')");
        PrometheusText metrics = scrape();
        assertThat(metrics.value("bitwreckers_jobs", "kind", "observe.due", "state", "waiting").orElseThrow(), is(2.0));
        assertThat(metrics.value("bitwreckers_jobs_oldest_waiting_seconds", "kind", "observe.due").orElseThrow(),
                   both(greaterThanOrEqualTo(90.0)).and(lessThan(3600.0)));
        assertThat(metrics.value("bitwreckers_jobs", "kind", "observe.later", "state", "scheduled").orElseThrow(), is(2.0));
        assertThat(metrics.value("bitwreckers_jobs", "kind", "observe.broken", "state", "dead").orElseThrow(), is(1.0));
        cms.database.execute("DELETE FROM jobs WHERE kind = 'observe.later'");
        // a kind whose jobs are gone reads 0 instead of vanishing, so a dashboard sees the queue empty
        assertThat(scrape().value("bitwreckers_jobs", "kind", "observe.later", "state", "scheduled").orElseThrow(), is(0.0));
        assertThat(metrics.value("bitwreckers_mail_failed").orElseThrow(), is(0.0));
        assertThat(metrics.value("bitwreckers_webhook_deliveries_failed").orElseThrow(), is(0.0));
    }

    @Test
    void poolJvmAndSearchMetersArePresent() {
        assertThat(cms.delivery.get("/api/v1/search?q=acme").status(), is(200));
        PrometheusText metrics = scrape();
        for (String gauge : List.of("hikaricp_connections", "hikaricp_connections_active", "hikaricp_connections_idle",
                                    "hikaricp_connections_pending", "hikaricp_connections_max")) {
            assertThat(gauge, metrics.value(gauge, "pool", "bitwreckers").isPresent(), is(true));
        }
        assertThat(metrics.value("hikaricp_connections_max", "pool", "bitwreckers").orElseThrow(), greaterThan(0.0));
        assertThat(metrics.find("hikaricp_connections_acquire_seconds_count", "pool", "bitwreckers"), not(empty()));
        // the read pool of published lists and items has its own (the search above read no document through it)
        assertThat(cms.delivery.get("/api/v1/content/article").status(), is(200));
        assertThat(scrape().find("hikaricp_connections_acquire_seconds_count", "pool", "bitwreckers-reads"),
                   not(empty()));
        assertThat(metrics.find("jvm_memory_used_bytes", "area", "heap"), not(empty()));
        assertThat(metrics.find("jvm_threads_live_threads"), not(empty()));
        assertThat(metrics.find("process_uptime_seconds"), not(empty()));
        assertThat(metrics.value("bitwreckers_search_seconds_count", "operation", "search", "outcome", "success")
                           .orElseThrow(), greaterThan(0.0));
        assertThat(metrics.value("bitwreckers_database_listen_connected").orElseThrow(), is(1.0));
        assertThat(metrics.all().stream().allMatch(s -> "bitwreckers".equals(s.labels().get("application"))), is(true));
    }

    @Test
    void metricsAreServedOnTheAdminListenerOnly() {
        assertThat(cms.delivery.get("/metrics").status(), is(404));
        JsonObject admin = cms.admin.withToken(null).get("/openapi.json").json();
        assertThat(admin.getJsonObject("paths").containsKey("/metrics"), is(true));
    }

    @Test
    void aWellFormedRequestIdIsKeptInTheAnswerTheLogAndTheErrorEnvelope() {
        try (LogCapture log = new LogCapture()) {
            Http.Response r = cms.delivery.get("/api/v1/content/company/no-such-company", "X-Request-Id", "lb-7f3a.42:x_y");
            assertThat(r.status(), is(404));
            assertThat(r.header("X-Request-Id").orElseThrow(), is("lb-7f3a.42:x_y"));
            assertThat(r.error().getString("requestId"), is("lb-7f3a.42:x_y"));
            assertThat(Await.until(Duration.ofSeconds(5), () -> accessLine(log, "lb-7f3a.42:x_y") != null), is(true));
            JsonObject access = accessLine(log, "lb-7f3a.42:x_y");
            assertThat(access.getString("route"), is("/api/v1/content/{type}/{idOrSlug}"));
            assertThat(access.getString("path"), is("/api/v1/content/company/no-such-company"));
            assertThat(access.getInt("status"), is(404));
            assertThat(access.getString("method"), is("GET"));
            assertThat(access.getString("listener"), is("delivery"));
            assertThat(access.getJsonNumber("bytes").longValue(), greaterThan(0L));
            assertThat(access.containsKey("duration_ms"), is(true));
            assertThat(access.getString("level"), is("INFO"));
            assertThat(access.getString("time"), matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            assertThat(access.getString("thread").isEmpty(), is(false));
        }
    }

    @Test
    void aHostileRequestIdIsReplaced() {
        for (String hostile : List.of("x\" injected=\"1", "a".repeat(65), "<script>", "id with spaces")) {
            Http.Response r = cms.admin.get("/admin/v1/content/nosuchtype", "X-Request-Id", hostile);
            String id = r.header("X-Request-Id").orElseThrow();
            assertThat(id, matchesPattern("[0-9a-f]{32}"));
            assertThat(r.error().getString("requestId"), is(id));
        }
        Http.Response none = cms.delivery.get("/api/v1/content/company");
        assertThat(none.header("X-Request-Id").orElseThrow(), matchesPattern("[0-9a-f]{32}"));
    }

    @Test
    void secretsAndQueriesStayOutOfTheAccessLog() throws Exception {
        try (LogCapture log = new LogCapture()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cms.platform.port()
                                                              + "/api/v1/search?q=query-secret-123"))
                            .header("Authorization", "Bearer " + TestPlatform.ADMIN_TOKEN)
                            .header("Cookie", "session=cookie-secret-456")
                            .header("X-Request-Id", "secret-check").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode(), is(200));
            assertThat(Await.until(Duration.ofSeconds(5), () -> accessLine(log, "secret-check") != null), is(true));
            String all = String.join("\n", log.lines().stream().map(JsonObject::toString).toList());
            for (String secret : List.of("query-secret-123", "cookie-secret-456", TestPlatform.ADMIN_TOKEN)) {
                assertThat(all, not(containsString(secret)));
            }
            assertThat(accessLine(log, "secret-check").getString("path"), is("/api/v1/search"));
        }
    }

    private static JsonObject accessLine(LogCapture log, String requestId) {
        return log.lines().stream().filter(l -> l.getString("logger").equals("org.bitwreckers.cms.access"))
                .filter(l -> requestId.equals(l.getString("request_id", null))).findFirst().orElse(null);
    }
}
