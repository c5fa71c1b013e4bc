package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import org.bitwreckers.cms.core.config.SettingsLoader;
import org.bitwreckers.cms.core.plugin.PluginStartException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The plugin host with real jars: the example plugin's route, hook and settings; broken and colliding jars are
 * reported and left out while the platform runs; PLUGINS_FAIL_FAST refuses to start; without plugin jars their
 * behaviour is gone and nothing else breaks.
 */
class PluginHostTest {
    /** Writes a copy of a plugin jar whose manifest says another plugin id. */
    private static void copyAs(Path source, Path target, String newId) throws IOException {
        try (JarFile in = new JarFile(source.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest(in, newId))) {
            for (JarEntry entry : Collections.list(in.entries())) {
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    private static Manifest manifest(JarFile jar, String id) throws IOException {
        Manifest m = new Manifest(jar.getManifest());
        m.getMainAttributes().put(new Attributes.Name("Plugin-Id"), id);
        return m;
    }

    @Test
    void theExamplePluginWorksAndBrokenOrCollidingJarsAreReportedNotFatal() throws Exception {
        Path dir = Files.createTempDirectory("bw-plugins-broken");
        PluginPlatform.install(dir, "hello");
        copyAs(PluginPlatform.BUILT.resolve("bitwreckers-plugin-hello.jar"), dir.resolve("hello-again.jar"), "hello-again");
        try (OutputStream garbage = Files.newOutputStream(dir.resolve("not-a-plugin.jar"))) {
            garbage.write("this is not a zip file".getBytes(StandardCharsets.UTF_8));
        }
        try (TestPlatform cms = TestPlatform.start(Map.of("CONTENT_TYPES_DIR", "../content-types",
                                                          "PLUGINS_DIR", dir.toString(), "PLUGIN_HELLO_GREETING", "Hi"))) {
            Http.Response hello = cms.delivery.get("/api/v1/hello?name=Ada");
            assertThat(hello.json().toString(), hello.status(), is(200));
            assertThat(((JsonObject) hello.data()).getString("greeting"), is("Hi, Ada!"));
            assertThat(cms.delivery.post("/api/v1/hello", "{}").status(), is(405));

            Http.Response shouted = cms.admin.post("/admin/v1/content/project", "{\"data\":{\"title\":\"LOUD PROJECT\","
                    + "\"description\":\"d\",\"category\":\"web\",\"technologies\":[],\"status\":\"live\"}}");
            assertThat(shouted.status(), is(422));
            assertThat(shouted.error().getJsonObject("details").getString("title"), containsString("capitals"));

            JsonArray plugins = (JsonArray) cms.admin.get("/admin/v1/plugins").data();
            assertThat(plugins.size(), is(3));
            JsonObject again = find(plugins, "hello-again");
            assertThat(again.getString("state"), is("failed"));
            assertThat(again.getString("failure"), containsString("GET /api/v1/hello is already taken"));
            JsonObject garbage = find(plugins, "not-a-plugin.jar");
            assertThat(garbage.getString("state"), is("failed"));
            assertThat(garbage.getString("failure"), containsString("cannot be loaded"));
            JsonObject ok = find(plugins, "hello");
            assertThat(ok.getString("state"), is("started"));
            assertThat(ok.getJsonObject("contributes").getJsonArray("routes").getString(0), is("GET /api/v1/hello"));
            assertThat(ok.getJsonObject("contributes").getJsonArray("hooks").getString(0), is("NoShoutedTitles"));
            assertThat(cms.admin.get("/admin/v1/plugins/hello").status(), is(200));
            assertThat(cms.admin.get("/admin/v1/plugins/nope").status(), is(404));
            assertThat(cms.delivery.get("/openapi.json").json().getJsonObject("paths").containsKey("/api/v1/hello"), is(true));
            // the platform itself is untouched
            assertThat(cms.delivery.get("/api/v1/portfolio/projects").status(), is(200));
        }
        Path failFast = Files.createTempDirectory("bw-plugins-failfast");
        Files.copy(dir.resolve("not-a-plugin.jar"), failFast.resolve("not-a-plugin.jar"));
        TestDatabase db = new TestDatabase();
        try {
            PluginStartException refused = assertThrows(PluginStartException.class, () -> Platform.start(SettingsLoader.load(
                    TestPlatform.env(db, Map.of("PLUGINS_DIR", failFast.toString(), "PLUGINS_FAIL_FAST", "true")))));
            assertThat(refused.getMessage(), containsString("not-a-plugin.jar"));
        } finally {
            db.close();
        }
    }

    private static JsonObject find(JsonArray plugins, String id) {
        for (int i = 0; i < plugins.size(); i++) {
            if (plugins.getJsonObject(i).getString("id").equals(id)) {
                return plugins.getJsonObject(i);
            }
        }
        throw new AssertionError("no plugin " + id + " in " + plugins);
    }

    @Test
    void withoutPluginJarsTheirBehaviourIsGoneAndTheRestWorks() throws Exception {
        try (PluginPlatform cms = PluginPlatform.start(Map.of())) {
            assertThat(((JsonArray) cms.cms.admin.get("/admin/v1/plugins").data()).size(), is(0));
            Http user = cms.asUser(cms.user("nobody@example.org", "student"), "student");
            assertThat(user.post("/api/v1/community/events/1/register", null).status(), is(404));
            assertThat(cms.cms.admin.get("/admin/v1/types/event_registration").status(), is(404));
            assertThat(cms.cms.admin.get("/admin/v1/accelerator/ranking").status(), is(404));
            Http.Response applied = cms.cms.delivery.post("/api/v1/students/apply", "{\"full_name\":\"Ada L\",\"email\":"
                    + "\"a@example.org\",\"university\":\"TU\",\"preferred_field\":\"ai\",\"message\":\"Hi\"}");
            long id = ((JsonObject) applied.data()).getJsonNumber("id").longValue();
            assertThat(cms.cms.admin.post("/admin/v1/workflows/student_application/" + id + "/transitions",
                                          "{\"to\":\"approved\"}").status(), is(404));
            assertThat(cms.cms.admin.patch("/admin/v1/content/student_application/" + id,
                                           "{\"data\":{\"status\":\"approved\"}}").status(), is(200));
            assertThat(cms.cms.delivery.get("/api/v1/community/events").status(), is(200));
            assertThat(cms.cms.delivery.get("/api/v1/hello").status(), is(404));
        }
    }
}
