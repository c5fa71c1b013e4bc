package org.bitwreckers.cms.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * HEAD answers wherever GET does, on both listeners, for the platform's own routes, the site's routes and plugin
 * routes: the same status and headers (ETag, length), no body, and 304 for a matching If-None-Match.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadTest {
    private PluginPlatform plugins;
    private TestPlatform cms;

    @BeforeAll
    void start() throws IOException {
        plugins = PluginPlatform.start(Map.of(), "hello", "event-registration");
        cms = plugins.cms;
    }

    @AfterAll
    void stop() throws IOException {
        plugins.close();
    }

    @Test
    void headMirrorsGetOnEveryKindOfRoute() {
        long event = plugins.published("event", "{\"title\":\"Head day\",\"date\":\"2030-01-01T10:00:00Z\","
                + "\"description\":\"d\",\"event_type\":\"workshop\",\"location\":\"Lab\",\"attendees_limit\":5}");
        List<String> admin = List.of("Authorization: Bearer " + TestPlatform.ADMIN_TOKEN);
        List<Object[]> targets = new ArrayList<>();
        for (String path : List.of("/api/v1/content/event", "/api/v1/content/event/" + event, "/api/v1/events/upcoming",
                                   "/api/v1/stats/network", "/api/v1/hello?name=Ada", "/openapi.json", "/api/v1/nowhere",
                                   "/api/v1/auth/me", "/api/v1/content/event/999999")) {
            targets.add(new Object[] {cms.platform.port(), path, List.<String>of()});
        }
        for (String path : List.of("/admin/v1/types", "/admin/v1/content/event", "/admin/v1/content/event/" + event,
                                   "/admin/v1/events/" + event + "/registrations", "/openapi.json", "/admin/v1/nowhere")) {
            targets.add(new Object[] {cms.platform.adminPort(), path, admin});
        }
        for (Object[] t : targets) {
            int port = (Integer) t[0];
            String path = (String) t[1];
            @SuppressWarnings("unchecked")
            List<String> headers = (List<String>) t[2];
            RawHttp.Response get = RawHttp.send(port, "GET", path, headers, null);
            RawHttp.Response head = RawHttp.send(port, "HEAD", path, headers, null);
            assertThat(path + ": " + get.text(), head.status(), is(get.status()));
            assertThat(path + " sent a body: " + new String(head.body()), head.body().length, is(0));
            assertThat(path, head.header("Content-Type"), is(get.header("Content-Type")));
            assertThat(path, head.header("Content-Length").map(Integer::parseInt).orElse(get.body().length),
                       is(get.body().length));
            assertThat(path, head.header("ETag"), is(get.header("ETag")));
            if (get.header("ETag").isPresent()) {
                List<String> conditional = new ArrayList<>(headers);
                conditional.add("If-None-Match: " + get.header("ETag").get());
                RawHttp.Response notModified = RawHttp.send(port, "HEAD", path, conditional, null);
                assertThat(path, notModified.status(), is(304));
                assertThat(path, notModified.body().length, is(0));
            }
        }
    }

    @Test
    void helidonsObserversKeepTheirOwnHead() {
        for (String path : List.of("/observe/health", "/observe/health/ready")) {
            RawHttp.Response head = RawHttp.send(cms.platform.adminPort(), "HEAD", path, List.of(), null);
            assertThat(path + " " + head.status(), head.status() < 500, is(true)); // health: 204
            assertThat(path + " sent a body", head.body().length, is(0));
        }
    }

    @Test
    void metricsAnswerHeadLikeGetWithoutABody() {
        RawHttp.Response head = RawHttp.send(cms.platform.adminPort(), "HEAD", "/metrics", List.of(), null);
        assertThat(head.status(), is(200));
        assertThat(head.body().length, is(0));
        assertThat(Integer.parseInt(head.header("Content-Length").orElseThrow()), greaterThan(0));
    }

    @Test
    void headWhereOnlyPostIsServedIsMethodNotAllowedWithoutABody() {
        RawHttp.Response r = RawHttp.send(cms.platform.port(), "HEAD", "/api/v1/auth/register", List.of(), null);
        assertThat(r.status(), is(405));
        assertThat(r.body().length, is(0));
    }
}
