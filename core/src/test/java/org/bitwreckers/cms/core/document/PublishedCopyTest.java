package org.bitwreckers.cms.core.document;

import java.io.StringReader;
import java.util.List;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.Json;

import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.ScratchDatabase;
import org.bitwreckers.cms.core.db.Transactions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Published documents are copied into a table of their own (migration V33), which carries the indexes of published
 * reads: the copy follows every change of what published reads show, and a draft's insert (a form's submission)
 * never touches those indexes.
 */
class PublishedCopyTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    /** What published reads show of a document, in documents and in the copy: equal while the copy follows. */
    private static final String SHOWN = "SELECT (SELECT row(type, published_data, published_slug, published_at,"
            + " created_at)::text FROM documents WHERE id = ?) AS original, (SELECT row(type, published_data,"
            + " published_slug, published_at, created_at)::text FROM published_documents WHERE id = ?) AS copy";

    @BeforeAll
    static void migrate() {
        Database.migrate(DATABASE.url());
        IndexManager.ensureIndexes(DB, ContentTypeRegistry.of(List.of(DescriptorParser.parse(Json.createReader(
                new StringReader("""
                        {"name": "note", "fields": [
                          {"name": "title", "type": "string", "filterable": true, "sortable": true},
                          {"name": "rating", "type": "number", "filterable": true, "sortable": true},
                          {"name": "tags", "type": "strings", "filterable": true}]}""")).readObject(),
                "note.json"))));
    }

    @Test
    void theCopyFollowsPublishingEditingUnpublishingAndDeleting() {
        long id = DB.execute().get("INSERT INTO documents (type, slug, status, data) VALUES ('note', 'note-1',"
                                   + " 'draft', '{\"title\": \"first\"}') RETURNING id").orElseThrow()
                .column("id").get(Long.class);
        assertThat(copies(id), is(0L));
        publish(id);
        assertThat(copies(id), is(1L));
        assertSame(id);
        // a draft's save changes nothing published; a new published version and a changed slug do
        DB.execute().dml("UPDATE documents SET data = '{\"title\": \"draft\"}' WHERE id = ?", id);
        assertSame(id);
        DB.execute().dml("UPDATE documents SET published_data = '{\"title\": \"second\"}',"
                         + " published_slug = 'renamed' WHERE id = ?", id);
        assertSame(id);
        assertThat(DB.execute().get("SELECT published_json AS t FROM published_documents WHERE id = ?", id)
                           .orElseThrow().column("t").get(String.class), containsString("\"second\""));
        DB.execute().dml("UPDATE documents SET status = 'draft', published_data = NULL, published_version = NULL,"
                         + " published_slug = NULL, published_at = NULL WHERE id = ?", id);
        assertThat(copies(id), is(0L));
        publish(id);
        assertSame(id);
        DB.execute().dml("DELETE FROM documents WHERE id = ?", id);
        assertThat(copies(id), is(0L));
    }

    /** A bulk import inserts a batch in one statement: its published documents are copied, its drafts are not. */
    @Test
    void aStatementInsertingManyCopiesItsPublishedOnes() {
        DB.execute().dml("""
                INSERT INTO documents (type, slug, status, data, published_data, published_version, published_slug,
                                       published_at)
                SELECT 'note', 'batch-' || g, CASE WHEN g % 3 = 0 THEN 'draft' ELSE 'published' END,
                       jsonb_build_object('title', 'Batch ' || g),
                       CASE WHEN g % 3 = 0 THEN NULL ELSE jsonb_build_object('title', 'Batch ' || g) END,
                       CASE WHEN g % 3 = 0 THEN NULL ELSE 1 END, 'batch-' || g, now()
                FROM generate_series(1, 30) g""");
        assertThat(DB.execute().get("SELECT count(*) AS n FROM published_documents p JOIN documents d USING (id)"
                                    + " WHERE d.slug LIKE 'batch-%' AND p.published_data = d.published_data"
                                    + " AND p.published_json LIKE '{\"id\": ' || d.id || ', \"slug\": \"'"
                                    + " || d.slug || '%'")
                           .orElseThrow().column("n").get(Long.class), is(20L));
    }

    /**
     * PostgreSQL locks each index of a table for the length of an insert statement, beyond the 16 locks a transaction
     * keeps on its own: with the published indexes on documents, a draft's insert took about a hundred in the shared
     * lock table, where concurrent submissions queued. Counted by a trigger that runs while the insert holds them.
     */
    @Test
    void aDraftsInsertLocksDocumentsOwnIndexesButNoneOfThePublishedOnes() {
        DB.execute().dml("""
                CREATE FUNCTION observe_index_locks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM set_config('test.index_locks', (SELECT
                        count(*) FILTER (WHERE c.relname LIKE 'documents\\_%') || ','
                        || count(*) FILTER (WHERE c.relname LIKE 'dx\\_p\\_%') FROM pg_locks l
                        JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND c.relkind = 'i'),
                        true);
                    RETURN NULL;
                END $$""");
        DB.execute().dml("CREATE TRIGGER observe_index_locks AFTER INSERT ON documents FOR EACH ROW"
                         + " EXECUTE FUNCTION observe_index_locks()");
        try {
            String[] locked = Transactions.call(DB, tx -> {
                tx.dml("INSERT INTO documents (type, status, data) VALUES ('note', 'draft', '{}')");
                return tx.get("SELECT current_setting('test.index_locks') AS n").orElseThrow().column("n")
                        .get(String.class).split(",");
            });
            assertThat("documents' own indexes", Long.parseLong(locked[0]), greaterThan(2L));
            assertThat("the published indexes", Long.parseLong(locked[1]), is(0L));
        } finally {
            DB.execute().dml("DROP TRIGGER observe_index_locks ON documents");
            DB.execute().dml("DROP FUNCTION observe_index_locks()");
        }
    }

    private static void publish(long id) {
        DB.execute().dml("UPDATE documents SET status = 'published', published_data = data, published_version ="
                         + " version, published_slug = slug, published_at = now() WHERE id = ?", id);
    }

    private static long copies(long id) {
        return DB.execute().get("SELECT count(*) AS n FROM published_documents WHERE id = ?", id).orElseThrow()
                .column("n").get(Long.class);
    }

    private static void assertSame(long id) {
        DbRow row = DB.execute().get(SHOWN, id, id).orElseThrow();
        assertThat(row.column("copy").get(String.class), is(row.column("original").get(String.class)));
    }
}
