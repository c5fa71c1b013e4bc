package org.bitwreckers.cms.core.db;

import java.sql.SQLException;
import java.util.List;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
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

    @Test
    void aTransactionsNoticesGoOutAfterItCommitsEachOnce() throws SQLException {
        try (Listening listening = new Listening(DATABASE, CHANNEL)) {
            Transactions.run(DB, tx -> {
                Notices.afterCommit(tx, CHANNEL, "a");
                Notices.afterCommit(tx, CHANNEL, "b");
                Notices.afterCommit(tx, CHANNEL, "a");
                assertThat(listening.payloadsSoFar(), is(empty())); // still open: nothing sent
            });
            assertThat(listening.payloadsSoFar(), is(List.of("a", "b")));
        }
    }

    @Test
    void aRolledBackTransactionSendsNothing() throws SQLException {
        try (Listening listening = new Listening(DATABASE, CHANNEL)) {
            assertThrows(IllegalStateException.class, () -> Transactions.run(DB, tx -> {
                Notices.afterCommit(tx, CHANNEL, "never");
                throw new IllegalStateException("the write failed");
            }));
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
