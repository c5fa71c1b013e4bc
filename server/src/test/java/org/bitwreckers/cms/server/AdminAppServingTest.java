package org.bitwreckers.cms.server;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin web app on the admin listener: index.html revalidated, hashed assets immutable, app routes answered with
 * the app, missing files 404 (never the app's page), a strict CSP, the API untouched, nothing on the public port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAppServingTest {
    private static final Pattern SCRIPT = Pattern.compile("src=\"/admin/(assets/index-[A-Za-z0-9_-]+\\.js)\"");

    private TestPlatform cms;
    private Http admin;

    @BeforeAll
    void start() {
        assertTrue(getClass().getClassLoader().getResource("admin-ui/index.html") != null,
                   "the admin app is not on the classpath: build the admin-ui module (not with -Dadmin.ui.skip=true)");
        cms = TestPlatform.start(Map.of("MEDIA_CDN_URL", "https://cdn.example.org/files"));
        admin = cms.admin.withToken(null);
    }

    @AfterAll
    void stop() {
        cms.close();
    }

    @Test
    void indexIsRevalidatedAndCarriesAStrictPolicy() {
        Http.Response index = admin.get("/admin/");
        assertThat(index.status(), is(200));
        assertThat(index.header("Content-Type").orElse(""), startsWith("text/html"));
        assertThat(index.header("Cache-Control").orElse(""), is("no-cache"));
        String csp = index.header("Content-Security-Policy").orElse("");
        assertThat(csp, containsString("script-src 'self';"));
        assertThat(csp, containsString("frame-ancestors 'none'"));
        // the media library shows files from where they are served, and from nowhere else
        assertThat(csp, containsString("img-src 'self' data: blob: https://cdn.example.org;"));
        assertThat(index.header("X-Content-Type-Options").orElse(""), is("nosniff"));
        assertThat(index.raw().body(), containsString("<div id=\"root\">"));
    }

    @Test
    void hashedAssetsAreImmutableAndMissingOnesAreNotTheApp() {
        Matcher script = SCRIPT.matcher(admin.get("/admin/").raw().body());
        assertTrue(script.find(), "index.html names its entry script");
        Http.Response asset = admin.get("/admin/" + script.group(1));
        assertThat(asset.status(), is(200));
        assertThat(asset.header("Cache-Control").orElse(""), is("public, max-age=31536000, immutable"));
        assertThat(asset.header("Content-Type").orElse(""), startsWith("text/javascript"));
        Http.Response missing = admin.get("/admin/assets/index-missing0.js");
        assertThat(missing.status(), is(404));
        assertThat(missing.json().getJsonObject("error").getString("code"), is("NOT_FOUND"));
        assertThat(admin.get("/admin/favicon-missing.png").status(), is(404));
    }

    @Test
    void appRoutesAnswerWithTheAppAndTheApiStaysTheApi() {
        Http.Response deep = admin.get("/admin/content/article?page=2&sort=-updated_at");
        assertThat(deep.status(), is(200));
        assertThat(deep.raw().body(), containsString("<div id=\"root\">"));
        assertThat(deep.header("Cache-Control").orElse(""), is("no-cache"));
        assertThat(admin.get("/admin/v1/types").status(), is(401)); // the API's own answer, not the page
        assertThat(admin.get("/admin/v1/no-such-resource").header("Content-Type").orElse(""),
                   startsWith("application/json"));
        Http.Response root = admin.get("/");
        assertThat(root.status(), is(302));
        assertThat(root.header("Location").orElse(""), is("/admin/"));
    }

    @Test
    void thePublicListenerDoesNotServeTheApp() {
        assertThat(cms.delivery.get("/admin/").status(), is(404));
    }
}
