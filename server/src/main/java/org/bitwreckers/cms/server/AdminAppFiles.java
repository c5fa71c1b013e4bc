package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.http.Responses;

/**
 * Serves the admin web app (module {@code admin-ui}, built into the classpath folder {@code admin-ui/}) on the admin
 * listener at {@code /admin/}, next to the admin API it calls (same origin: no CORS). Vite names every asset after
 * its content hash, so assets are cached for a year as immutable; {@code index.html} is revalidated on every load so
 * a deploy is picked up at once. Any other GET under {@code /admin/} that accepts HTML is an app route and gets
 * {@code index.html} (the app's router reads the path). Every answer carries a strict Content-Security-Policy: only
 * this origin's scripts, styles and API calls, and images from here or from where media files are served.
 */
final class AdminAppFiles implements HttpService {
    /** The classpath folder the admin-ui module's build lands in. */
    static final String ROOT = "admin-ui/";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:%s;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern ASSET = Pattern.compile("assets/[A-Za-z0-9._-]{1,200}");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=UTF-8", "css", "text/css; charset=UTF-8", "svg", "image/svg+xml",
            "png", "image/png", "woff2", "font/woff2", "json", "application/json", "map", "application/json",
            "html", "text/html; charset=UTF-8", "ico", "image/x-icon");

    /** Files read once: the bundle is part of the jar and never changes while the server runs. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final String policy;

    /**
     * @param mediaUrlBase where media files are served (the delivery listener or a CDN): the media library shows
     *                     them, so that origin, and only it, may serve images to the app
     */
    AdminAppFiles(String mediaUrlBase) {
        URI media = URI.create(mediaUrlBase);
        String origin = media.getScheme() + "://" + media.getRawAuthority();
        this.policy = CSP.formatted(" " + origin);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> redirect(res))
                .get("/admin", (req, res) -> redirect(res))
                .get("/admin/*", this::serve);
    }

    private static void redirect(ServerResponse res) {
        res.status(Status.FOUND_302).header(HeaderNames.LOCATION, "/admin/").send();
    }

    private void serve(ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().path().substring("/admin/".length());
        if (path.equals("v1") || path.startsWith("v1/")) {
            res.next(); // the API's own routes (and its 404s)
            return;
        }
        res.header(HeaderNames.create("Content-Security-Policy"), policy).header(Responses.NOSNIFF)
                .header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        if (ASSET.matcher(path).matches()) {
            byte[] asset = file(path).orElseThrow(() -> CmsException.notFound("No admin app file '" + path + "'"));
            res.header(HeaderNames.CACHE_CONTROL, IMMUTABLE).header(HeaderNames.CONTENT_TYPE, type(path)).send(asset);
            return;
        }
        if (path.startsWith("assets/") || path.contains(".")) {
            throw CmsException.notFound("No admin app file '" + path + "'"); // a missing file is never the app's page
        }
        byte[] index = file("index.html").orElseThrow(() -> CmsException.notFound(
                "The admin app is not part of this build (it was built with -Dadmin.ui.skip=true)"));
        res.header(HeaderNames.CACHE_CONTROL, "no-cache").header(HeaderNames.CONTENT_TYPE, type("index.html")).send(index);
    }

    private Optional<byte[]> file(String path) {
        byte[] cached = files.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = AdminAppFiles.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return Optional.empty(); // misses are not kept: made-up names must not fill the memory
            }
            byte[] bytes = in.readAllBytes();
            files.put(path, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String path) {
        return TYPES.getOrDefault(path.substring(path.lastIndexOf('.') + 1), "application/octet-stream");
    }
}
