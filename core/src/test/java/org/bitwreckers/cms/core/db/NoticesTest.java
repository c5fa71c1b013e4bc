package org.bitwreckers.cms.core.db;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Notices kept for after a commit: sent once it succeeded (each once), never for a rollback; at once outside a
 * transaction; and, in a transaction the helper does not run, when that one commits.
 */
class NoticesTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    private static final String CHANNEL = "test_ready";
    private static final long WAIT_MILLIS = 10_000;

    @Test
    void aTransactionsNoticesGoOutAfterItCommitsEachOnce() throws SQLException, InterruptedException {
        try (Listening listening = new Listening(DATABASE, CHANNEL)) {
            Transactions.run(DB, tx -> {
                Notices.afterCommit(tx, CHANNEL, "a");
                Notices.afterCommit(tx, CHANNEL, "b");
                Notices.afterCommit(tx, CHANNEL, "a");
                assertThat(listening.payloadsSoFar(), is(empty())); // still open: nothing sent
            });
            assertThat(Notices.awaitSent(WAIT_MILLIS), is(true)); // handed to the process's sender
            assertThat(listening.payloadsSoFar(), is(List.of("a", "b")));
        }
    }

    /** Handed to one sender from many threads at once: every notice arrives, those that say the same thing once. */
    @Test
    void theNoticesOfManyConcurrentTransactionsAllArrive() throws Exception {
        try (Listening listening = new Listening(DATABASE, CHANNEL);
             ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String own = "write-" + i;
                writes.add(threads.submit(() -> Transactions.run(DB, tx -> {
                    Notices.afterCommit(tx, CHANNEL, own);
                    Notices.afterCommit(tx, CHANNEL, "ready");
                })));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            assertThat(Notices.awaitSent(WAIT_MILLIS), is(true));
            List<String> payloads = listening.payloadsSoFar();
            for (int i = 0; i < 40; i++) {
                assertThat(Collections.frequency(payloads, "write-" + i), is(1));
            }
            assertThat(payloads.contains("ready"), is(true));
            assertThat(payloads.size(), lessThanOrEqualTo(80));
        }
    }

    @Test
    void aRolledBackTransactionSendsNothing() throws SQLException, InterruptedException {
        try (Listening listening = new Listening(DATABASE, CHANNEL)) {
            assertThrows(IllegalStateException.class, () -> Transactions.run(DB, tx -> {
                Notices.afterCommit(tx, CHANNEL, "never");
                throw new IllegalStateException("the write failed");
            }));
            assertThat(Notices.awaitSent(WAIT_MILLIS), is(true));
            assertThat(listening.payloadsSoFar(), is(empty()));
        }
    }

    @Test
    void outsideATransactionANoticeGoesAtOnce() throws SQLException {
        try (Listening listening = new Listening(DATABASE, CHANNEL)) {
            Notices.afterCommit(DB.execute(), CHANNEL, "now");
            assertThat(listening.payloadsSoFar(), is(List.of("now")));
        }
    }

    @Test
    void aTransactionOpenedElsewhereCarriesItsNoticeToItsCommit() throws SQLException {
        try (Listening listening = new Listening(DATABASE, CHANNEL)) {
            DbTransaction tx = DB.transaction();
            Notices.afterCommit(tx, CHANNEL, "with it");
            assertThat(listening.payloadsSoFar(), is(empty()));
            tx.commit();
            assertThat(listening.payloadsSoFar(), is(List.of("with it")));
        }
    }
}
