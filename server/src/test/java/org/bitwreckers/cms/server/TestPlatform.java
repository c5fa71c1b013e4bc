package org.bitwreckers.cms.server;

import java.util.HashMap;
import java.util.Map;

import org.bitwreckers.cms.core.config.SettingsLoader;

/**
 * Starts the real platform on free ports against a test database, as {@link Main} would, for HTTP tests.
 */
final class TestPlatform implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-bootstrap-token-0123456789abcdef";
    static final String FIXTURES = "src/test/resources/fixtures";

    final TestDatabase database;
    final Platform platform;
    final Http delivery;
    final Http admin;

    private TestPlatform(TestDatabase database, Platform platform) {
        this.database = database;
        this.platform = platform;
        this.delivery = new Http("http://127.0.0.1:" + platform.port(), null);
        this.admin = new Http("http://127.0.0.1:" + platform.adminPort(), ADMIN_TOKEN);
    }

    static TestPlatform start(Map<String, String> extraEnv) {
        return start(new TestDatabase(), extraEnv);
    }

    /** Starts on an existing test database (for example a second start after {@link #stopKeepingDatabase()}). */
    static TestPlatform start(TestDatabase db, Map<String, String> extraEnv) {
        return new TestPlatform(db, Platform.start(SettingsLoader.load(env(db, extraEnv))));
    }

    /** Stops the platform as an operator would, leaving its database for the next start. */
    void stopKeepingDatabase() {
        platform.close();
    }

    static Map<String, String> env(TestDatabase db, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PROFILE", "test");
        env.put("CONFIG_DIR", "../config");
        env.put("DATABASE_URL", db.url());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("ADMIN_PORT", "0");
        env.put("ADMIN_API_TOKEN", ADMIN_TOKEN);
        env.put("CONTENT_TYPES_DIR", FIXTURES);
        env.put("MAX_BODY_BYTES", "65536");
        env.put("JOB_BACKOFF_SECONDS", "0");
        env.put("MEDIA_DIR", "target/media/" + db.url().substring(db.url().lastIndexOf('/') + 1)); // kept out of the tree
        env.put("RATE_LIMIT_AUTH", "10000"); // tests share one address; RateLimitTest sets small limits
        env.put("RATE_LIMIT_FORMS", "10000");
        env.put("RATE_LIMIT_FAILED_LOGINS", "10000");
        env.putAll(extraEnv);
        if (env.containsKey("ELASTICSEARCH_URL")) {
            env.putIfAbsent("ELASTICSEARCH_INDEX_PREFIX", db.name()); // platforms sharing a node keep apart
        }
        return env;
    }

    @Override
    public void close() {
        platform.close();
        database.close();
    }
}
