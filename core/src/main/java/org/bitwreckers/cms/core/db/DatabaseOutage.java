package org.bitwreckers.cms.core.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a lost or unreachable database apart from other failures, so callers get a 503 to retry rather than a 500.
 */
public final class DatabaseOutage {
    /** Seconds a client is asked to wait before trying again while the database is away. */
    public static final long RETRY_AFTER_SECONDS = 5;

    private DatabaseOutage() {
    }

    /**
     * @param failure any failure
     * @return whether it was caused by the database being unreachable (no pooled connection in time, connection lost,
     *         server shutting down or starting)
     */
    public static boolean causedIt(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) { // bounded: a cause chain may loop
            if (t instanceof SQLTransientConnectionException || t instanceof DatabaseUnreachableException) {
                return true; // the pool gave up waiting for a connection
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now)
            }
        }
        return false;
    }
}
