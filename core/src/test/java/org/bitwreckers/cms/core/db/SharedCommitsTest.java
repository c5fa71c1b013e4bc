package org.bitwreckers.cms.core.db;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import org.bitwreckers.cms.core.error.CmsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Units of many callers in shared transactions, against a real PostgreSQL: those that queue while a writer is busy
 * commit together, each caller gets its own answer, a failing unit fails alone with nothing of it kept, and a failed
 * commit fails its whole batch without running anything twice. One writer, so what queues is known: the first unit
 * holds the writer until the others wait.
 */
class SharedCommitsTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    private static final int QUEUED = 20;

    private final SharedCommits commits = new SharedCommits("test-commits", SharedCommitsTest::transaction, 1, 100);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    static void open() {
        DB.execute().dml("CREATE TABLE notes (text text NOT NULL)");
        DB.execute().dml("CREATE TABLE keys (k int UNIQUE DEFERRABLE INITIALLY DEFERRED)"); // checked at commit
    }

    @BeforeEach
    void empty() {
        DB.execute().dml("DELETE FROM notes");
        DB.execute().dml("DELETE FROM keys");
    }

    @AfterEach
    void close() {
        callers.shutdownNow(); // each test waited for its callers; a failed one must not hang the suite on them
    }

    private static <T> T transaction(Function<DbTransaction, T> work) {
        return Transactions.call(DB, work::apply);
    }

    @Test
    void unitsThatQueueWhileTheWriterIsBusyCommitTogetherAndEachGetsItsOwnAnswer() throws Exception {
        List<Future<Written>> queued = whileTheWriterIsHeld(i -> tx -> write(tx, "note " + i));

        Set<Long> transactions = new HashSet<>();
        for (int i = 0; i < QUEUED; i++) {
            Written written = queued.get(i).get();
            assertThat(written.text(), is("note " + i));
            transactions.add(written.transaction());
        }
        assertThat(transactions, hasSize(1));
        assertThat(count("notes"), is(QUEUED + 1L));
    }

    @Test
    void aFailingUnitFailsAloneWithNothingOfItKeptAndTheOthersCommitTogether() throws Exception {
        CmsException refused = CmsException.conflict("refused", Map.of());
        List<Future<Written>> queued = whileTheWriterIsHeld(i -> tx -> {
            Written written = write(tx, "note " + i);
            if (i == 7) {
                throw refused; // after its write: that must not be kept
            }
            return written;
        });

        Set<Long> transactions = new HashSet<>();
        for (int i = 0; i < QUEUED; i++) {
            if (i == 7) {
                ExecutionException failed = assertThrows(ExecutionException.class, queued.get(i)::get);
                assertThat(failed.getCause(), is(sameInstance(refused)));
            } else {
                Written written = queued.get(i).get();
                assertThat(written.text(), is("note " + i));
                transactions.add(written.transaction());
            }
        }
        assertThat(transactions, hasSize(1)); // the 19 others, again together
        assertThat(count("notes"), is((long) QUEUED)); // the holder's and 19
        assertThat(DB.execute().get("SELECT count(*) AS n FROM notes WHERE text = 'note 7'").orElseThrow()
                           .column("n").get(Long.class), is(0L));
    }

    @Test
    void aFailedCommitFailsEveryUnitOfItsBatchAndRunsNoneAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        List<Future<Written>> queued = whileTheWriterIsHeld(i -> tx -> {
            runs.incrementAndGet();
            tx.dml("INSERT INTO keys VALUES (?)", i % 2); // the batch repeats keys: its commit is refused
            return write(tx, "note " + i);
        });

        for (Future<Written> unit : queued) {
            ExecutionException failed = assertThrows(ExecutionException.class, unit::get);
            assertThat(failed.getCause(), is(not(instanceOf(CmsException.class))));
        }
        assertThat(runs.get(), is(QUEUED)); // once each: a commit that failed may have been kept, so none runs again
        assertThat(count("keys"), is(0L));
        assertThat(count("notes"), is(1L)); // the holder's own
    }

    /** An error (not an exception) fails its whole batch and ends its writer; units that queued meanwhile still run. */
    @Test
    void unitsQueuedWhileABatchFailsWithAnErrorStillRun() throws Exception {
        StackOverflowError error = new StackOverflowError("deep");
        Held held = holdTheWriter();
        CountDownLatch failing = new CountDownLatch(1);
        CountDownLatch laterQueued = new CountDownLatch(1);
        Future<Written> erring = callers.submit(() -> commits.call(tx -> {
            failing.countDown();
            await(laterQueued);
            throw error;
        }));
        Future<Written> sibling = callers.submit(() -> commits.call(tx -> write(tx, "sibling")));
        while (commits.waiting() < 2) {
            Thread.onSpinWait();
        }
        held.release().countDown(); // the writer then takes the two as one batch
        failing.await();
        List<Future<Written>> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String text = "later " + i;
            later.add(callers.submit(() -> commits.call(tx -> write(tx, text))));
        }
        while (commits.waiting() < 5) {
            Thread.onSpinWait();
        }
        laterQueued.countDown();

        assertThat(held.holder().get().text(), is("holder"));
        assertThat(assertThrows(ExecutionException.class, erring::get).getCause(), is(sameInstance(error)));
        assertThat(assertThrows(ExecutionException.class, sibling::get).getCause(), is(sameInstance(error)));
        for (int i = 0; i < 5; i++) {
            assertThat(later.get(i).get(20, TimeUnit.SECONDS).text(), is("later " + i)); // a new writer took them
        }
        assertThat(count("notes"), is(6L));
    }

    @Test
    void aUnitAloneAnswersAndFailsAsItsOwnTransactionWould() {
        assertThat(commits.call(tx -> write(tx, "alone")).text(), is("alone"));
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        assertThat(assertThrows(IllegalArgumentException.class, () -> commits.call(tx -> {
            write(tx, "never kept");
            throw bad;
        })), is(sameInstance(bad)));
        assertThat(count("notes"), is(1L));
    }

    /**
     * Holds the one writer in a unit of its own until {@link #QUEUED} more units wait, then lets it commit.
     *
     * @param unit the waiting units, by number
     * @return their callers' answers, in number order
     */
    private List<Future<Written>> whileTheWriterIsHeld(Function<Integer, Function<DbTransaction, Written>> unit)
            throws Exception {
        Held held = holdTheWriter();
        List<Future<Written>> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            Function<DbTransaction, Written> work = unit.apply(i);
            queued.add(callers.submit(() -> commits.call(work)));
        }
        while (commits.waiting() < QUEUED) {
            Thread.onSpinWait(); // each caller queues its unit without waiting for anything else
        }
        held.release().countDown();
        assertThat(held.holder().get().text(), is("holder"));
        return queued;
    }

    /** The writer, busy with a unit of its own until released; its caller's answer. */
    private record Held(Future<Written> holder, CountDownLatch release) {
    }

    private Held holdTheWriter() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Written> holder = callers.submit(() -> commits.call(tx -> {
            holding.countDown();
            await(release);
            return write(tx, "holder");
        }));
        holding.await();
        return new Held(holder, release);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A note written, with the transaction that wrote it. */
    private record Written(String text, long transaction) {
    }

    private static Written write(DbTransaction tx, String text) {
        tx.dml("INSERT INTO notes VALUES (?)", text);
        return new Written(text, tx.get("SELECT txid_current() AS t").orElseThrow().column("t").get(Long.class));
    }

    private static long count(String table) {
        return DB.execute().get("SELECT count(*) AS n FROM " + table).orElseThrow().column("n").get(Long.class);
    }
}
