package org.bitwreckers.cms.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bitwreckers.cms.core.media.LocalStorage;
import org.bitwreckers.cms.server.cli.ExportCommand;
import org.bitwreckers.cms.server.cli.ImportCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import picocli.CommandLine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * {@code export} and {@code import} through their commands: content with versions, relations and media moves into a
 * fresh database and folder; a second import changes nothing (and queues nothing); a document changed in the target
 * is brought back by id; a file with bad lines names every one of them and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportImportTest {
    private static final String DOCUMENTS = "SELECT md5(string_agg((to_jsonb(d) - 'owner_id')::text, '|' ORDER BY id))"
            + " FROM documents d WHERE type IN ('article', 'author', 'company')";
    private static final String VERSIONS = "SELECT md5(string_agg(v::text, '|' ORDER BY v.document_id, v.version))"
            + " FROM document_versions v JOIN documents d ON d.id = v.document_id"
            + " WHERE d.type IN ('article', 'author', 'company')";
    private static final String MEDIA = "SELECT md5(string_agg((to_jsonb(m) - 'id')::text, '|' ORDER BY hash))"
            + " FROM media_assets m";

    private final Path work = Path.of("target", "transfer-test-" + System.nanoTime());
    private TestPlatform source;
    private ContentFixture content;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(work);
        source = TestPlatform.start(Map.of("MEDIA_DIR", work.resolve("source-media").toString()));
        content = ContentFixture.fill(source);
    }

    @AfterAll
    void stop() {
        source.close();
    }

    /** A command's exit code and what it printed on stderr. */
    private record Ran(int exit, String err) {
    }

    private Ran export(Path file, Path media) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new ExportCommand(TestPlatform.env(source.database, Map.of("MEDIA_DIR", work.resolve("source-media").toString())), System.out,
                                                     new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--output", file.toString(), "--media", media.toString());
        return new Ran(exit, err.toString(StandardCharsets.UTF_8));
    }

    private static Ran importInto(TestDatabase db, Path mediaDir, Path file, Path media) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new ImportCommand(TestPlatform.env(db, Map.of("MEDIA_DIR", mediaDir.toString())),
                                                     new ByteArrayInputStream(new byte[0]),
                                                     new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(file.toString(), "--media", media.toString());
        return new Ran(exit, err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> state(TestDatabase db) {
        return List.of(db.text(DOCUMENTS), db.text(VERSIONS), db.text(MEDIA), Long.toString(db.number(
                "SELECT count(*) FROM jobs")));
    }

    @Test
    void movesContentIntoAnotherEnvironmentIdempotentlyAndAllOrNothing() throws Exception {
        Path file = work.resolve("content.ndjson");
        Path media = work.resolve("exported-media");
        Ran exported = export(file, media);
        assertThat(exported.err(), exported.exit(), is(0));
        assertThat(exported.err(), containsString("1 media record(s), 9 document(s)"));
        assertThat(exported.err(), not(containsString("missing")));

        try (TestDatabase target = new TestDatabase()) {
            Path targetMedia = work.resolve("target-media");
            Ran first = importInto(target, targetMedia, file, media);
            assertThat(first.err(), first.exit(), is(0));
            assertThat(target.text(DOCUMENTS), is(source.database.text(DOCUMENTS)));
            assertThat(target.text(VERSIONS), is(source.database.text(VERSIONS)));
            assertThat(target.text(MEDIA), is(source.database.text(MEDIA)));
            assertThat(new LocalStorage(targetMedia).read(content.coverKey, 0, Long.MAX_VALUE).orElseThrow()
                               .readAllBytes(),
                       is(new LocalStorage(work.resolve("source-media")).read(content.coverKey, 0, Long.MAX_VALUE)
                                  .orElseThrow().readAllBytes()));
            long indexJobs = target.number("SELECT count(*) FROM jobs WHERE kind = 'search.index'");
            assertThat(indexJobs, greaterThan(0L)); // the running nodes index what came in
            // new documents here do not collide with the imported ids
            assertThat(target.number("SELECT nextval(pg_get_serial_sequence('documents', 'id'))"),
                       greaterThan(source.database.number("SELECT max(id) FROM documents")));

            List<String> imported = state(target);
            Ran second = importInto(target, targetMedia, file, media);
            assertThat(second.err(), second.exit(), is(0));
            assertThat(second.err(), containsString("(0 new or changed)"));
            assertThat(state(target), is(imported));

            // changed here, brought back by id
            long article = content.articles.get(1);
            target.execute("UPDATE documents SET data = data || '{\"title\":\"changed here\"}' WHERE id = " + article);
            Ran third = importInto(target, targetMedia, file, media);
            assertThat(third.err(), third.exit(), is(0));
            assertThat(third.err(), containsString("(1 new or changed)"));
            assertThat(target.text(DOCUMENTS), is(source.database.text(DOCUMENTS)));

            // bad lines: every one named, nothing written (not even the good change on another line)
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            int bad = -1;
            int good = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("\"record\": \"document\"") || lines.get(i).contains("\"record\":\"document\"")) {
                    if (lines.get(i).contains("\"type\": \"article\"") && good < 0) {
                        good = i;
                    } else if (lines.get(i).contains("\"type\": \"article\"")) {
                        bad = i;
                    }
                }
            }
            assertThat("the export has articles on separate lines", bad > good && good > 0, is(true));
            lines.set(good, lines.get(good).replace(ContentFixture.WORD + " tale", "renamed tale"));
            lines.set(bad, lines.get(bad).replace("\"category\": \"story\"", "\"category\": \"poem\""));
            lines.add(2, "{not json");
            Path broken = work.resolve("broken.ndjson");
            Files.write(broken, lines);
            List<String> before = state(target);
            Ran refused = importInto(target, targetMedia, broken, media);
            assertThat(refused.err(), refused.exit(), is(1));
            assertThat(refused.err(), containsString("nothing was written"));
            assertThat(refused.err(), containsString("line 3: is not JSON"));
            assertThat(refused.err(), containsString("line " + (bad + 2) + ": data.category"));
            assertThat(refused.err(), not(containsString("line " + (good + 2) + ":")));
            assertThat(state(target), is(before));

            // the same file into an empty environment: only the bad lines are named, nothing at all is written
            try (TestDatabase fresh = new TestDatabase()) {
                Path freshMedia = work.resolve("fresh-media");
                Ran refusedFresh = importInto(fresh, freshMedia, broken, media);
                assertThat(refusedFresh.err(), refusedFresh.exit(), is(1));
                assertThat(refusedFresh.err(), containsString("line " + (bad + 2) + ": data.category"));
                assertThat(refusedFresh.err(), not(containsString("neither in the file")));
                assertThat(fresh.number("SELECT count(*) FROM documents"), is(0L));
                assertThat(fresh.number("SELECT count(*) FROM media_assets"), is(0L));
                assertThat(fresh.number("SELECT count(*) FROM jobs"), is(0L));
                assertThat(new LocalStorage(freshMedia).holdsFiles(), is(false));
            }
        }
    }
}
