package org.bitwreckers.cms.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.search.PostgresSearch;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A search index job and an editor's delete of the same document, side by side: the delete locks the document and
 * then removes its entries (their foreign key cascades); the job removes the entries and then writes them again, which
 * locks the document for their foreign key. Each held what the other waited for, and PostgreSQL's deadlock detector
 * failed one of them a second later: the editor's delete answered 500 (seen in a CI run of AuditTest). And where such
 * a deadlock still happens, the server runs the request again.
 */
class IndexingBesideADeleteTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void anIndexJobWaitsForTheDeleteOfItsDocumentInsteadOfDeadlocking() throws Exception {
        try (TestPlatform cms = TestPlatform.start(Map.of())) {
            long id = publishedArticle(cms);
            String entries = "SELECT count(*) FROM search_entries WHERE document_id = " + id;

            DbClient db = Database.connect(DatabaseUrl.parse(cms.database.url()), 2);
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                PostgresSearch search = new PostgresSearch(db, ContentTypeRegistry.load(Path.of(TestPlatform.FIXTURES)),
                                                           "simple", new ContentChanges());
                DbTransaction delete = db.transaction();
                delete.get("SELECT id FROM documents WHERE type = 'article' AND id = ? FOR UPDATE", id); // as an editor's
                CompletableFuture<Void> job = CompletableFuture.runAsync(() -> search.reindex("article", List.of(id)),
                                                                         threads);
                // the job is now waiting for the delete's lock, whatever it took before
                assertThat(Await.until(LIMIT, () -> cms.database.number("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock' AND (query LIKE"
                        + " '%FOR KEY SHARE%' OR query LIKE 'INSERT INTO search_entries%')") == 1), is(true));
                delete.dml("DELETE FROM documents WHERE id = ?", id);
                delete.commit();
                job.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                db.close();
            }
            assertThat(cms.database.number(entries), is(0L));
            assertThat(cms.database.number("SELECT count(*) FROM documents WHERE id = " + id), is(0L));
        }
    }

    /**
     * Where PostgreSQL still rolls a request's transaction back for another's sake (here another session takes the
     * entries, then the document, in the order index jobs used to), the server runs the request again: the client sees
     * its delete go through once the other transaction has ended, not a failure. ({@link ConflictRetryTest} covers
     * the 503 a client gets when every attempt is rolled back.)
     */
    @Test
    void aRequestRolledBackForADeadlockIsRunAgainAndGoesThrough() throws Exception {
        try (TestPlatform cms = TestPlatform.start(Map.of())) {
            long id = publishedArticle(cms);
            String deleteWaiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM documents%'";
            String lockWaiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'";
            DbClient db = Database.connect(DatabaseUrl.parse(cms.database.url()), 1);
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                DbTransaction other = db.transaction();
                other.dml("SET LOCAL deadlock_timeout = '60s'"); // the request's session finds the deadlock first
                other.dml("DELETE FROM search_entries WHERE document_id = ?", id);
                CompletableFuture<Http.Response> delete = CompletableFuture.supplyAsync(
                        () -> cms.admin.delete("/admin/v1/content/article/" + id), threads);
                assertThat(Await.until(LIMIT, () -> cms.database.number(deleteWaiting) == 1), is(true));
                other.dml("INSERT INTO search_entries (document_id, view, type, tsv) VALUES (?, 'draft', 'article', '')",
                          id); // waited for the document the delete had locked: it goes on once that was rolled back
                // the request's second attempt now waits for the document, which this session holds for its entry
                assertThat(Await.until(LIMIT, () -> cms.database.number(lockWaiting) == 1), is(true));
                assertThat(delete.isDone(), is(false));
                other.rollback();
                Http.Response deleted = delete.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(deleted.raw().body(), deleted.status(), is(200));
            } finally {
                db.close();
            }
            assertThat(cms.database.number("SELECT count(*) FROM documents WHERE id = " + id), is(0L));
            assertThat(cms.database.number("SELECT count(*) FROM search_entries WHERE document_id = " + id), is(0L));
        }
    }

    private static long publishedArticle(TestPlatform cms) {
        long id = cms.admin.post("/admin/v1/content/article", "{\"data\":{\"title\":\"Gannet colony\","
                + "\"category\":\"news\"}}").data().asJsonObject().getJsonNumber("id").longValue();
        assertThat(cms.admin.post("/admin/v1/content/article/" + id + "/publish", null).status(), is(200));
        String entries = "SELECT count(*) FROM search_entries WHERE document_id = " + id;
        String indexing = "SELECT count(*) FROM jobs WHERE kind = 'search.index' AND status <> 'done'";
        assertThat(Await.until(LIMIT, () -> cms.database.number(entries) == 2
                && cms.database.number(indexing) == 0), is(true));
        return id;
    }
}
