package org.bitwreckers.cms.server;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.identity.PasswordHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Analytics against real PostgreSQL, with the real site's content and plugins: beacons counted once per visitor and
 * day with no address or user agent stored, robots and opted-out visitors dropped and counted, the day's salt deleted
 * once the day is over, rollups and reports (JSON and CSV), and the platform's own facts recorded with each change.
 */
class AnalyticsTest {
    private static final String SITE = "http://localhost:3000";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private static final Duration RULES_LOAD = Duration.ofSeconds(90); // the robot rules load in the background once

    private static PluginPlatform cms;

    @BeforeAll
    static void start() throws Exception {
        cms = PluginPlatform.start(Map.of("RATE_LIMIT_FORMS", "10000"), "application-workflow", "event-registration");
    }

    @AfterAll
    static void stop() throws Exception {
        cms.close();
    }

    private static Http.Response beacon(String json, String userAgent, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "User-Agent";
        all[1] = userAgent;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return cms.cms.delivery.send("POST", "/api/v1/collect", json, "text/plain", all);
    }

    private static long count(String sql) {
        return cms.cms.database.number(sql);
    }

    /** Runs the rollup job now (it also runs every five minutes) and waits until it is done. */
    private static void rollUp() {
        long done = count("SELECT count(*) FROM jobs WHERE kind = 'analytics.rollup' AND status = 'done'");
        cms.cms.database.execute("UPDATE recurring_jobs SET next_run_at = now() WHERE name = 'analytics-rollup'");
        assertThat(Await.until(Duration.ofSeconds(30), () -> count(
                "SELECT count(*) FROM jobs WHERE kind = 'analytics.rollup' AND status = 'done'") > done), is(true));
    }

    private static JsonObject report(String path) {
        Http.Response r = cms.cms.admin.get("/admin/v1/analytics/" + path);
        assertThat(r.json().toString(), r.status(), is(200));
        return (JsonObject) r.data();
    }

