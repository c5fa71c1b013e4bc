package org.bitwreckers.cms.core.db;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

/**
 * The one way services run a transaction: commit when the work returns, roll back when it throws anything, and let
 * the failure through unchanged (a {@code CmsException} keeps its status). Notices kept for after the commit
 * ({@link Notices#afterCommit}) are handed to the {@link NoticeSender} once it succeeded.
 *
 * <p>Helidon's {@link DbTransaction} takes its connection at the first statement and gives it back on commit or
 * rollback, so a block that ends without either leaks a pooled connection with its locks; and its commit closes the
 * connection even when it fails, so nothing is left to roll back after a failed commit.
 */
public final class Transactions {
    /** Times {@link #callAgainOnConflict} runs work that PostgreSQL keeps rolling back for others, at most. */
    public static final int CONFLICT_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(Transactions.class.getName());
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private Transactions() {
    }

    /**
     * Work inside a transaction that answers a value.
     *
     * @param <T> the value
     * @param <E> a checked exception the work may throw ({@link RuntimeException} when none)
     */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        /**
         * @param tx the open transaction
         * @return the value
         * @throws E when the work fails
         */
        T apply(DbTransaction tx) throws E;
    }

    /**
     * Work inside a transaction that answers nothing.
     *
     * @param <E> a checked exception the work may throw ({@link RuntimeException} when none)
     */
    @FunctionalInterface
    public interface VoidWork<E extends Exception> {
        /**
         * @param tx the open transaction
         * @throws E when the work fails
         */
        void run(DbTransaction tx) throws E;
    }

    /**
     * Runs work in a new transaction: committed when it returns, rolled back when it throws.
     *
     * @param db   the client
     * @param work the work
     * @param <T>  what the work answers
     * @param <E>  what the work may throw
     * @return what the work answered, once committed
     * @throws E the work's own failure, unchanged
     */
    public static <T, E extends Exception> T call(DbClient db, Work<T, E> work) throws E {
        DbTransaction tx = db.transaction();
        Frame outer = CURRENT.get();
        Frame frame = new Frame(tx, new ArrayList<>());
        CURRENT.set(frame);
        T result;
        try {
            try {
                result = work.apply(tx);
            } catch (Throwable failure) {
                rollback(tx, failure);
                throw failure;
            }
            tx.commit();
        } finally {
            CURRENT.set(outer);
        }
        if (!frame.notices().isEmpty()) { // most transactions keep none
            NoticeSender.later(db, frame.notices());
        }
        return result;
    }

    /**
     * Runs work as {@link #call} does, and runs it again in a new transaction when PostgreSQL rolled it back for a
     * concurrent one ({@link TransactionConflict}: a deadlock, a serialization failure), up to
     * {@link #CONFLICT_ATTEMPTS} times in all. Nothing of a rolled-back attempt was written or sent (notices wait for
     * the commit), and the other transaction has gone on, so the next attempt most likely goes through. Only for work
     * that can run twice: its effects are its statements and what it queues in the transaction, and it keeps no state
     * of its own between attempts. A request then does not fail for a conflict it could not see; after the last
     * attempt the conflict goes to the caller unchanged (a 503 with Retry-After).
     *
     * @param db   the client
     * @param work the work, run once per attempt
     * @param <T>  what the work answers
     * @param <E>  what the work may throw
     * @return what the work answered, once committed
     * @throws E the work's own failure, unchanged
     */
    public static <T, E extends Exception> T callAgainOnConflict(DbClient db, Work<T, E> work) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                return call(db, work);
            } catch (Exception failure) {
                if (attempt == CONFLICT_ATTEMPTS || !TransactionConflict.causedIt(failure)) {
                    throw failure;
                }
                int next = attempt + 1;
                LOG.info(() -> "A transaction was rolled back for a concurrent one; running it again (attempt " + next
                        + " of " + CONFLICT_ATTEMPTS + ")");
            }
        }
    }

    /**
     * Keeps a notice to send once the transaction commits, when it is the one {@link #call} runs on this thread now.
     *
     * @param tx     a transaction
     * @param notice the notice
     * @return whether it was kept (else the caller sends it itself)
     */
    static boolean afterCommit(DbTransaction tx, Notices.Notice notice) {
        Frame frame = CURRENT.get();
        if (frame == null || frame.tx() != tx) {
            return false;
        }
        frame.notices().add(notice);
        return true;
    }

    /** The transaction {@link #call} runs on this thread, and the notices to send after it commits. */
    private record Frame(DbTransaction tx, List<Notices.Notice> notices) {
    }

    /**
     * Runs work that answers nothing in a new transaction: committed when it returns, rolled back when it throws.
     *
     * @param db   the client
     * @param work the work
     * @param <E>  what the work may throw
     * @throws E the work's own failure, unchanged
     */
    public static <E extends Exception> void run(DbClient db, VoidWork<E> work) throws E {
        call(db, tx -> {
            work.run(tx);
            return null;
        });
    }

    /**
     * Rolls back; when the rollback fails too (the connection is gone), its error is attached to the original failure,
     * which stays the one the caller rethrows and the one that decides the answer (503 for a lost database).
     *
     * @param tx      the failed transaction
     * @param failure what made it fail
     */
    static void rollback(DbTransaction tx, Throwable failure) {
        try {
            tx.rollback();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }
}
