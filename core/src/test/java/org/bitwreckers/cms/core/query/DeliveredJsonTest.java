package org.bitwreckers.cms.core.query;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;

import jakarta.json.Json;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.ScratchDatabase;
import org.bitwreckers.cms.core.db.Transactions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Published documents kept as delivered ({@code published_json} of their copy, migrations V31 and V33) read exactly
 * as the query builds them for other reads, follow every write of what they show (documents published before the
 * migration included), and are read only where they are the whole answer.
 */
class DeliveredJsonTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    private static final ContentType NOTE = type("""
            {"name": "note", "fields": [
              {"name": "title", "type": "string"},
              {"name": "details", "type": "json"}]}""");
    private static final ContentType MEMBER = type("""
            {"name": "member", "fields": [
              {"name": "name", "type": "string"},
              {"name": "phone", "type": "string", "private": true}]}""");
    /** Values whose JSON text is easy to get wrong: escapes, other scripts, numbers, nesting, nulls, empties. */
    private static final List<String> DATA = List.of(
            "{\"title\": \"plain\"}",
            "{\"title\": \"quote \\\" backslash \\\\ tab \\t line \\n \\u0001\", \"details\": null}",
            "{\"title\": \"Ærøskøbing 東京 🚀\", \"details\": {\"n\": [1, 2.50, -3e2, true, false, null], \"o\": {}}}",
            "{\"title\": \"\", \"details\": []}",
            "{}");

    @BeforeAll
    static void migrate() {
        Database.migrate(DATABASE.url());
    }

    @Test
    void theKeptTextIsWhatTheQueryBuilds() {
        for (int i = 0; i < DATA.size(); i++) {
            DB.execute().dml("INSERT INTO documents (type, slug, status, data, published_data, published_version,"
                             + " published_slug, published_at, created_at) VALUES ('note', ?, 'published', ?::jsonb,"
                             + " ?::jsonb, 1, ?, ?::timestamptz, ?::timestamptz)", "n" + i, DATA.get(i), DATA.get(i), "p" + i,
                             "2026-11-30 10:15:30.1239+01:00", "1999-12-31 23:59:59.9999-05:00");
        }
        String built = QueryCompiler.delivered(NOTE, View.PUBLISHED, Optional.empty());
        assertThat(DB.execute().get("SELECT count(*) AS n FROM published_documents"
                                    + " WHERE published_json IS DISTINCT FROM " + built)
                           .orElseThrow().column("n").get(Long.class), is(0L));
        assertThat(kept("n0"),
                   is("{\"id\": " + id("n0") + ", \"slug\": \"p0\", \"title\": \"plain\", \"created_at\": "
                      + "\"2000-01-01T04:59:59.999Z\", \"updated_at\": \"2026-11-30T09:15:30.123Z\", \"published_at\": "
                      + "\"2026-11-30T09:15:30.123Z\"}"));
    }

    @Test
    void theKeptTextFollowsPublishingAndUnpublishing() {
        DB.execute().dml("INSERT INTO documents (type, slug, status, data) VALUES ('note', 'draft', 'draft',"
                         + " '{\"title\": \"draft\"}')");
        assertThat(kept("draft"), is(nullValue()));
        DB.execute().dml("UPDATE documents SET status = 'published', published_data = data, published_version = version,"
                         + " published_slug = 'live', published_at = now()"
                         + " WHERE slug = 'draft'");
        assertThat(kept("draft"), containsString("\"slug\": \"live\", \"title\": \"draft\""));
        // a draft's save leaves the published text alone
        DB.execute().dml("UPDATE documents SET data = '{\"title\": \"next\"}' WHERE slug = 'draft'");
        assertThat(kept("draft"), containsString("\"slug\": \"live\", \"title\": \"draft\""));
        DB.execute().dml("UPDATE documents SET status = 'draft', published_data = NULL, published_version = NULL,"
                         + " published_slug = NULL, published_at = NULL"
                         + " WHERE slug = 'draft'");
        assertThat(kept("draft"), is(nullValue()));
    }

    /** A draft's insert (a form's submission) and a draft's save call no row function of the copy; a publish does. */
    @Test
    void draftsAreWrittenWithoutCallingTheFunction() {
        assertThat(callsWhile("INSERT INTO documents (type, slug, status, data)"
                              + " VALUES ('note', 'calls', 'draft', '{}')"), is(0L));
        assertThat(callsWhile("UPDATE documents SET status = 'published', published_data = data, published_version = 1,"
                              + " published_at = now() WHERE slug = 'calls'"), is(1L));
        assertThat(callsWhile("UPDATE documents SET data = '{\"title\": \"saved\"}', version = 2, updated_at = now()"
                              + " WHERE slug = 'calls'"), is(0L));
    }

    /** Calls during the write: the session's counts may still hold earlier transactions' until they are sent. */
    private static long callsWhile(String write) {
        return Transactions.call(DB, tx -> {
            tx.dml("SET LOCAL track_functions = 'pl'");
            long before = calls(tx);
            tx.dml(write);
            return calls(tx) - before;
        });
    }

    private static long calls(DbExecute tx) {
        return tx.get("SELECT coalesce(pg_stat_get_xact_function_calls('keep_published_document'::regproc), 0) AS n")
                .orElseThrow().column("n").get(Long.class);
    }

    @Test
    void documentsPublishedBeforeTheMigrationGetTheirText() throws Exception {
        try (ScratchDatabase older = new ScratchDatabase()) {
            Flyway.configure().dataSource(older.url().jdbcUrl(), older.url().user(), older.url().password())
                    .locations("classpath:db/migration").target("30").load().migrate();
            older.client().execute().dml("INSERT INTO documents (type, slug, status, data, published_data,"
                                         + " published_version, published_slug, published_at) VALUES ('note', 'old',"
                                         + " 'published', '{}', '{\"title\": \"old\"}', 1, 'old', now())");
            Database.migrate(older.url());
            assertThat(older.client().execute().get("SELECT published_json IS NOT DISTINCT FROM "
                                                    + QueryCompiler.delivered(NOTE, View.PUBLISHED, Optional.empty())
                                                    + " AND published_json LIKE '%\"old\"%' AS same"
                                                    + " FROM published_documents")
                               .orElseThrow().column("same").get(Boolean.class), is(true));
        }
    }

    @Test
    void onlyWholePublishedDocumentsOfTypesWithoutPrivateFieldsAreReadFromIt() {
        assertThat(item(NOTE, View.PUBLISHED, Optional.empty()), containsString("SELECT published_json AS doc"));
        assertThat(list(NOTE, View.PUBLISHED), containsString("SELECT published_json AS doc"));
        assertThat(QueryCompiler.byIds(NOTE, View.PUBLISHED, List.of(1L)).sql(), containsString("published_json AS doc"));
        // a selection, drafts in preview and private fields are built in the query
        assertThat(item(NOTE, View.PUBLISHED, Optional.of(List.of("title"))), not(containsString("published_json")));
        assertThat(item(NOTE, View.PREVIEW, Optional.empty()), not(containsString("published_json")));
        assertThat(item(MEMBER, View.PUBLISHED, Optional.empty()), not(containsString("published_json")));
        assertThat(item(MEMBER, View.PUBLISHED, Optional.empty()), containsString("published_data - ARRAY['phone']"));
    }

    private static String item(ContentType type, View view, Optional<List<String>> fields) {
        return QueryCompiler.item(type, view, fields, "1").sql();
    }

    private static String list(ContentType type, View view) {
        ListQuery query = QueryParser.parse(type, ContentTypeRegistry.of(List.of(type)), view, Map.of(), Set.of());
        return QueryCompiler.list(type, query, view, Optional.empty()).sql();
    }

    private static long id(String slug) {
        return DB.execute().get("SELECT id FROM documents WHERE slug = ?", slug).orElseThrow().column("id").get(Long.class);
    }

    /** @return the published text kept for the document with that (draft) slug, null when it is not published */
    private static String kept(String slug) {
        return DB.execute().get("SELECT (SELECT p.published_json FROM published_documents p WHERE p.id = d.id) AS t"
                                + " FROM documents d WHERE d.slug = ?", slug).orElseThrow()
                .column("t").get(String.class);
    }

    private static ContentType type(String descriptor) {
        return DescriptorParser.parse(Json.createReader(new StringReader(descriptor)).readObject(), "test.json");
    }
}
