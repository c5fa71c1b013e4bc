package org.bitwreckers.cms.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.config.SettingsLoader;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.db.DatabaseUnreachableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Start-up: database creation, migrations, demo content loaded exactly once, and one clear line with a non-zero
 * exit for everything an operator must fix.
 */
class StartupTest {

    @Test
    void createsTheDatabaseAndLoadsDemoContentExactlyOnce() {
        TestDatabase db = new TestDatabase();
        Map<String, String> env = TestPlatform.env(db, Map.of("SEED_DEMO_CONTENT", "true"));
        try (db) {
            try (Platform first = Platform.start(SettingsLoader.load(env))) {
                assertThat(first.port(), greaterThan(0));
            }
            long documents = db.number("SELECT count(*) FROM documents");
            assertThat(documents, is(3L));
            assertThat(db.number("SELECT count(*) FROM documents WHERE status = 'published'"), is(2L));
            assertThat(db.number("SELECT count(*) FROM seed_runs"), is(2L));
            db.number("WITH d AS (DELETE FROM documents WHERE slug = 'acme' RETURNING 1) SELECT count(*) FROM d");
            try (Platform second = Platform.start(SettingsLoader.load(env))) {
                assertThat(second.port(), greaterThan(0));
            }
            // An editor's deletion is respected: seed files are applied once, not re-synced.
            assertThat(db.number("SELECT count(*) FROM documents"), is(documents - 1));
        }
    }

    @Test
    void aStartThatFailsAfterOpeningThePoolClosesEverythingItOpened() {
        TestDatabase db = new TestDatabase();
        // a first admin whose address is refused only when it is created: after the pool, the search engine, the media
        // nodes and the workers exist
        Map<String, String> env = TestPlatform.env(db, Map.of("ADMIN_EMAIL", "not-an-address",
                                                              "ADMIN_PASSWORD", "long-enough-password"));
        try (db) {
            SettingsException e = assertThrows(SettingsException.class, () -> Platform.start(SettingsLoader.load(env)));
            assertThat(e.getMessage(), containsString("ADMIN_EMAIL"));
            String others = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid()";
            assertThat("connections left open: " + db.number(others),
                       Await.until(Duration.ofSeconds(5), () -> db.number(others) == 0), is(true));
        }
    }

    @Test
    void theSiteContentTypesAndDemoContentLoad() {
        try (TestPlatform site = TestPlatform.start(Map.of("CONTENT_TYPES_DIR", "../content-types",
                                                           "SEED_DEMO_CONTENT", "true"))) {
            Http.Response projects = site.delivery.get("/api/v1/content/project?populate=team");
            assertThat(projects.status(), is(200));
            assertThat(projects.json().getJsonObject("meta").getJsonObject("pagination").getInt("total"), greaterThan(9));
            assertThat(site.database.number("SELECT count(DISTINCT type) FROM documents"), greaterThan(3L));
        }
    }

    @Test
    void unreachableDatabaseNamesDatabaseUrlAndHost() {
        Map<String, String> env = new HashMap<>(TestPlatform.env(new TestDatabase(), Map.of()));
        env.put("DATABASE_URL", "postgresql://postgres:secret-pw@127.0.0.1:1/nowhere");
        DatabaseUnreachableException e = assertThrows(DatabaseUnreachableException.class,
                                                      () -> Platform.start(SettingsLoader.load(env)));
        assertThat(e.getMessage(), containsString("DATABASE_URL"));
        assertThat(e.getMessage(), containsString("127.0.0.1:1"));
        assertThat(e.getMessage(), not(containsString("secret-pw")));
    }

