package org.bitwreckers.cms.core.document;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.ScratchDatabase;
import org.bitwreckers.cms.core.error.CmsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Submissions that share a transaction tell the content event listeners (search index, webhooks) once for all of
 * them, before the commit: a burst queues one index job per commit instead of one per submission. The listener here
 * writes what it is told in the transaction, as the real ones do, so a rolled-back attempt leaves nothing.
 */
class SubmissionEventsTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    private static final ContentType MESSAGE = DescriptorParser.parse(Json.createReader(new StringReader("""
            {"name": "message", "kind": "submission", "fields": [
              {"name": "text", "type": "string", "required": true}]}""")).readObject(), "message.json");
    /** Submissions queued while every writer is held, per writer. */
    private static final int QUEUED_PER_WRITER = 10;
    private static final CmsException REFUSED = CmsException.conflict("refused by a listener", Map.of());

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger submitted = new AtomicInteger();

    /** Holds the first submission of each writer until released; refuses a submission whose text says so. */
    private final SubmissionListener holding = (DbExecute tx, ContentType type, long id, JsonObject data) -> {
        if (data.getString("text").equals("refuse me")) {
            throw REFUSED;
        }
        if (submitted.getAndIncrement() < DocumentService.SUBMISSION_WRITERS) {
            held.release();
            await(release);
        }
    };

    /** Writes each call it gets, with the ids it names, in the transaction it is told in. */
    private final ContentEventListener recording = new ContentEventListener() {
        @Override
        public void changed(DbExecute tx, Event event, ContentType type, long id) {
            changed(tx, List.of(event), type, List.of(id));
        }

        @Override
        public void changed(DbExecute tx, List<Event> events, ContentType type, List<Long> ids) {
            tx.dml("INSERT INTO told (events, type, ids) VALUES (?, ?, ?::bigint[])", events.toString(), type.name(),
                   "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}");
        }
    };

    /** Takes the submissions of a shared transaction together (as the mailer does) and writes each call it gets. */
    private final SubmissionListener.Together together = (DbExecute tx, List<SubmissionListener.Submission> all) ->
            tx.dml("INSERT INTO told (events, type, ids) VALUES ('together', ?, ?::bigint[])",
                   all.getFirst().type().name(),
                   "{" + String.join(",", all.stream().map(s -> String.valueOf(s.id())).toList()) + "}");

    private final DocumentService service = new DocumentService(
            DB, new DocumentReader(DB, DB, new ContentChanges()), new ContentChanges(), List.of(holding, together),
            List.of(recording));

    @BeforeAll
    static void migrate() {
        Database.migrate(DATABASE.url());
        DB.execute().dml("CREATE TABLE told (n serial, events text, type text, ids bigint[])");
    }

    @BeforeEach
    void empty() {
        DB.execute().dml("DELETE FROM told");
        DB.execute().dml("DELETE FROM documents");
    }

    @AfterEach
    void close() {
        callers.shutdownNow(); // each test waited for its callers; a failed one must not hang the suite on them
    }

    @Test
    void submissionsCommittedTogetherAreToldTogetherEachOnce() throws Exception {
        List<Future<Long>> all = burst(-1);

        Set<Long> ids = new HashSet<>();
        for (Future<Long> f : all) {
            ids.add(f.get());
        }
        assertThat(ids.size(), is(all.size()));
        assertThat(toldIds(), containsInAnyOrder(ids.toArray()));
        assertThat(told("SELECT DISTINCT events || ' ' || type AS v FROM told WHERE events <> 'together'"),
                   is(List.of("[SUBMITTED] message")));
        // each held submission alone, then the queued ones in one call per writer at most (not one per submission)
        assertThat(told("SELECT n::text AS v FROM told WHERE events <> 'together'").size(),
                   lessThanOrEqualTo(2 * DocumentService.SUBMISSION_WRITERS));
        // so for a listener that takes submissions together
        assertThat(toldTogether(), containsInAnyOrder(ids.toArray()));
        assertThat(told("SELECT n::text AS v FROM told WHERE events = 'together'").size(),
                   lessThanOrEqualTo(2 * DocumentService.SUBMISSION_WRITERS));
    }

    @Test
    void aRefusedSubmissionIsNeitherStoredNorToldAndTheOthersAreToldOnce() throws Exception {
        int refused = 7;
        List<Future<Long>> all = burst(refused);

        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            if (i == refused) {
                ExecutionException failed = assertThrows(ExecutionException.class, all.get(i)::get);
                assertThat(failed.getCause(), is(sameInstance(REFUSED)));
            } else {
                ids.add(all.get(i).get());
            }
        }
        assertThat(ids.size(), is(all.size() - 1));
        assertThat(toldIds(), containsInAnyOrder(ids.toArray())); // the rolled-back attempt's call left nothing
        assertThat(toldTogether(), containsInAnyOrder(ids.toArray()));
        assertThat(told("SELECT count(*)::text AS v FROM documents"), is(List.of(Integer.toString(ids.size()))));
    }

    /**
     * Holds every writer on a submission, queues more behind them, then lets them go.
     *
     * @param refusedAt the index of the submission a listener refuses, or -1
     * @return each submission's id, in the order they were sent
     */
    private List<Future<Long>> burst(int refusedAt) throws Exception {
        List<Future<Long>> all = new ArrayList<>();
        int writers = DocumentService.SUBMISSION_WRITERS;
        for (int i = 0; i < writers; i++) { // one at a time: a free writer would take two waiting ones together
            all.add(submit("held " + i));
            assertThat(held.tryAcquire(30, TimeUnit.SECONDS), is(true));
        }
        int queued = writers * QUEUED_PER_WRITER;
        for (int i = 0; i < queued; i++) {
            all.add(submit(all.size() == refusedAt ? "refuse me" : "queued " + i));
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (service.submissionsWaiting() < queued && Instant.now().isBefore(deadline)) {
            Thread.sleep(5); // polling interval of a bounded wait for the callers to queue, not synchronisation
        }
        assertThat(service.submissionsWaiting(), is(queued));
        release.countDown();
        return all;
    }

    private Future<Long> submit(String text) {
        return callers.submit(() -> service.submit(MESSAGE, Json.createObjectBuilder().add("text", text).build()));
    }

    private static List<Long> toldIds() {
        return ids("SELECT unnest(ids)::text AS v FROM told WHERE events <> 'together'");
    }

    private static List<Long> toldTogether() {
        return ids("SELECT unnest(ids)::text AS v FROM told WHERE events = 'together'");
    }

    private static List<Long> ids(String sql) {
        List<Long> ids = new ArrayList<>();
        told(sql).forEach(v -> ids.add(Long.parseLong(v)));
        return ids;
    }

    private static List<String> told(String sql) {
        return DB.execute().query(sql).map(r -> r.column("v").get(String.class)).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
