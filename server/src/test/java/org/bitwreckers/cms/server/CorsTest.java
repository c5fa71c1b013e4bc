package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.config.SettingsLoader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A browser on FRONTEND_URL or a CORS_ORIGINS origin can use every method and header the APIs use, on both
 * listeners and on plugin routes; any other origin is refused in the error envelope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsTest {
    private static final String SITE = "https://bitwreckers.example";
    private static final String OTHER_APP = "https://admin.bitwreckers.example";

    private PluginPlatform plugins;
    private TestPlatform cms;

    @BeforeAll
    void start() throws IOException {
        plugins = PluginPlatform.start(Map.of("FRONTEND_URL", SITE, "CORS_ORIGINS", " " + OTHER_APP + " ,http://localhost:5173"),
                                       "hello", "event-registration");
        cms = plugins.cms;
    }

    @AfterAll
    void stop() throws IOException {
        plugins.close();
    }

    private RawHttp.Response preflight(int port, String path, String origin, String method, String headers) {
        return RawHttp.send(port, "OPTIONS", path, List.of("Origin: " + origin, "Access-Control-Request-Method: " + method,
                                                         "Access-Control-Request-Headers: " + headers), null);
    }

    @Test
    void everyMethodAndHeaderTheApisUsePassPreflightFromEachAllowedOrigin() {
        String headers = "authorization, content-type, if-none-match, last-event-id";
        for (String origin : List.of(SITE, OTHER_APP, "http://localhost:5173")) {
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
                for (String path : List.of("/api/v1/auth/profile", "/api/v1/community/events/7/register", "/api/v1/hello",
                                           "/api/v1/notifications/stream", "/api/v1/events/upcoming")) {
                    RawHttp.Response r = preflight(cms.platform.port(), path, origin, method, headers);
                    assertThat(origin + " " + method + " " + path + ": " + r.text(), r.status(), is(204));
                    assertThat(r.header("Access-Control-Allow-Origin").orElseThrow(), is(origin));
                    assertThat(r.header("Access-Control-Allow-Methods").orElseThrow(), containsString(method));
                    assertThat(r.header("Access-Control-Allow-Headers").orElseThrow(), containsString("Last-Event-ID"));
                    assertThat(r.header("Access-Control-Allow-Headers").orElseThrow(), containsString("If-None-Match"));
                    assertThat(r.header("Access-Control-Allow-Credentials").isPresent(), is(false));
                }
            }
            RawHttp.Response admin = preflight(cms.platform.adminPort(), "/admin/v1/content/event/1", origin, "PATCH",
                                               "authorization, content-type");
            assertThat(admin.text(), admin.status(), is(204));
        }
    }

    @Test
    void aBrowserCanSaveAProfileAndCancelARegistration() {
        long userId = plugins.user("cors@example.org", "student");
        Http user = plugins.asUser(userId, "student");
        Http.Response saved = user.send("PUT", "/api/v1/auth/profile", "{\"bio\":\"From the browser\"}", "application/json",
                                        "Origin", SITE);
        assertThat(saved.raw().body(), saved.status(), is(200));
        assertThat(saved.raw().headers().map().toString(), saved.header("Access-Control-Allow-Origin").orElse(""), is(SITE));
        long event = plugins.published("event", "{\"title\":\"Cors day\",\"date\":\"2030-01-01T10:00:00Z\","
                + "\"description\":\"d\",\"event_type\":\"workshop\",\"location\":\"Lab\",\"attendees_limit\":5}");
        String registration = "/api/v1/community/events/" + event + "/register";
        assertThat(user.send("POST", registration, null, "application/json", "Origin", OTHER_APP).status(), is(201));
        Http.Response cancel = user.send("DELETE", registration, null, "application/json", "Origin", OTHER_APP);
        assertThat(cancel.raw().body(), cancel.status(), is(200));
        assertThat(cancel.header("Access-Control-Allow-Origin").orElseThrow(), is(OTHER_APP));
        Http.Response again = user.send("DELETE", registration, null, "application/json", "Origin", OTHER_APP);
        assertThat(again.raw().body(), again.status(), is(404));
        assertThat(again.header("Access-Control-Allow-Origin").orElseThrow(), is(OTHER_APP)); // the page can read why
    }

    @Test
    void answersExposeTheHeadersClientsRead() {
        Http.Response r = cms.delivery.get("/api/v1/events/upcoming", "Origin", SITE);
        assertThat(r.status(), is(200));
        String exposed = r.header("Access-Control-Expose-Headers").orElseThrow();
        for (String header : List.of("ETag", "Retry-After", "Location", "Content-Range")) {
            assertThat(exposed, containsString(header));
        }
        assertThat(r.header("Vary").orElseThrow(), containsString("Origin"));
    }

    @Test
    void otherOriginsMethodsAndHeadersAreRefusedInTheEnvelope() {
        assertRefused(RawHttp.send(cms.platform.port(), "GET", "/api/v1/events/upcoming", List.of("Origin: https://evil.example"),
                                   null), "Origin");
        assertRefused(preflight(cms.platform.port(), "/api/v1/auth/profile", "https://evil.example", "PUT", "authorization"),
                      "Origin");
        assertRefused(preflight(cms.platform.port(), "/api/v1/auth/profile", "null", "PUT", ""), "Origin");
        assertRefused(preflight(cms.platform.port(), "/api/v1/auth/profile", SITE, "TRACE", ""),
                      "Access-Control-Request-Method");
        assertRefused(preflight(cms.platform.port(), "/api/v1/auth/profile", SITE, "PUT", "authorization, x-evil"),
                      "Access-Control-Request-Headers");
        assertRefused(preflight(cms.platform.adminPort(), "/admin/v1/types", "https://evil.example", "GET", ""), "Origin");
    }

    @Test
    void pathsThatCannotBeDecodedWithAnOriginAreClientErrors() {
        for (String path : List.of("/api/v1/community/events/1/register/%", "/api/v1/x/%0d%0aX:1", "/api/v1/%c0%af/%",
                                   "/media/%")) {
            for (String origin : List.of(SITE, "https://evil.example")) {
                RawHttp.Response r = RawHttp.send(cms.platform.port(), "POST", path, List.of("Origin: " + origin), null);
                assertThat(path + " " + r.text(), r.status(), lessThan(500));
                assertThat(r.text(), containsString("\"success\":false"));
            }
        }
    }

    @Test
    void aMalformedOriginStopsStartUpNamingTheSetting() {
        Map<String, String> env = TestPlatform.env(cms.database, Map.of("CORS_ORIGINS", "https://ok.example, javascript:alert(1)"));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));
        assertThat(e.getMessage(), containsString("CORS_ORIGINS must be an http(s) URL"));
    }

    private static void assertRefused(RawHttp.Response r, String detail) {
        assertThat(r.text(), r.status(), is(403));
        assertThat(r.header("Content-Type").orElseThrow(), containsString("application/json"));
        JsonObject error = Json.createReader(new StringReader(r.text())).readObject().getJsonObject("error");
        assertThat(error.getString("code"), is("ORIGIN_NOT_ALLOWED"));
        assertThat(error.getJsonObject("details").containsKey(detail), is(true));
        assertThat(r.header("Access-Control-Allow-Origin").isPresent(), is(false));
    }
}
