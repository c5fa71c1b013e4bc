package org.bitwreckers.cms.core.db;

import io.helidon.dbclient.DbTransaction;

/**
 * Rollback after a failure without hiding the failure.
 */
public final class Transactions {
    private Transactions() {
    }

    /**
     * Rolls back; when the rollback fails too (the connection is gone), its error is attached to the original failure,
     * which stays the one the caller rethrows and the one that decides the answer (503 for a lost database).
     *
     * @param tx      the failed transaction
     * @param failure what made it fail
     */
    public static void rollback(DbTransaction tx, Throwable failure) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
