package org.bitwreckers.cms.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;

import org.bitwreckers.cms.core.identity.PasswordHasher;
import org.bitwreckers.cms.server.cli.BitwreckersCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The command line's commands, run as picocli runs them (CommandLine.execute) with captured output, against a real
 * test database: what they print, what they change, and their exit codes.
 */
class CommandLineTest {
    private static final String PASSWORD = "correct horse battery staple";

    /** One run: exit code and what went to standard output and standard error. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, BitwreckersCommand.Prompt prompt, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new BitwreckersCommand(env, prompt, false).commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(Map<String, String> env, String... args) {
        return run(env, question -> null, args);
    }

    private static Map<String, String> env(TestDatabase db, Map<String, String> extra) {
        return TestPlatform.env(db, extra);
    }

    /** The real site and the built plugin jars (the plugins need the site's types). */
    private static Map<String, String> siteEnv(TestDatabase db, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("CONTENT_TYPES_DIR", "../content-types", "PLUGINS_DIR",
                                                       "target/plugins"));
        env.putAll(extra);
        return TestPlatform.env(db, env);
    }

    @Test
    void helpListsEveryCommandAndVersionNamesTheBuild() {
        Run help = run(Map.of(), "--help");
        assertThat(help.code(), is(0));
        for (String command : List.of("serve", "migrate", "check-config", "create-admin", "reset-password", "search",
                                      "plugins")) {
            assertThat(help.out(), containsString(command));
        }
        assertThat(help.out(), containsString("Exit codes:"));
        Run version = run(Map.of(), "--version");
        assertThat(version.code(), is(0));
        assertThat(version.out(), containsString("bitwreckers 0.1.0"));
        assertThat(run(Map.of(), "search").code(), is(2)); // a group alone is a usage error
        assertThat(run(Map.of(), "no-such-command").code(), is(2));
    }

    @Test
    void serveStartsWithoutTheCommandModelAndAnswersProblemsAsBefore() {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = env(db, Map.of("PORT", "-5"));
            for (String[] args : List.of(new String[0], new String[] {"serve"})) {
                StringWriter err = new StringWriter();
                BitwreckersCommand command = new BitwreckersCommand(env, question -> null, false);
                assertThat(command.execute(new PrintWriter(err, true), args), is(1));
                assertThat(err.toString(), allOf(containsString("bitwreckers: cannot start"),
                                                 containsString("PORT must be between 0 and 65535")));
                assertThat(command.serving(), is(false));
            }
            // anything more than a plain serve goes through the command line as before
            StringWriter err = new StringWriter();
            int code = new BitwreckersCommand(env, question -> null, false)
                    .execute(new PrintWriter(err, true), "serve", "--no-such-option");
            assertThat(code, is(2));
            assertThat(err.toString(), containsString("Unknown option: '--no-such-option'"));
        }
    }

    @Test
    void checkConfigReportsWhatAServerWouldLoadWithoutSecrets() {
        try (TestDatabase db = new TestDatabase()) {
            String secret = "s3cret-signing-key-0123456789abcdefghij";
            Run ok = run(siteEnv(db, Map.of("SECRET_KEY", secret, "DATABASE_URL", "postgresql://cms:db-pass-9876@127.0.0.1/"
                    + db.name())), "check-config");
            assertThat(ok.out(), ok.code(), is(0));
            assertThat(ok.out(), allOf(containsString("ok       settings: profile test"), containsString("SECRET_KEY set"),
                                       containsString("plugin hello"), containsString("plugin accelerator-scoring"),
                                       containsString("A server would start with this configuration.")));
            assertThat(ok.out(), allOf(not(containsString(secret)), not(containsString("db-pass-9876")),
                                       not(containsString(TestPlatform.ADMIN_TOKEN))));
        }
    }

    @Test
    void checkConfigNamesEveryProblemAndExitsWithOne(@TempDir Path dir) throws IOException {
        try (TestDatabase db = new TestDatabase()) {
            Run bad = run(env(db, Map.of("PORT", "-5", "SMTP_SECURITY", "carrier-pigeon")), "check-config");
            assertThat(bad.code(), is(1));
            assertThat(bad.out(), allOf(containsString("PORT must be between 0 and 65535"),
                                        containsString("SMTP_SECURITY must be starttls, tls or none")));

            Files.createDirectories(dir.resolve("types"));
            Files.writeString(dir.resolve("types/thing.json"),
                              "{\"name\":\"thing\",\"fields\":[{\"name\":\"size\",\"type\":\"enum\"}]}",
                              StandardCharsets.UTF_8);
            Run descriptor = run(env(db, Map.of("CONTENT_TYPES_DIR", dir.toString())), "check-config");
            assertThat(descriptor.code(), is(1));
            assertThat(descriptor.out(), allOf(containsString("PROBLEM  "), containsString("thing.json"),
                                               containsString("A server would not start")));
        }
    }

    @Test
    void migrateCreatesAndMigratesTheDatabaseOnce() {
        try (TestDatabase db = new TestDatabase()) {
            Run first = run(env(db, Map.of()), "migrate");
            assertThat(first.err(), first.code(), is(0));
            assertThat(first.out(), containsString("Applied "));
            assertThat(db.number("SELECT count(*) FROM flyway_schema_history WHERE success") > 10, is(true));
            assertThat(db.number("SELECT count(*) FROM users"), is(0L)); // migrations only: no first admin, no content
            assertThat(run(env(db, Map.of()), "migrate").out(), containsString("The schema was up to date."));
        }
    }

    @Test
    void createAdminTakesThePasswordFromAFileTheEnvironmentOrAQuietPrompt(@TempDir Path dir) throws IOException {
        try (TestDatabase db = new TestDatabase()) {
            Path file = dir.resolve("password");
            Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
            Run fromFile = run(env(db, Map.of()), "create-admin", "--email", "ops@example.org", "--password-file",
                               file.toString());
            assertThat(fromFile.err(), fromFile.code(), is(0));
            assertThat(fromFile.out(), containsString("Created the admin account ops@example.org"));
            assertThat(fromFile.out() + fromFile.err(), not(containsString(PASSWORD)));
            String hash = db.text("SELECT password_hash FROM users WHERE email = 'ops@example.org' AND role = 'admin'");
            assertThat(new PasswordHasher().verify(PASSWORD, hash), is(true));

            Run fromEnv = run(env(db, Map.of("BITWRECKERS_PASSWORD", PASSWORD)), "create-admin", "--email",
                              "second@example.org");
            assertThat(fromEnv.err(), fromEnv.code(), is(0));

            Deque<String> answers = new ArrayDeque<>(List.of(PASSWORD, PASSWORD));
            Run prompted = run(env(db, Map.of()), q -> answers.pop().toCharArray(), "create-admin", "--email",
                               "third@example.org");
            assertThat(prompted.err(), prompted.code(), is(0));
            assertThat(db.number("SELECT count(*) FROM users WHERE role = 'admin'"), is(3L));
        }
    }

    @Test
    void createAdminRefusesATakenAddressAWeakPasswordAndAMissingOne() {
        try (TestDatabase db = new TestDatabase()) {
            Map<String, String> env = env(db, Map.of("BITWRECKERS_PASSWORD", PASSWORD));
            assertThat(run(env, "create-admin", "--email", "ops@example.org").code(), is(0));
            Run taken = run(env, "create-admin", "--email", "OPS@example.org");
            assertThat(taken.code(), is(1));
            assertThat(taken.err(), containsString("use reset-password"));

            Run weak = run(env(db, Map.of("BITWRECKERS_PASSWORD", "short")), "create-admin", "--email", "x@example.org");
            assertThat(weak.code(), is(1));
            assertThat(weak.err(), containsString("password"));
            assertThat(weak.err(), not(containsString("short")));

            Run noTerminal = run(env(db, Map.of()), "create-admin", "--email", "y@example.org");
            assertThat(noTerminal.code(), is(2));
            assertThat(noTerminal.err(), containsString("--password-file"));

            Deque<String> answers = new ArrayDeque<>(List.of(PASSWORD, PASSWORD + "!"));
            Run differ = run(env(db, Map.of()), q -> answers.pop().toCharArray(), "create-admin", "--email",
                             "z@example.org");
            assertThat(differ.code(), is(2));
            assertThat(differ.err(), containsString("differ"));
            assertThat(db.number("SELECT count(*) FROM users"), is(1L)); // nothing half-done
        }
    }

    @Test
    void resetPasswordSetsTheNewOneAndEndsSessions() {
        try (TestDatabase db = new TestDatabase()) {
            assertThat(run(env(db, Map.of("BITWRECKERS_PASSWORD", PASSWORD)), "create-admin", "--email",
                           "ops@example.org").code(), is(0));
            String other = "another long passphrase 42";
            Run reset = run(env(db, Map.of("BITWRECKERS_PASSWORD", other)), "reset-password", "--email", "Ops@Example.org");
            assertThat(reset.err(), reset.code(), is(0));
            assertThat(reset.out(), containsString("their sessions have ended"));
            String hash = db.text("SELECT password_hash FROM users WHERE email = 'ops@example.org'");
            assertThat(new PasswordHasher().verify(other, hash), is(true));
            assertThat(new PasswordHasher().verify(PASSWORD, hash), is(false));
            assertThat(db.number("SELECT count(*) FROM users WHERE sessions_valid_after > now() - interval '1 minute'"), is(1L));

            Run unknown = run(env(db, Map.of("BITWRECKERS_PASSWORD", other)), "reset-password", "--email",
                              "nobody@example.org");
            assertThat(unknown.code(), is(1));
            assertThat(unknown.err(), containsString("No account with this address"));
        }
    }

    @Test
    void searchRebuildWritesEveryEntryAndShowsProgressPerType() {
        try (TestPlatform cms = TestPlatform.start(Map.of())) {
            assertThat(cms.admin.post("/admin/v1/content/article",
                                      "{\"data\":{\"title\":\"Rebuilt from the command line\",\"category\":\"news\"}}")
                               .status(), is(201));
            cms.database.execute("DELETE FROM search_entries");
            Run rebuild = run(env(cms.database, Map.of()), "search", "rebuild");
            assertThat(rebuild.err(), rebuild.code(), is(0));
            assertThat(rebuild.out(), allOf(containsString("Rebuilding the search index in PostgreSQL"),
                                            containsString("  article: "), containsString("Done in ")));
            assertThat(cms.database.number("SELECT count(*) FROM search_entries WHERE title = 'Rebuilt from the command line'"),
                       is(1L));
        }
    }

    @Test
    void pluginsListShowsEachJarAndWhatItAdds() {
        try (TestDatabase db = new TestDatabase()) {
            Run list = run(siteEnv(db, Map.of()), "plugins", "list");
            assertThat(list.out(), list.code(), is(0));
            assertThat(list.out(), allOf(containsString("4 plugin(s) in "), containsString("hello"),
                                         containsString("application-workflow"), containsString("event-registration"),
                                         containsString("accelerator-scoring"), containsString("runs"),
                                         containsString("adds types")));
        }
    }
}