    @Test
    void visitorsAreCountedOncePerDayAndNothingIdentifiesThem() {
        long project = cms.published("project", "{\"title\":\"Counted Project\",\"description\":\"d\","
                + "\"category\":\"web\",\"status\":\"live\"}");
        String slug = cms.cms.database.text("SELECT slug FROM documents WHERE id = " + project);
        long before = count("SELECT count(*) FROM analytics_events");
        for (int i = 0; i < 3; i++) {
            assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/visits/home?utm_source=newsletter\"}", FIREFOX)
                               .status(), is(202));
        }
        assertThat(beacon("{\"k\":\"view\",\"u\":\"" + SITE + "/visits/projects/" + slug + "\",\"t\":\"project\",\"s\":\""
                                  + slug + "\",\"r\":\"https://www.google.com/\"}", FIREFOX).status(), is(202));
        assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/visits/home\"}", SAFARI).status(), is(202));
        assertThat(beacon("{\"k\":\"event\",\"u\":\"" + SITE + "/visits/home\",\"n\":\"apply_clicked\"}", SAFARI)
                           .status(), is(202));
        assertThat(Await.until(RULES_LOAD, () -> count("SELECT count(*) FROM analytics_events") == before + 6), is(true));

        // two visitors today, whatever they did; no address, user agent or account anywhere in the analytics tables
        assertThat(count("SELECT count(DISTINCT visitor) FROM analytics_events e JOIN analytics_paths p"
                                 + " ON p.id = e.path_id WHERE p.path LIKE '/visits/%'"), is(2L));
        String stored = cms.cms.database.text("SELECT string_agg(t::text, ' ') FROM (SELECT row_to_json(e)::text AS t"
                + " FROM analytics_events e UNION ALL SELECT row_to_json(a)::text FROM analytics_agents a UNION ALL"
                + " SELECT row_to_json(s)::text FROM analytics_sources s) x");
        assertThat(stored, not(containsString("127.0.0.1")));
        assertThat(stored, not(containsString("Gecko")));
        assertThat(stored, not(containsString("Mozilla")));
        assertThat(count("SELECT count(*) FROM information_schema.columns WHERE table_name LIKE 'analytics%'"
                                 + " AND column_name ~ '(ip|address|agent|user_id|account)$' AND table_name <> 'analytics_member_days'"),
                   is(0L));
        // the view names its project; channels come from the referrer and the tags
        assertThat(count("SELECT count(*) FROM analytics_events WHERE kind = 2 AND entity_type = 'project'"
                                 + " AND entity_id = (SELECT id FROM documents WHERE type = 'project' AND slug = '" + slug + "')"),
                   is(1L));

        rollUp();
        JsonObject today = report("summary?period=today").getJsonArray("rows").getJsonObject(0);
        assertThat(today.getJsonNumber("pageviews").longValue() >= 5, is(true));
        assertThat(today.getJsonNumber("events").longValue() >= 1, is(true));
        assertThat(today.getJsonNumber("document_views").longValue() >= 1, is(true));

        JsonArray pages = report("breakdown?dimension=page&period=today&limit=100").getJsonArray("rows");
        JsonObject home = pages.stream().map(v -> v.asJsonObject())
                .filter(p -> p.getString("key").equals("/visits/home")).findFirst().orElseThrow();
        assertThat(home.getJsonNumber("views").longValue(), is(4L));
        assertThat(home.getJsonNumber("visitors").longValue(), is(2L));
        JsonArray channels = report("breakdown?dimension=channel&period=today&filter=page:/visits/home").getJsonArray("rows");
        assertThat(channels.toString(), containsString("\"key\":\"email\""));
        JsonArray top = report("top-documents?type=project&period=7d").getJsonArray("rows");
        assertThat(top.getJsonObject(0).getString("daily").split(",").length, is(7));

        Http.Response csv = cms.cms.admin.get("/admin/v1/analytics/breakdown?dimension=page&period=today&format=csv");
        assertThat(csv.status(), is(200));
        assertThat(csv.header("Content-Type").orElseThrow(), startsWith("text/csv"));
        assertThat(csv.raw().body(), startsWith("key,views,visitors,share\r\n"));
        assertThat(csv.raw().body(), containsString("/visits/home,"));
    }

    private static JsonObject row(JsonArray rows, String key) {
        return rows.stream().map(v -> v.asJsonObject()).filter(r -> r.getString("key").equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " missing from " + rows));
    }

    private static String viewsAndVisitors(JsonObject row) {
        return row.getJsonNumber("views").longValue() + " views, " + row.getJsonNumber("visitors").longValue() + " visitors";
    }

    @Test
    void filteredReportsSumTheDailyCellsAndAgreeWithTheRawVisits() {
        String windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0";
        long before = count("SELECT count(*) FROM analytics_events");
        for (int i = 0; i < 2; i++) {
            assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/cells/a?utm_source=newsletter\"}", windows)
                               .status(), is(202));
        }
        assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/cells/b\"}", windows).status(), is(202));
        assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/cells/a\"}", SAFARI).status(), is(202));
        assertThat(beacon("{\"k\":\"event\",\"u\":\"" + SITE + "/cells/a\",\"n\":\"apply_clicked\"}", SAFARI)
                           .status(), is(202));
        assertThat(Await.until(RULES_LOAD, () -> count("SELECT count(*) FROM analytics_events") == before + 5), is(true));
        rollUp();

        JsonArray browsers = report("breakdown?dimension=browser&period=today&filter=page:/cells/a").getJsonArray("rows");
        assertThat(viewsAndVisitors(row(browsers, "Firefox")), is("2 views, 1 visitors"));
        assertThat(viewsAndVisitors(row(browsers, "Safari")), is("1 views, 1 visitors"));
        JsonObject day = report("timeseries?period=today&filter=page:/cells/a").getJsonArray("rows").getJsonObject(0);
        assertThat(day.getJsonNumber("pageviews").longValue() + " views, " + day.getJsonNumber("visitors").longValue()
                           + " visitors", is("3 views, 2 visitors"));
        JsonArray events = report("breakdown?dimension=event&period=today&filter=page:/cells/a").getJsonArray("rows");
        assertThat(viewsAndVisitors(row(events, "apply_clicked")), is("1 views, 1 visitors"));
        JsonArray email = report("breakdown?dimension=page&period=today&limit=100&filter=channel:email"
                                         + "&filter=browser:Firefox").getJsonArray("rows");
        assertThat(viewsAndVisitors(row(email, "/cells/a")), is("2 views, 1 visitors"));
        assertThat(email.toString(), not(containsString("/cells/b")));

        // every page of one browser today, as the raw visits count it: a visitor once per path and source
        JsonArray firefox = report("breakdown?dimension=page&period=today&limit=100&filter=browser:Firefox")
                .getJsonArray("rows");
        String raw = cms.cms.database.text("SELECT string_agg(path || ' ' || views || ' views, ' || visitors || ' visitors',"
                + " '; ' ORDER BY path COLLATE \"C\") FROM (SELECT p.path, count(*) AS views, count(DISTINCT (e.visitor, e.source_id))"
                + " AS visitors FROM analytics_events e JOIN analytics_paths p ON p.id = e.path_id JOIN analytics_agents a"
                + " ON a.id = e.agent_id WHERE a.browser = 'Firefox' AND e.kind IN (1, 2)"
                + " AND e.occurred_at >= (now() AT TIME ZONE 'UTC')::date::timestamp AT TIME ZONE 'UTC' GROUP BY p.path) r");
        String reported = firefox.stream().map(v -> v.asJsonObject()).sorted((x, y) -> x.getString("key")
                .compareTo(y.getString("key"))).map(r -> r.getString("key") + " " + viewsAndVisitors(r))
                .reduce((x, y) -> x + "; " + y).orElse("");
        assertThat(reported, is(raw));
    }

    @Test
    void robotsAndOptedOutVisitorsAreDroppedAndCounted() {
        long before = count("SELECT count(*) FROM analytics_events");
        long bots = count("SELECT coalesce(sum(hits), 0) FROM analytics_dropped WHERE reason = 'bot'");
        String page = "{\"k\":\"pageview\",\"u\":\"" + SITE + "/robots\"}";
        assertThat(beacon(page, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").status(), is(202));
        assertThat(beacon(page, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " HeadlessChrome/131.0.0.0 Safari/537.36").status(), is(202));
        assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/robots\",\"wd\":true}", FIREFOX).status(), is(202));
        assertThat(beacon(page, FIREFOX, "Sec-Purpose", "prefetch").status(), is(202));
        assertThat(beacon(page, FIREFOX, "Sec-GPC", "1").status(), is(202));
        assertThat(beacon("{\"k\":\"pageview\",\"u\":\"https://elsewhere.example/robots\"}", FIREFOX).status(), is(202));
        assertThat(Await.until(RULES_LOAD, () -> count("SELECT coalesce(sum(hits), 0) FROM analytics_dropped"
                                                              + " WHERE reason = 'bot'") == bots + 4), is(true));
        assertThat(Await.until(Duration.ofSeconds(10), () -> count(
                "SELECT coalesce(sum(hits), 0) FROM analytics_dropped WHERE reason IN ('opt_out', 'foreign')") >= 2),
                   is(true));
        assertThat(count("SELECT count(*) FROM analytics_events e JOIN analytics_paths p ON p.id = e.path_id"
                                 + " WHERE p.path = '/robots'"), is(0L));
        assertThat(count("SELECT count(*) FROM analytics_events") >= before, is(true));
        assertThat(report("dropped?period=today").getJsonArray("rows").toString(), containsString("\"reason\":\"bot\""));
    }

    @Test
    void badBeaconsAreAnsweredClearlyAndCountNothing() {
        Http.Response bad = beacon("{\"k\":\"click\",\"u\":\"ftp://x\",\"n\":5}", FIREFOX);
        assertThat(bad.status(), is(400));
        assertThat(bad.error().getJsonObject("details"), hasKey("k"));
        assertThat(bad.error().getJsonObject("details"), hasKey("u"));
        assertThat(beacon("not json", FIREFOX).status(), is(400));
        assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/" + "a".repeat(3000) + "\"}", FIREFOX).status(), is(413));
        assertThat(cms.cms.delivery.send("POST", "/api/v1/collect", "{}", "image/png", "User-Agent", FIREFOX).status(),
                   is(415));
        assertThat(cms.cms.delivery.get("/api/v1/collect").status(), is(405));
        Http.Response script = cms.cms.delivery.get("/api/v1/analytics.js");
        assertThat(script.status(), is(200));
        assertThat(script.header("Content-Type").orElseThrow(), startsWith("text/javascript"));
        assertThat(script.raw().body(), containsString("sendBeacon"));
    }

    @Test
    void aDaysSaltIsDeletedOnceTheDayIsOver() {
        cms.cms.database.execute("INSERT INTO analytics_salts (day, salt) VALUES (current_date - 2, '\\x00')"
                                         + " ON CONFLICT DO NOTHING");
        assertThat(beacon("{\"k\":\"pageview\",\"u\":\"" + SITE + "/salted\"}", FIREFOX).status(), is(202));
        assertThat(Await.until(RULES_LOAD, () -> count("SELECT count(*) FROM analytics_salts WHERE day = current_date") == 1),
                   is(true));
        rollUp();
        assertThat(count("SELECT count(*) FROM analytics_salts WHERE day < (now() AT TIME ZONE 'UTC')::date"), is(0L));
        assertThat(count("SELECT count(*) FROM analytics_salts"), is(1L));
    }

    @Test
    void reportsRefuseUnknownParametersAndStaffWithoutThePermission() {
        Http.Response bad = cms.cms.admin.get("/admin/v1/analytics/breakdown?dimension=shoe&period=1y");
        assertThat(bad.status(), is(400));
        Http.Response unknown = cms.cms.admin.get("/admin/v1/analytics/summary?colour=red");
        assertThat(unknown.status(), is(400));
        assertThat(unknown.error().getJsonObject("details"), hasKey("colour"));
        Http.Response tooLong = cms.cms.admin.get("/admin/v1/analytics/summary?from=2024-01-01&to=2026-01-01");
        assertThat(tooLong.status(), is(400));
        long student = cms.user("analytics.student@example.org", "student");
        assertThat(cms.adminAs(student, "student").get("/admin/v1/analytics/summary").status(), is(403));
        long editor = cms.user("analytics.editor@example.org", "editor");
        assertThat(cms.adminAs(editor, "editor").get("/admin/v1/analytics/summary").status(), is(200));
    }

    /** Each imported document with a status has its "created" fact, written for the batch in one statement. */
    @Test
    void eachImportedDocumentWithAStatusHasItsCreatedFact() {
        String item = "{\"data\":{\"title\":\"%s\",\"description\":\"d\",\"category\":\"web\",\"status\":\"live\"}}";
        Http.Response r = cms.cms.admin.post("/admin/v1/content/project/bulk", "{\"items\":["
                + item.formatted("Fact one") + "," + item.formatted("Fact two") + "," + item.formatted("Fact three") + "]}");
        assertThat(r.raw().body(), r.status(), is(201));
        JsonArray ids = r.data().asJsonObject().getJsonArray("ids");
        assertThat(count("SELECT count(*) FROM analytics_facts WHERE fact = 'created' AND subject = 'project'"
                                 + " AND to_state = 'live' AND from_state IS NULL"
                                 + " AND subject_id IN (" + ids.toString().replaceAll("[\\[\\]]", "") + ")"), is(3L));
    }

    @Test
    void thePlatformsOwnFactsAreRecordedWithEachChange() {
        // applications: created, then decided; the funnel and time to decision follow
        Http.Response applied = cms.cms.delivery.post("/api/v1/students/apply", "{\"full_name\":\"Fact Finder\",\"email\":"
                + "\"facts@example.org\",\"university\":\"TU\",\"preferred_field\":\"ai\",\"message\":\"Hi\"}");
        assertThat(applied.json().toString(), applied.status(), is(201));
        long id = ((JsonObject) applied.data()).getJsonNumber("id").longValue();
        long editorId = cms.user("facts.editor@example.org", "editor");
        assertThat(cms.adminAs(editorId, "editor").post("/admin/v1/workflows/student_application/" + id + "/transitions",
                                                         "{\"to\":\"approved\",\"note\":\"ok\"}").status(), is(200));
        assertThat(count("SELECT count(*) FROM analytics_facts WHERE subject = 'student_application' AND subject_id = " + id),
                   is(2L));
        JsonObject applications = report("applications?type=student_application&period=today");
        JsonObject funnel = applications.getJsonArray("workflows").getJsonObject(0);
        String steps = funnel.getJsonArray("steps").toString();
        assertThat(steps, containsString("{\"state\":\"approved\",\"reached\":1"));
        assertThat(funnel.getJsonObject("time_to_decision").getJsonNumber("decided").longValue() >= 1, is(true));
        assertThat(funnel.getJsonArray("backlog").size(), is(4));

        // events: one seat, two people: one registered, one waitlisted
        long event = cms.published("event", "{\"title\":\"Facts night\",\"description\":\"d\",\"event_type\":\"meetup\","
                + "\"date\":\"" + Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"location\":\"Lab\",\"attendees_limit\":1,\"status\":\"upcoming\"}");
        for (String who : new String[] {"seat.one@example.org", "seat.two@example.org"}) {
            Http.Response r = cms.asUser(cms.user(who, "student"), "student")
                    .post("/api/v1/community/events/" + event + "/register", null);
            assertThat(r.json().toString(), r.status(), is(201));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonArray events = report("events?from=" + today + "&to=" + today.plusDays(7)).getJsonArray("rows");
        JsonObject night = events.stream().map(v -> v.asJsonObject())
                .filter(e -> e.getJsonNumber("id").longValue() == event).findFirst().orElseThrow();
        assertThat(night.getJsonNumber("registered").longValue(), is(1L));
        assertThat(night.getJsonNumber("waitlisted").longValue(), is(1L));
        assertThat(night.getJsonNumber("fill_rate").doubleValue(), is(1.0));
        String registrations = report("event-registrations?period=today").getJsonArray("rows").toString();
        assertThat(registrations, containsString("\"registered\":1"));
        assertThat(registrations, containsString("\"waitlisted\":1"));

        // members: a sign-in marks the day; sign-ups are counted
        long before = count("SELECT count(*) FROM analytics_facts WHERE fact = 'signed_up'");
        String email = "active.member@example.org";
        cms.user(email, "student");
        assertThat(count("SELECT count(*) FROM analytics_facts WHERE fact = 'signed_up'"), is(before + 1));
        String hash = new PasswordHasher().hash("correct horse battery");
        cms.cms.database.execute("UPDATE users SET password_hash = '" + hash + "' WHERE email = '" + email + "'");
        Http.Response login = cms.cms.delivery.post("/api/v1/auth/login", "{\"email\":\"" + email
                + "\",\"password\":\"correct horse battery\"}");
        assertThat(login.json().toString(), login.status(), is(200));
        assertThat(count("SELECT count(*) FROM analytics_member_days m JOIN users u ON u.id = m.user_id"
                                 + " WHERE u.email = '" + email + "' AND m.day = (now() AT TIME ZONE 'UTC')::date"), is(1L));
        // a sign-up at the first and one at the last second of the day before are on their own days
        cms.cms.database.execute("INSERT INTO analytics_facts (occurred_at, fact, subject, subject_id, to_state) VALUES"
                                         + " (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',"
                                         + " 'signed_up', 'user', 0, 'student'),"
                                         + " (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
                                         + " - interval '1 second', 'signed_up', 'user', 0, 'student')");
        long signedUpToday = count("SELECT count(*) FROM analytics_facts WHERE fact = 'signed_up'"
                                           + " AND (occurred_at AT TIME ZONE 'UTC')::date = (now() AT TIME ZONE 'UTC')::date");
        JsonObject members = report("members?period=today").getJsonArray("rows").getJsonObject(0);
        assertThat(members.getJsonNumber("signups").longValue(), is(signedUpToday));
        assertThat(members.getJsonNumber("dau").longValue() >= 1, is(true));
        assertThat(members.getJsonNumber("mau").longValue() >= members.getJsonNumber("dau").longValue(), is(true));

        // newsletter: a subscription's states
        cms.cms.database.execute("INSERT INTO newsletter_subscribers (email, status, confirmed_at) VALUES"
                                         + " ('reader@example.org', 'confirmed', now())");
        cms.cms.database.execute("UPDATE newsletter_subscribers SET status = 'unsubscribed' WHERE email = 'reader@example.org'");
        String newsletter = report("newsletter?period=today").getJsonArray("rows").toString();
        assertThat(newsletter, containsString("\"confirmed\":1"));
        assertThat(newsletter, containsString("\"unsubscribed\":1"));
    }

    @Test
    void theTimeseriesComparesWithThePeriodBeforeAndTheFunnelsDownloadAsCsv() {
        cms.cms.database.execute("INSERT INTO analytics_daily_site (day, pageviews, visitors, events) VALUES"
                                         + " ('2020-03-01', 5, 2, 0), ('2020-03-02', 6, 3, 0), ('2020-03-03', 7, 4, 0),"
                                         + " ('2020-03-04', 8, 5, 0)");
        JsonArray rows = report("timeseries?from=2020-03-03&to=2020-03-04&compare=previous").getJsonArray("rows");
        assertThat(rows.stream().map(v -> v.asJsonObject()).map(r -> r.getString("t") + " " + r.getInt("pageviews") + "/"
                + r.getInt("visitors") + " before " + r.getString("previous_t") + " " + r.getInt("previous_pageviews")
                + "/" + r.getInt("previous_visitors")).toList(),
                   is(List.of("2020-03-03 7/4 before 2020-03-01 5/2", "2020-03-04 8/5 before 2020-03-02 6/3")));
        assertThat(report("timeseries?from=2020-03-03&to=2020-03-04").getJsonArray("rows").getJsonObject(0)
                           .containsKey("previous_t"), is(false));
        Http.Response bad = cms.cms.admin.get("/admin/v1/analytics/timeseries?compare=last-year");
        assertThat(bad.status(), is(400));
        assertThat(bad.error().getJsonObject("details"), hasKey("compare"));

        Http.Response csv = cms.cms.admin.get("/admin/v1/analytics/applications?period=today&format=csv");
        assertThat(csv.status(), is(200));
        assertThat(csv.header("Content-Type").orElseThrow(), startsWith("text/csv"));
        assertThat(csv.raw().body(), startsWith("type,state,reached,conversion"));
        assertThat(csv.raw().body(), containsString("\r\nstudent_application,pending,"));
        assertThat(csv.raw().body(), containsString("\r\naccelerator_application,submitted,"));
    }

    @Test
    void monthsPastTheRetentionAreDroppedWholeAndTheNextMonthIsReady() {
        LocalDate old = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(14);
        String name = String.format("analytics_events_%d_%02d", old.getYear(), old.getMonthValue());
        cms.cms.database.execute("CREATE TABLE " + name + " PARTITION OF analytics_events FOR VALUES FROM ('" + old
                                         + "') TO ('" + old.plusMonths(1) + "')");
        cms.cms.database.execute("INSERT INTO analytics_daily_site (day, pageviews, visitors, events) VALUES ('" + old
                                         + "', 7, 3, 0) ON CONFLICT DO NOTHING");
        long done = count("SELECT count(*) FROM jobs WHERE kind = 'analytics.upkeep' AND status = 'done'");
        cms.cms.database.execute("UPDATE recurring_jobs SET next_run_at = now() WHERE name = 'analytics-upkeep'");
        assertThat(Await.until(Duration.ofSeconds(30), () -> count(
                "SELECT count(*) FROM jobs WHERE kind = 'analytics.upkeep' AND status = 'done'") > done), is(true));
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + name + "'"), is(0L));
        LocalDate next = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        assertThat(count(String.format("SELECT count(*) FROM pg_class WHERE relname = 'analytics_events_%d_%02d'",
                                       next.getYear(), next.getMonthValue())), is(1L));
        // rollups are aggregates: they stay
        assertThat(count("SELECT pageviews FROM analytics_daily_site WHERE day = '" + old + "'"), is(7L));
    }

    @Test
    void pastDaysCanBeRecountedAfterAnImport() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        LocalDate month = day.withDayOfMonth(1);
        cms.cms.database.execute(String.format("CREATE TABLE IF NOT EXISTS analytics_events_%d_%02d PARTITION OF"
                + " analytics_events FOR VALUES FROM ('%s') TO ('%s')", month.getYear(), month.getMonthValue(), month,
                month.plusMonths(1)));
        cms.cms.database.execute("INSERT INTO analytics_paths (path) VALUES ('/imported') ON CONFLICT DO NOTHING");
        cms.cms.database.execute("INSERT INTO analytics_sources (channel, referrer_host, utm_source, utm_medium,"
                                         + " utm_campaign) VALUES ('direct', '', '', '', '') ON CONFLICT DO NOTHING");
        cms.cms.database.execute("INSERT INTO analytics_agents (browser, os, device) VALUES ('Firefox', 'Linux', 'desktop')"
                                         + " ON CONFLICT DO NOTHING");
        cms.cms.database.execute("INSERT INTO analytics_events (occurred_at, visitor, path_id, source_id, agent_id, kind)"
                                         + " SELECT '" + day + "T12:00:00Z', v, p.id, s.id, a.id, 1"
                                         + " FROM generate_series(1, 3) v, analytics_paths p, analytics_sources s, analytics_agents a"
                                         + " WHERE p.path = '/imported' AND s.channel = 'direct' AND s.referrer_host = ''"
                                         + " AND s.utm_source = '' AND a.browser = 'Firefox' AND a.os = 'Linux'");
        Http.Response queued = cms.cms.admin.post("/admin/v1/analytics/rollups?from=" + day + "&to=" + day, null);
        assertThat(queued.json().toString(), queued.status(), is(202));
        assertThat(Await.until(Duration.ofSeconds(30), () -> count(
                "SELECT coalesce(sum(r.visitors), 0) FROM analytics_daily_pages r JOIN analytics_paths p ON p.id = r.path_id"
                        + " WHERE p.path = '/imported' AND r.day = '" + day + "'") == 3), is(true));
    }
}
