package org.bitwreckers.cms.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.identity.AccessTokens;

/**
 * The real platform with the real site's content types and demo content, and a plugins folder holding only the
 * plugin jars a test names, copied from the jars the build produced (target/plugins), as an operator installs them.
 */
final class PluginPlatform implements AutoCloseable {
    static final String SECRET = "plugin-tests-secret-key-0123456789abcdef";
    static final Path BUILT = Path.of("target/plugins");

    final TestPlatform cms;
    final Path pluginsDir;
    private final AccessTokens tokens = new AccessTokens(SECRET, "HS256", Duration.ofMinutes(30));

    private PluginPlatform(TestPlatform cms, Path pluginsDir) {
        this.cms = cms;
        this.pluginsDir = pluginsDir;
    }

    /**
     * @param extraEnv more settings
     * @param plugins  plugin names (hello, application-workflow, event-registration, accelerator-scoring)
     * @return the running platform
     */
    static PluginPlatform start(Map<String, String> extraEnv, String... plugins) throws IOException {
        Path dir = Files.createTempDirectory("bw-plugins");
        for (String plugin : plugins) {
            install(dir, plugin);
        }
        Map<String, String> env = new HashMap<>();
        env.put("CONTENT_TYPES_DIR", "../content-types");
        env.put("PLUGINS_DIR", dir.toString());
        env.put("SECRET_KEY", SECRET);
        env.putAll(extraEnv);
        return new PluginPlatform(TestPlatform.start(env), dir);
    }

    /** Copies a built plugin jar into a plugins folder. */
    static Path install(Path dir, String plugin) throws IOException {
        Path jar = BUILT.resolve("bitwreckers-plugin-" + plugin + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build the plugins first (./cms test)");
        }
        return Files.copy(jar, dir.resolve(jar.getFileName()));
    }

    /**
     * @param email address
     * @param role  role
     * @return the new user's id
     */
    long user(String email, String role) {
        return cms.database.number("INSERT INTO users (email, full_name, role) VALUES ('" + email + "', 'User "
                                           + email.substring(0, email.indexOf('@')) + "', '" + role + "') RETURNING id");
    }

    /**
     * @param userId a user
     * @param role   their role
     * @return a delivery client signed in as them
     */
    Http asUser(long userId, String role) {
        return cms.delivery.withToken(tokens.issue(userId, role).token());
    }

    /**
     * @param userId a user
     * @param role   their role
     * @return an admin client signed in as them
     */
    Http adminAs(long userId, String role) {
        return cms.admin.withToken(tokens.issue(userId, role).token());
    }

    /**
     * Creates and publishes a document through the admin API.
     *
     * @param type content type
     * @param data its fields as JSON
     * @return its id
     */
    long published(String type, String data) {
        Http.Response created = cms.admin.post("/admin/v1/content/" + type, "{\"data\":" + data + "}");
        if (created.status() != 201) {
            throw new AssertionError("create " + type + ": " + created.json());
        }
        long id = ((JsonObject) created.data()).getJsonNumber("id").longValue();
        Http.Response published = cms.admin.post("/admin/v1/content/" + type + "/" + id + "/publish", null);
        if (published.status() != 200) {
            throw new AssertionError("publish " + type + ": " + published.json());
        }
        return id;
    }

    @Override
    public void close() throws IOException {
        cms.close();
        try (var files = Files.list(pluginsDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(pluginsDir);
    }
}
