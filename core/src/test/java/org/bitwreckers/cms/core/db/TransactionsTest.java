package org.bitwreckers.cms.core.db;

import java.io.IOException;
import java.util.Map;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.error.CmsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayWithSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The transaction helper against a real PostgreSQL: what the work wrote is there after success and gone after a
 * failure, and the failure the caller sees is the work's own, even when the rollback fails too.
 */
class TransactionsTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();

    @BeforeAll
    static void open() {
        DB.execute().dml("CREATE TABLE notes (text text NOT NULL)");
    }

    @BeforeEach
    void empty() {
        DB.execute().dml("DELETE FROM notes");
    }

    @Test
    void commitsWhatTheWorkWroteAndAnswersItsValue() {
        long written = Transactions.call(DB, tx -> tx.dml("INSERT INTO notes VALUES ('kept'), ('kept too')"));
        Transactions.run(DB, tx -> tx.dml("INSERT INTO notes VALUES ('kept as well')"));

        assertThat(written, is(2L));
        assertThat(count(), is(3L));
    }

    @Test
    void rollsBackAndRethrowsTheWorksOwnFailure() {
        CmsException conflict = CmsException.conflict("already there", Map.of());

        CmsException thrown = assertThrows(CmsException.class, () -> Transactions.run(DB, tx -> {
            tx.dml("INSERT INTO notes VALUES ('never kept')");
            throw conflict;
        }));

        assertThat(thrown, is(sameInstance(conflict)));
        assertThat(thrown.getSuppressed(), is(arrayWithSize(0)));
        assertThat(count(), is(0L));
        assertThat(openTransactions(), is(0L));
    }

    @Test
    void rollsBackOnCheckedExceptionsAndErrorsToo() {
        IOException io = new IOException("disk gone");
        assertThat(assertThrows(IOException.class, () -> Transactions.run(DB, tx -> {
            tx.dml("INSERT INTO notes VALUES ('never kept')");
            throw io;
        })), is(sameInstance(io)));

        StackOverflowError error = new StackOverflowError("deep");
        assertThat(assertThrows(StackOverflowError.class, () -> Transactions.call(DB, tx -> {
            tx.dml("INSERT INTO notes VALUES ('never kept either')");
            throw error;
        })), is(sameInstance(error)));

        assertThat(count(), is(0L));
        assertThat(openTransactions(), is(0L));
    }

    @Test
    void aFailedRollbackIsAttachedToTheOriginalFailureNotThrownInstead() {
        IllegalStateException failure = new IllegalStateException("the work failed");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Transactions.run(DB, tx -> {
            tx.dml("INSERT INTO notes VALUES ('never kept')");
            long pid = tx.get("SELECT pg_backend_pid() AS pid").orElseThrow().column("pid").get(Integer.class);
            // the transaction's connection dies under it (as in a database outage): its rollback cannot succeed
            DB.execute().get("SELECT pg_terminate_backend(?) AS ended", (int) pid);
            throw failure;
        }));

        assertThat(thrown, is(sameInstance(failure)));
        assertThat(thrown.getSuppressed(), is(arrayWithSize(1)));
        assertThat(count(), is(0L));
    }

    /** Transactions of this database that were neither committed nor rolled back (their connection holds them). */
    private static long openTransactions() {
        return DB.execute().get("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()"
                                        + " AND state LIKE 'idle in transaction%'").orElseThrow().column("n").get(Long.class);
    }

    private static long count() {
        return DB.execute().get("SELECT count(*) AS n FROM notes").orElseThrow().column("n").get(Long.class);
    }
}
