package org.bitwreckers.cms.core.db;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A starting node skips Flyway only when the schema history holds every packaged migration: the versions are read
 * from folders and jars as Flyway names them, and anything the history lacks, or a failed migration, sends the start
 * through Flyway as before.
 */
class PackagedMigrationsTest {
    @Test
    void theCoreMigrationsAreFoundWhereFlywayFindsThem() throws IOException {
        Set<String> expected;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            expected = files.map(f -> f.getFileName().toString())
                    .map(name -> name.substring(1, name.indexOf("__")).replace('_', '.'))
                    .collect(Collectors.toSet());
        }
        assertThat(PackagedMigrations.versions(Database.class.getClassLoader()), is(Optional.of(expected)));
    }

    @Test
    void versionsInAJarAreReadFromItsEntriesAndOtherFilesAreIgnored(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"db/", "db/migration/", "db/migration/V1__first.sql",
                                             "db/migration/V2_1__point_release.sql", "db/migration/R__views.sql",
                                             "db/migration/README.md", "other/V9__elsewhere.sql"}) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    write(out, "SELECT 1;");
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(PackagedMigrations.versions(loader), is(Optional.of(Set.of("1", "2.1"))));
        }
        try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
            assertThat(PackagedMigrations.versions(none), is(Optional.empty())); // Flyway decides
        }
    }

    @Test
    void onlyAHistoryHoldingEveryPackagedVersionSkipsFlyway() throws SQLException {
        try (ScratchDatabase scratch = new ScratchDatabase()) {
            Set<String> packaged = PackagedMigrations.versions(Database.class.getClassLoader()).orElseThrow();
            assertThat(Database.holdsAll(scratch.url(), packaged), is(false)); // no history yet
            assertThat(Database.bringUpToDate(scratch.url()), is(packaged.size()));
            assertThat(Database.holdsAll(scratch.url(), packaged), is(true));
            assertThat(Database.bringUpToDate(scratch.url()), is(0));

            Set<String> newer = Stream.concat(packaged.stream(), Stream.of("999")).collect(Collectors.toSet());
            assertThat(Database.holdsAll(scratch.url(), newer), is(false)); // a release with a new migration
            scratch.client().execute().dml("UPDATE flyway_schema_history SET success = false WHERE version = '1'");
            assertThat(Database.holdsAll(scratch.url(), packaged), is(false)); // Flyway reports the failed one
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
