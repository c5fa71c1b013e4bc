package org.bitwreckers.cms.core.db;

import java.util.ArrayList;
import java.util.List;

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