    @Test
    void malformedSettingsAreAllNamed() {
        Map<String, String> env = new HashMap<>(TestPlatform.env(new TestDatabase(), Map.of()));
        env.put("PORT", "eighty");
        env.put("ALGORITHM", "none");
        env.put("DATABASE_URL", "mysql://localhost/db");
        env.put("FRONTEND_URL", "not a url");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));
        assertThat(e.problems().size(), is(4));
        assertThat(e.getMessage(), containsString("PORT must be a whole number"));
        assertThat(e.getMessage(), containsString("ALGORITHM must be one of HS256, HS384, HS512"));
        assertThat(e.getMessage(), containsString("DATABASE_URL must start with postgresql://"));
        assertThat(e.getMessage(), containsString("FRONTEND_URL"));
    }

    @Test
    void malformedSearchSettingsAreNamedWithoutEchoingCredentials() {
        Map<String, String> env = new HashMap<>(TestPlatform.env(new TestDatabase(), Map.of()));
        env.put("ELASTICSEARCH_URL", "http://elastic:hunter2@search.example:9200");
        env.put("ELASTICSEARCH_INDEX_PREFIX", "Bad-Prefix");
        env.put("ELASTICSEARCH_ANALYZER", "x; y");
        env.put("SEARCH_FALLBACK", "mysql");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));
        assertThat(e.problems().size(), is(4));
        assertThat(e.getMessage(), containsString("ELASTICSEARCH_URL must be an http:// or https:// address"));
        assertThat(e.getMessage(), containsString("ELASTICSEARCH_INDEX_PREFIX"));
        assertThat(e.getMessage(), containsString("ELASTICSEARCH_ANALYZER"));
        assertThat(e.getMessage(), containsString("SEARCH_FALLBACK must be none or postgres"));
        assertThat(e.getMessage(), not(containsString("hunter2")));
        env.put("ELASTICSEARCH_URL", "https://search.example:9200/");
        env.remove("ELASTICSEARCH_INDEX_PREFIX");
        env.remove("ELASTICSEARCH_ANALYZER");
        env.remove("SEARCH_FALLBACK");
        env.put("ELASTICSEARCH_API_KEY", "secret-api-key-value");
        var search = SettingsLoader.load(env).search();
        assertThat(search.elasticsearchUrl().orElseThrow().toString(), is("https://search.example:9200"));
        assertThat(search.toString(), not(containsString("secret-api-key-value")));
    }

    @Test
    void anUnknownProfileAndThePlaceholderOrAShortAdminTokenAreRefused() {
        Map<String, String> env = new HashMap<>(TestPlatform.env(new TestDatabase(), Map.of()));
        env.put("PROFILE", "production");
        env.put("ADMIN_API_TOKEN", "change-me-to-a-long-random-token");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));
        assertThat(e.problems().size(), is(2));
        assertThat(e.getMessage(), containsString("PROFILE must be one of dev, test, prod (got 'production')"));
        assertThat(e.getMessage(), containsString("ADMIN_API_TOKEN is the placeholder"));
        env.put("PROFILE", "test");
        env.put("ADMIN_API_TOKEN", "short-token");
        assertThat(assertThrows(SettingsException.class, () -> SettingsLoader.load(env)).getMessage(),
                   containsString("ADMIN_API_TOKEN must be at least 24 characters long"));
    }

    @Test
    void productionProfileRequiresASecretKey() {
        Map<String, String> env = new HashMap<>(TestPlatform.env(new TestDatabase(), Map.of("PROFILE", "prod")));
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(env));
        assertThat(e.getMessage(), containsString("SECRET_KEY is required"));
        env.put("SECRET_KEY", "x".repeat(40));
        assertThat(SettingsLoader.load(env).seedDemoContent(), is(false));
    }

    @Test
    void badDescriptorStopsStartUpNamingFileFieldAndReason(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("types"));
        Files.writeString(dir.resolve("types/thing.json"),
                          "{\"name\":\"thing\",\"fields\":[{\"name\":\"size\",\"type\":\"enum\"}]}", StandardCharsets.UTF_8);
        Map<String, String> env = TestPlatform.env(new TestDatabase(), Map.of("CONTENT_TYPES_DIR", dir.toString()));
        DescriptorException e = assertThrows(DescriptorException.class, () -> Platform.start(SettingsLoader.load(env)));
        assertThat(e.getMessage(), containsString("thing.json"));
        assertThat(e.getMessage(), containsString("field 'size'"));
        assertThat(e.getMessage(), containsString("non-empty \"values\""));
    }

    @Test
    void mainExitsWithOneLineAndNoStackTrace() throws Exception {
        Process process = mainProcess(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere",
                                             "CONTENT_TYPES_DIR", TestPlatform.FIXTURES));
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS), is(true));
        assertThat(process.exitValue(), is(1));
        assertThat(stderr, containsString("cannot start: Cannot use PostgreSQL at 127.0.0.1:1 (from DATABASE_URL="));
        assertThat(stderr, not(containsString("\tat ")));

        Process badPort = mainProcess(Map.of("PORT", "-5"));
        String portErr = new String(badPort.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(badPort.waitFor(60, TimeUnit.SECONDS), is(true));
        assertThat(badPort.exitValue(), is(1));
        assertThat(portErr, containsString("PORT must be between 0 and 65535"));
    }

    @Test
    void aPortAlreadyTakenEndsTheProcessWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             TestDatabase db = new TestDatabase()) {
            Process process = mainProcess(Map.of("DATABASE_URL", db.url(), "HOST", "127.0.0.1",
                                                 "PORT", Integer.toString(taken.getLocalPort()), "ADMIN_PORT", "0",
                                                 "CONTENT_TYPES_DIR", TestPlatform.FIXTURES, "SEED_DEMO_CONTENT", "false"));
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS), is(true));
            assertThat(stderr, process.exitValue(), is(1));
            assertThat(stderr, containsString("cannot start: Invalid configuration: PORT " + taken.getLocalPort()
                    + " cannot be used on 127.0.0.1: Address already in use"));
            assertThat(stderr, not(containsString("\tat ")));
        }
    }

    private static Process mainProcess(Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                                       "-cp", System.getProperty("java.class.path"),
                                                       Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CONFIG_DIR", "../config");
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }
}
