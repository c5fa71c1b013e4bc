package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.Mount;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;

/**
 * Every route of both listeners, as the running server's route table and OpenAPI documents list them (the platform's
 * own, the site's declared routes, the plugins' routes), gets a bounded corpus of hostile requests drawn from a fixed seed: odd
 * methods, malformed headers, odd paths, broken and oversized bodies. No answer may be a 5xx, and every error answer
 * must be the JSON error envelope. A failure names the seed and the exact request, so it can be replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {
    private static final long SEED = 13;
    private static final int CASES_PER_ROUTE = 6;

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
                                                        "TRACE", "PROPFIND", "get", "BREW", "CONNECT");
    private static final List<String> SEGMENTS = List.of("1", "0", "-1", "999999999999999999999", "%00", "%2e%2e",
                                                         "..%2f..%2fetc", "%2e%2e%2f", "a".repeat(3000), "%C3%BC%F0%9F%92%A5",
                                                         "%ff%fe", "%c0%af", "x%20y", "%25", "1.5", "null", "%0d%0aX:1",
                                                         "demo-slug", ";x=1", "%3Cscript%3E", "%", "%zz", "a%2fb");
    private static final List<String> QUERIES = List.of("", "", "?x=%", "?page=-1&pageSize=99999", "?filter[%00]=1",
                                                        "?sort=%2e%2e", "?" + "a=1&".repeat(300), "?q=" + "%F0%9F%92%A5".repeat(50),
                                                        "?fields=,,,&populate=*", "?filter[id][in]=" + "9,".repeat(500));
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
                                                              "application/json; charset=", "application/json;;;",
                                                              "application/", "/json", ";", "application/json; charset=\"",
                                                              "multipart/form-data", "multipart/form-data; boundary=",
                                                              "text/plain; charset=utf-99", "application/json; q=abc",
                                                              "a/b/c", "application/x-www-form-urlencoded", "*/*", "\u00e9/\u00e9");
    private static final List<String> ACCEPTS = List.of("*/*", "application/json", "*/;q=x", "application/json;q=abc",
                                                        "text/event-stream", "", "q=1", "application/xml");
    private static final List<String> ORIGINS = List.of("http://localhost:3000", "null", "http://evil.example", "http://",
                                                        "%00", "http://a b", "file://", "http://localhost:3000/../x",
                                                        "javascript:alert(1)");
    private static final List<String> AUTHORIZATIONS = List.of("Bearer", "Bearer ", "Bearer a.b.c", "Basic !!!",
                                                               "Bearer " + "x".repeat(5000), "bearer  two tokens",
                                                               "Bearer eyJhbGciOiJub25lIn0.e30.");
    private static final List<String> IF_NONE_MATCH = List.of("\"", "*", "W/", ",", "\"x\", W/\"y\"", "\"" + "e".repeat(500));
    private static final List<String> RANGES = List.of("bytes=-", "bytes=99999999999999999999-", "bytes=5-1", "bytes=a-b",
                                                       "bytes=0-0,1-1,2-2", "items=0-1", "bytes=-0");
    private static final List<String> BODIES = List.of("", "{", "[]", "null", "42", "\"text\"", "{\"data\":",
                                                       "{\"data\":{\"title\":1,\"category\":[]}}", "{\"email\":[],\"password\":{}}",
                                                       "{\"data\":null,\"version\":\"x\"}", "{\"a\":1e999999}", "\u0000",
                                                       "{\"x\":\"\\ud800\"}", "{\"refresh_token\":" + "1".repeat(400) + "}",
                                                       "{\"data\":{\"title\":\"\\u0000\"}}", "{\"ids\":[" + "1,".repeat(2000) + "1]}");

    private PluginPlatform plugins;
    private TestPlatform cms;
    private Random random;
    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        plugins = PluginPlatform.start(Map.of(), "hello", "event-registration",
                                       "application-workflow", "accelerator-scoring");
        cms = plugins.cms;
    }

    @AfterAll
    void stop() throws IOException {
        plugins.close();
    }

    /** A route as the server lists it: which listener, method and path template. */
    private record Route(boolean admin, String method, String path) {
    }

    @Test
    void noRouteAnswersA5xxOrOutsideTheEnvelope() throws IOException {
        List<Route> routes = routes();
        assertThat(routes.size(), greaterThan(100));
        random = new Random(SEED);
        for (Route route : routes) {
            for (int i = 0; i < CASES_PER_ROUTE; i++) {
                fuzz(route);
            }
        }
        assertThat("seed " + SEED + ": " + failures.size() + " failing requests, the first ones:\n"
                           + String.join("\n", failures.stream().limit(30).toList()), failures, empty());
    }

    /** Every route of the route table (one content type for routes that take any), and each documented path. */
    private List<Route> routes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (Listener listener : Listener.values()) {
            boolean admin = listener == Listener.ADMIN;
            for (Mount mount : cms.platform.routes().mounts(listener)) {
                routes.add(new Route(admin, mount.method().text(), mount.path().replace("{type}", "project")));
            }
            JsonObject openApi = (admin ? cms.admin : cms.delivery).get("/openapi.json").json();
            openApi.getJsonObject("paths").forEach((path, operations) -> operations.asJsonObject().keySet().forEach(
                    method -> routes.add(new Route(admin, method.toUpperCase(Locale.ROOT), path))));
        }
        return List.copyOf(routes);
    }

    private void fuzz(Route route) {
        String method = chance(0.7) ? route.method() : pick(METHODS);
        String path = route.path().replaceAll("\\{[^}]+}", chance(0.5) ? "1" : pick(SEGMENTS).replace("$", "\\$"));
        String target = (chance(0.15) ? path + "/" + pick(SEGMENTS) : path) + pick(QUERIES);
        List<String> headers = new ArrayList<>();
        if (route.admin() && chance(0.8)) {
            headers.add("Authorization: Bearer " + TestPlatform.ADMIN_TOKEN);
        } else if (chance(0.3)) {
            headers.add("Authorization: " + pick(AUTHORIZATIONS));
        }
        if (chance(0.4)) {
            headers.add("Origin: " + pick(ORIGINS));
            if (chance(0.3)) {
                method = "OPTIONS";
                headers.add("Access-Control-Request-Method: " + pick(METHODS));
                headers.add("Access-Control-Request-Headers: " + pick(List.of("authorization", "x-evil, content-type", ",,", "")));
            }
        }
        if (chance(0.3)) {
            headers.add("Accept: " + pick(ACCEPTS));
        }
        if (chance(0.2)) {
            headers.add("If-None-Match: " + pick(IF_NONE_MATCH));
        }
        if (chance(0.15)) {
            headers.add("Range: " + pick(RANGES));
        }
        byte[] body = null;
        if (chance(0.6) && target.length() < 2000) { // the server refuses a long request line before reading a body
            headers.add("Content-Type: " + (chance(0.5) ? "application/json" : pick(CONTENT_TYPES)));
            body = body().getBytes(StandardCharsets.UTF_8);
        }
        RawHttp.Response response;
        try {
            response = RawHttp.send(route.admin() ? cms.platform.adminPort() : cms.platform.port(), method, target,
                                    headers, body);
        } catch (IllegalStateException e) {
            failures.add(describe(route, method, target, headers, body) + " -> no answer: " + e.getMessage());
            return;
        }
        String problem = problem(method, response);
        if (problem != null) {
            failures.add(describe(route, method, target, headers, body) + " -> " + response.status() + " " + problem + ": "
                                 + RawHttp.abbreviate(response.text()));
        }
    }

    private String body() {
        return switch (random.nextInt(5)) {
            case 0 -> "[".repeat(5000 + random.nextInt(20000)) + "]".repeat(100);
            case 1 -> "{\"data\":{\"title\":\"" + "x".repeat(60_000 + random.nextInt(20_000)) + "\"}}";
            default -> pick(BODIES);
        };
    }

    /** @return what is wrong with the answer, or null when it is acceptable */
    private static String problem(String method, RawHttp.Response response) {
        if (response.status() >= 500 && response.status() != 503) {
            return "a server error";
        }
        if (response.status() < 400 || method.equals("HEAD")) {
            return null;
        }
        if (!response.header("Content-Type").orElse("").startsWith("application/json")) {
            return "not JSON (" + response.header("Content-Type").orElse("no Content-Type") + ")";
        }
        try {
            JsonObject json = Json.createReader(new StringReader(response.text())).readObject();
            JsonObject error = json.getJsonObject("error");
            if (json.getBoolean("success") || error.getString("code").isEmpty() || error.getString("message").isEmpty()
                    || error.getJsonObject("details") == null || !json.containsKey("timestamp")) {
                return "not the error envelope";
            }
        } catch (RuntimeException e) {
            return "not the error envelope (" + e.getMessage() + ")";
        }
        return null;
    }

    private static String describe(Route route, String method, String target, List<String> headers, byte[] body) {
        return "seed " + SEED + ", route " + route + ": " + method + " " + RawHttp.abbreviate(target) + " "
                + headers.stream().map(RawHttp::abbreviate).toList()
                + (body == null ? "" : " body " + RawHttp.abbreviate(new String(body, StandardCharsets.UTF_8)));
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
