package org.bitwreckers.cms.core.db;

import java.sql.SQLException;

/**
 * Tells a transaction PostgreSQL rolled back because it met another one (a deadlock, a serialization failure) apart
 * from other failures: nothing of it was written, and the same request sent again will most likely go through, so
 * callers get a 503 to retry rather than a 500.
 */
public final class TransactionConflict {
    /** Seconds a client is asked to wait before sending the request again: the other transaction is short. */
    public static final long RETRY_AFTER_SECONDS = 1;

    private TransactionConflict() {
    }

    /**
     * @param failure any failure
     * @return whether it was caused by PostgreSQL rolling the transaction back for a conflict with another (SQLSTATE
     *         class 40: 40P01 deadlock detected, 40001 serialization failure)
     */
    public static boolean causedIt(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) { // bounded: a cause chain may loop
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }
}
