package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.bitwreckers.cms.http.route.Access;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.Mount;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The API contract: each listener's OpenAPI document is valid (a real OpenAPI parser reports nothing), lists every
 * route of the route table and nothing else, every documented operation is answered by the running server, and the
 * documents hold what a client generator needs (unique operation ids, resolvable references, security schemes). The
 * platform runs with the site's types and routes and every bundled plugin, so the site's and the plugins' routes are
 * part of the contract too. Swagger UI shows each listener's own document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {
    private static final Pattern REF = Pattern.compile("\"\\$ref\":\"#/components/schemas/([^\"]+)\"");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][A-Za-z0-9]*");

    private PluginPlatform plugins;
    private TestPlatform cms;

    @BeforeAll
    void start() throws IOException {
        plugins = PluginPlatform.start(Map.of(), "hello", "event-registration", "application-workflow", "accelerator-scoring");
        cms = plugins.cms;
    }

    @AfterAll
    void stop() throws IOException {
        plugins.close();
    }

    @Test
    void bothDocumentsAreValidOpenApiWithoutASingleMessage() {
        for (Listener listener : Listener.values()) {
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(text(listener), null, options);
            assertThat(listener + ": " + result.getMessages(), result.getMessages(), empty());
            assertThat(result.getOpenAPI(), notNullValue());
            assertThat(result.getOpenAPI().getPaths().size(), greaterThan(listener == Listener.ADMIN ? 60 : 30));
        }
    }

    @Test
    void everyOperationHasAUniqueIdEveryStatusAndResolvableSchemas() {
        for (Listener listener : Listener.values()) {
            JsonObject doc = document(listener);
            String text = doc.toString();
            JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
            Matcher ref = REF.matcher(text);
            while (ref.find()) {
                assertThat(listener + " refers to a schema that is not there", schemas, hasKey(ref.group(1)));
            }
            assertThat(doc.getJsonArray("servers").size(), is(1));
            assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes"), hasKey("session"));
            Set<String> ids = new HashSet<>();
            doc.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, op) -> {
                JsonObject operation = op.asJsonObject();
                String id = operation.getString("operationId");
                assertThat(path + " " + method + " operation id " + id, IDENTIFIER.matcher(id).matches(), is(true));
                assertThat(listener + " repeats operation id " + id, ids.add(id), is(true));
                JsonObject responses = operation.getJsonObject("responses");
                assertThat(path + " " + method, responses, hasKey("503"));
                if (path.startsWith("/admin/v1/session")) {
                    // the admin app's own session: signing in needs no credentials, reading or ending it a session
                    assertThat(path + " " + method, responses.keySet(), hasItems("401", "403"));
                    assertThat(path + " " + method, operation.getJsonArray("security").size(), lessThan(2));
                } else if (path.startsWith("/admin/v1/")) {
                    assertThat(path + " " + method, responses.keySet(), hasItems("401", "403"));
                    assertThat(path + " " + method, operation.getJsonArray("security").size(), is(2));
                }
                if (operation.containsKey("requestBody")) {
                    assertThat(path + " " + method, responses.keySet(), hasItems("400", "413", "415"));
                }
                if (path.contains("{")) {
                    assertThat(path + " " + method, responses, hasKey("404"));
                }
            }));
        }
        JsonObject admin = document(Listener.ADMIN);
        assertThat(admin.getJsonObject("components").getJsonObject("securitySchemes"), hasKey("apiToken"));
        // the statuses that matter to a client, where they apply
        JsonObject login = document(Listener.DELIVERY).getJsonObject("paths").getJsonObject("/api/v1/auth/login")
                .getJsonObject("post").getJsonObject("responses");
        assertThat(login.keySet(), hasItems("200", "400", "401", "403", "413", "415", "422", "429", "503"));
        JsonObject replace = admin.getJsonObject("paths").getJsonObject("/admin/v1/content/project/{id}")
                .getJsonObject("put");
        assertThat(replace.getJsonObject("responses").keySet(), hasItems("200", "409", "422"));
        assertThat(replace.getJsonObject("requestBody").toString(), containsString("#/components/schemas/ProjectWrite"));
        assertThat(admin.getJsonObject("paths").getJsonObject("/admin/v1/media/{id}").getJsonObject("delete")
                           .getJsonObject("responses"), hasKey("204"));
        assertThat(admin.getJsonObject("paths").getJsonObject("/admin/v1/newsletter/issues/{id}/send")
                           .getJsonObject("post").getJsonObject("responses"), hasKey("202"));
        assertThat(admin.getJsonObject("paths").getJsonObject("/admin/v1/tokens").getJsonObject("post")
                           .getJsonObject("responses"), hasKey("201"));
    }

    @Test
    void everyMountedRouteIsDocumentedAndEveryDocumentedRouteIsMounted() {
        for (Listener listener : Listener.values()) {
            List<Mount> mounts = cms.platform.routes().mounts(listener);
            List<String[]> documented = operations(listener);
            for (Mount mount : mounts) {
                long found = documented.stream().filter(op -> op[0].equals(mount.method().text()) && (mount.contract()
                        .perType().isPresent() ? mount.matches(op[1]) : op[1].equals(mount.path()))).count();
                assertThat(listener + " leaves out " + mount, found, greaterThan(0L));
            }
            for (String[] op : documented) {
                assertThat(listener + " documents " + op[0] + " " + op[1] + ", which nothing answers",
                           mounts.stream().anyMatch(m -> m.method().text().equals(op[0]) && m.matches(op[1])), is(true));
            }
        }
        // the table holds the platform's, the site's and the plugins' routes
        List<Mount> delivery = cms.platform.routes().mounts(Listener.DELIVERY);
        assertThat(delivery.stream().anyMatch(m -> m.origin().equals(Mount.SITE)), is(true));
        assertThat(delivery.stream().anyMatch(m -> m.origin().equals("hello")), is(true));
        assertThat(cms.platform.routes().mounts(Listener.ADMIN).stream()
                           .anyMatch(m -> m.access() instanceof Access.Roles), is(true));
    }

    @Test
    void everyDocumentedRouteIsAnsweredByTheServer() {
        List<String> unanswered = new ArrayList<>();
        for (Listener listener : Listener.values()) {
            int port = listener == Listener.ADMIN ? cms.platform.adminPort() : cms.platform.port();
            for (String[] op : operations(listener)) {
                String target = op[1].replaceAll("\\{[^}]+}", "1");
                boolean body = op[0].equals("POST") || op[0].equals("PUT") || op[0].equals("PATCH");
                RawHttp.Response r = RawHttp.send(port, op[0], target, body ? List.of("Content-Type: application/json")
                        : List.of(), body ? "{}".getBytes(StandardCharsets.UTF_8) : null);
                boolean noRoute = r.status() == 405 || r.status() == 404 && r.text().contains("No endpoint");
                // without credentials, every admin route answers 401 (never "no such route"); the app's sign-in
                // routes check the CSRF header first (403)
                boolean adminRefused = !target.startsWith("/admin/v1/") || r.status() == 401
                        || target.startsWith("/admin/v1/session") && r.status() == 403;
                if (noRoute || !adminRefused || r.status() >= 500 && r.status() != 503) {
                    unanswered.add(op[0] + " " + target + " -> " + r.status() + " " + RawHttp.abbreviate(r.text()));
                }
            }
        }
        assertThat(String.join("\n", unanswered), unanswered, empty());
    }

    /** A client generated from the documents sends their query parameters: the server must take every one of them. */
    @Test
    void everyDocumentedQueryParameterIsAccepted() {
        List<String> refused = new ArrayList<>();
        for (Listener listener : Listener.values()) {
            int port = listener == Listener.ADMIN ? cms.platform.adminPort() : cms.platform.port();
            List<String> auth = listener == Listener.ADMIN ? List.of("Authorization: Bearer " + TestPlatform.ADMIN_TOKEN)
                    : List.of();
            document(listener).getJsonObject("paths").forEach((path, item) -> {
                JsonObject get = item.asJsonObject().getJsonObject("get");
                if (get == null || !get.containsKey("parameters")) {
                    return;
                }
                List<String> query = new ArrayList<>();
                for (JsonValue p : get.getJsonArray("parameters")) {
                    JsonObject param = p.asJsonObject();
                    if (param.getString("in").equals("query")) {
                        query.add(param.getString("name") + "=" + sample(param.getJsonObject("schema")));
                    }
                }
                if (query.isEmpty() || path.endsWith("/stream")) {
                    return;
                }
                String target = path.replaceAll("\\{[^}]+}", "1") + "?" + String.join("&", query);
                RawHttp.Response r = RawHttp.send(port, "GET", target, auth, null);
                if (r.text().contains("is not a parameter")) {
                    refused.add("GET " + target + " -> " + r.status() + " " + RawHttp.abbreviate(r.text()));
                }
            });
        }
        assertThat(String.join("\n", refused), refused, empty());
    }

    private static String sample(JsonObject schema) {
        if (schema == null) {
            return "x";
        }
        if (schema.containsKey("enum")) {
            return schema.getJsonArray("enum").getString(0);
        }
        return switch (schema.getString("type", "string")) {
            case "integer", "number" -> "1";
            case "boolean" -> "true";
            default -> "x";
        };
    }

    @Test
    void swaggerUiShowsEachListenersOwnDocumentFromTheWebjar() {
        for (int port : List.of(cms.platform.port(), cms.platform.adminPort())) {
            RawHttp.Response page = RawHttp.send(port, "GET", "/docs?url=https://evil.example/x.json&configUrl=//evil.example",
                                                 List.of(), null);
            assertThat(page.status(), is(200));
            assertThat(page.header("Content-Type").orElseThrow(), startsWith("text/html"));
            assertThat(page.text(), containsString("/docs/swagger-ui-bundle.js"));
            assertThat(page.text(), not(containsString("evil")));
            String csp = page.header("Content-Security-Policy").orElseThrow();
            assertThat(csp, containsString("script-src 'self';"));
            assertThat(csp, not(containsString("unsafe-eval")));
            RawHttp.Response init = RawHttp.send(port, "GET", "/docs/swagger-initializer.js", List.of(), null);
            assertThat(init.header("Content-Type").orElseThrow(), startsWith("text/javascript"));
            assertThat(init.text(), containsString("url: \"/openapi.json\""));
            assertThat(init.text(), containsString("queryConfigEnabled: false"));
            assertThat(init.text(), containsString("validatorUrl: null")); // no badge fetched from validator.swagger.io
            for (Map.Entry<String, String> asset : Map.of("swagger-ui-bundle.js", "text/javascript",
                                                          "swagger-ui-standalone-preset.js", "text/javascript",
                                                          "swagger-ui.css", "text/css", "index.css", "text/css",
                                                          "favicon-32x32.png", "image/png").entrySet()) {
                RawHttp.Response file = RawHttp.send(port, "GET", "/docs/" + asset.getKey(), List.of(), null);
                assertThat(asset.getKey(), file.status(), is(200));
                assertThat(asset.getKey(), file.header("Content-Type").orElseThrow(), startsWith(asset.getValue()));
                assertThat(asset.getKey(), file.body().length, greaterThan(100));
            }
            assertThat(RawHttp.send(port, "GET", "/docs/pom.properties", List.of(), null).status(), is(404));
            assertThat(RawHttp.send(port, "GET", "/docs/..%2F..%2Fpom.properties", List.of(), null).status(), is(404));
            // the API keeps its own headers
            assertThat(RawHttp.send(port, "GET", "/openapi.json", List.of(), null).header("Content-Security-Policy")
                               .isPresent(), is(false));
        }
    }

    /** @return every documented operation as {METHOD, path} */
    private List<String[]> operations(Listener listener) {
        List<String[]> ops = new ArrayList<>();
        document(listener).getJsonObject("paths").forEach((path, item) -> item.asJsonObject().keySet()
                .forEach(method -> ops.add(new String[] {method.toUpperCase(Locale.ROOT), path})));
        return ops;
    }

    private JsonObject document(Listener listener) {
        return Json.createReader(new StringReader(text(listener))).readObject();
    }

    private String text(Listener listener) {
        RawHttp.Response r = RawHttp.send(listener == Listener.ADMIN ? cms.platform.adminPort() : cms.platform.port(),
                                          "GET", "/openapi.json", List.of(), null);
        assertThat(r.status(), is(200));
        return r.text();
    }
}
