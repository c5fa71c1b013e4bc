package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;

/**
 * Each listener's OpenAPI document at {@code /openapi.json} and Swagger UI for it at {@code /docs}, served from the
 * {@code org.webjars:swagger-ui} jar (no CDN). The page and its initializer are ours, so the UI always shows this
 * listener's own document and ignores any configuration in the query string.
 */
final class ApiDocs {
    /** Swagger UI needs inline styles and data: images; nothing else leaves this origin. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** The files of the webjar the page loads, with their content types. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=UTF-8",
            "index.css", "text/css; charset=UTF-8",
            "swagger-ui-bundle.js", "text/javascript; charset=UTF-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=UTF-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
              <head>
                <meta charset="UTF-8">
                <title>Bitwreckers API</title>
                <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
                <link rel="stylesheet" type="text/css" href="/docs/index.css">
                <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
                <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
              </head>
              <body>
                <div id="swagger-ui"></div>
                <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
                <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
                <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
              </body>
            </html>
            """;
    private static final String INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "/openapi.json",
                queryConfigEnabled: false,
                validatorUrl: null,
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                layout: "StandaloneLayout"
              });
            };
            """;

    private ApiDocs() {
    }

    /**
     * Declares {@code GET /openapi.json} on the current listener.
     *
     * @param t        the route table being built
     * @param document the listener's document (built from the finished table)
     */
    static void mounts(RouteTable.Builder t, Supplier<String> document) {
        t.get("/openapi.json", (req, res) -> {
                    // a large answer to a request whose body is not read would stall both sides: read it first
                    req.content().consume();
                    Responses.json(res, Status.OK_200, document.get());
                })
                .tag("docs").doc("openApiDocument", "This document")
                .raw("application/json", Schemas.object());
    }

    /**
     * Serves Swagger UI at {@code /docs}.
     *
     * @param routing a listener's routing
     */
    static void swaggerUi(HttpRouting.Builder routing) {
        String base = WEBJAR + version() + "/";
        routing.get("/docs", (req, res) -> send(req, res, "text/html; charset=UTF-8",
                                                PAGE.getBytes(StandardCharsets.UTF_8)))
                .get("/docs/swagger-initializer.js", (req, res) -> send(req, res, "text/javascript; charset=UTF-8",
                                                                        INITIALIZER.getBytes(StandardCharsets.UTF_8)))
                .get("/docs/{file}", (req, res) -> asset(req, res, base));
    }

    private static void asset(ServerRequest req, ServerResponse res, String base) {
        String file = req.path().pathParameters().get("file");
        String type = ASSETS.get(file);
        if (type == null) {
            throw new NotFoundException("no such file");
        }
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(base + file)) {
            if (in == null) {
                throw new NotFoundException("no such file");
            }
            res.header(HeaderNames.CACHE_CONTROL, "public, max-age=86400");
            send(req, res, type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(ServerRequest req, ServerResponse res, String contentType, byte[] body) {
        req.content().consume(); // see openApiDocument
        res.header(HeaderNames.CONTENT_TYPE, contentType)
                .header(HeaderNames.create("Content-Security-Policy"), CSP)
                .header(HeaderNames.create("X-Content-Type-Options"), "nosniff")
                .send(body);
    }

    /** The webjar's version, from its own Maven metadata, so upgrading it is a change to the POM only. */
    private static String version() {
        try (InputStream in = ApiDocs.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
