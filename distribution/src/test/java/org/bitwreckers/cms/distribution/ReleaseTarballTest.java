package org.bitwreckers.cms.distribution;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The release tarball, unpacked into an empty folder and run from there with {@code bin/bitwreckers} against a fresh
 * PostgreSQL database, as an operator (or the Docker image) runs it: the commands, then the server, then SIGTERM.
 */
class ReleaseTarballTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String SERVER = System.getenv().getOrDefault("TEST_PG_HOST_PORT", "127.0.0.1:5432");
    private static final String PG_USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    private static final String DATABASE = "bw_dist_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String SECRET_KEY = "release-test-signing-key-0123456789abcdef";
    private static final String PASSWORD = "a long operator passphrase";
    private static final Pattern LISTENING = Pattern.compile(
            "Delivery API on http://127\\.0\\.0\\.1:(\\d+)/api/v1, admin API on http://127\\.0\\.0\\.1:(\\d+)/admin/v1");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path unpacked;
    @TempDir
    static Path work;
    private static Launcher launcher;
    private static Path home;

    @BeforeAll
    static void unpack() throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("tarball"));
        assertThat(tarball + " is built by package", Files.isRegularFile(tarball), is(true));
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8), tar.waitFor(), is(0));
        try (var entries = Files.list(unpacked)) {
            home = entries.findFirst().orElseThrow();
        }
        for (String part : new String[] {"bin/bitwreckers", "libs", "plugins", "config/application.yaml",
                                         "content-types/types"}) {
            assertThat(part + " is in the tarball", Files.exists(home.resolve(part)), is(true));
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("PROFILE", "prod");
        settings.put("SECRET_KEY", SECRET_KEY);
        settings.put("DATABASE_URL", "postgresql://" + PG_USER + "@" + SERVER + "/" + DATABASE);
        settings.put("HOST", "127.0.0.1");
        settings.put("PORT", "0");
        settings.put("ADMIN_PORT", "0");
        settings.put("MEDIA_DIR", work.resolve("media").toString());
        settings.put("AOT_CACHE", ""); // a training run would only slow the test's single start down
        launcher = new Launcher(home, work, settings);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void commandsThenServerThenACleanStopFromTheUnpackedTarball() throws Exception {
        Launcher.Result version = launcher.run(LIMIT, Map.of(), "--version");
        assertThat(version.output(), version.code(), is(0));
        assertThat(version.output(), containsString("bitwreckers 0.1.0"));

        Launcher.Result check = launcher.run(LIMIT, Map.of(), "check-config");
        assertThat(check.output(), check.code(), is(0));
        assertThat(check.output(), allOf(containsString("profile prod"), containsString("plugin hello"),
                                         containsString("plugin event-registration"), not(containsString(SECRET_KEY))));
        Launcher.Result badCheck = launcher.run(LIMIT, Map.of("SECRET_KEY", "short"), "check-config");
        assertThat(badCheck.output(), badCheck.code(), is(1));
        assertThat(badCheck.output(), allOf(containsString("SECRET_KEY must be at least 32 characters"),
                                            not(containsString("\tat "))));

        Launcher.Result migrate = launcher.run(LIMIT, Map.of(), "migrate");
        assertThat(migrate.output(), migrate.code(), is(0));
        assertThat(migrate.output(), containsString("Applied "));

        Path passwordFile = work.resolve("admin-password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        Launcher.Result admin = launcher.run(LIMIT, Map.of(), "create-admin", "--email", "ops@example.org",
                                             "--password-file", passwordFile.toString());
        assertThat(admin.output(), admin.code(), is(0));
        assertThat(admin.output(), not(containsString(PASSWORD)));

        Launcher.Result plugins = launcher.run(LIMIT, Map.of(), "plugins", "list");
        assertThat(plugins.output(), plugins.code(), is(0));
        assertThat(plugins.output(), allOf(containsString("4 plugin(s)"), containsString("accelerator-scoring"),
                                           containsString("application-workflow")));

        serveAndStop();
    }

    private static void serveAndStop() throws Exception {
        Process server = launcher.start(Map.of()); // no command: serve
        server.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> Launcher.drain(server, output));
        try {
            Matcher ports = awaitPorts(server, output);
            String delivery = "http://127.0.0.1:" + ports.group(1);
            String adminApi = "http://127.0.0.1:" + ports.group(2);
            assertThat(output.toString(), await(() -> get(adminApi + "/observe/health/ready", Map.of()).statusCode() == 200),
                       is(true));

            HttpResponse<String> hello = get(delivery + "/api/v1/hello?name=Ada", Map.of());
            assertThat(hello.body(), hello.statusCode(), is(200));
            assertThat(hello.body(), containsString("Ada")); // a route of a plugin jar from plugins/
            HttpResponse<String> projects = get(delivery + "/api/v1/portfolio/projects", Map.of());
            assertThat(projects.body(), projects.statusCode(), is(200)); // a page route of content-types/

            HttpResponse<String> app = get(adminApi + "/admin/", Map.of("Accept", "text/html"));
            if (adminAppBuilt()) {
                assertThat(app.statusCode(), is(200));
                assertThat(app.body(), containsString("<div id=\"root\">")); // the admin app, from its jar in libs/
            } else { // a backend-only build (-Dadmin.ui.skip=true) says so instead
                assertThat(app.statusCode(), is(404));
                assertThat(app.body(), containsString("admin.ui.skip"));
            }

            HttpResponse<String> signIn = HTTP.send(HttpRequest.newBuilder(URI.create(adminApi + "/admin/v1/session"))
                    .header("Content-Type", "application/json").header("X-CSRF", "1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ops@example.org\",\"password\":\"" + PASSWORD
                                                                      + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.body(), signIn.statusCode(), is(200));
            String token = json(signIn.body()).getJsonObject("data").getString("access_token");
            HttpResponse<String> me = get(adminApi + "/admin/v1/session", Map.of("Authorization", "Bearer " + token));
            assertThat(me.body(), me.statusCode(), is(200));
            assertThat(json(me.body()).getJsonObject("data").getString("role"), is("admin"));
        } finally {
            server.toHandle().destroy(); // SIGTERM (Process.destroy would also close the output being read)
            boolean ended = server.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                server.destroyForcibly();
            }
            reader.join(Duration.ofSeconds(5));
            assertThat(output.toString(), ended, is(true));
        }
        String log;
        synchronized (output) {
            log = output.toString();
        }
        assertThat(log, server.exitValue(), is(143)); // 128 + SIGTERM: the JVM's own exit after its shutdown hooks
        assertThat(log, containsString("bitwreckers: stopped")); // the ordered shutdown ran to its end
        assertThat(log, allOf(not(containsString("\tat ")), not(containsString(SECRET_KEY))));
    }

    /** @return whether the admin app's jar in libs/ holds the built app */
    private static boolean adminAppBuilt() throws IOException {
        try (var jars = Files.newDirectoryStream(home.resolve("libs"), "bitwreckers-admin-ui-*.jar")) {
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    return zip.getEntry("admin-ui/index.html") != null;
                }
            }
        }
        throw new AssertionError("libs/ has no admin app jar");
    }

    private static Matcher awaitPorts(Process server, StringBuilder output) {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline) && server.isAlive()) {
            synchronized (output) {
                Matcher m = LISTENING.matcher(output);
                if (m.find()) {
                    return m;
                }
            }
            pause();
        }
        throw new AssertionError("the server did not say where it listens:\n" + output);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean await(Check check) throws Exception {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (check.holds()) {
                return true;
            }
            pause();
        }
        return check.holds();
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling interval of a bounded wait, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
