package org.bitwreckers.cms.core.identity;

import java.util.UUID;

import io.helidon.dbclient.DbExecute;

/**
 * Tells every node, through the {@code sessions_ended} channel, that sessions ended, so open notification streams
 * close there too. Sent inside the transaction that ends them: delivered after commit, never for a rolled-back end.
 */
public final class SessionSignals {
    /** The PostgreSQL channel. */
    public static final String CHANNEL = "sessions_ended";

    private SessionSignals() {
    }

    /**
     * @param tx      the transaction that ends the session (sign-out)
     * @param session the refresh chain
     */
    public static void sessionEnded(DbExecute tx, UUID session) {
        tx.get("SELECT pg_notify('" + CHANNEL + "', ?) AS sent", "session:" + session);
    }

    /**
     * @param tx     the transaction that ends all of the user's sessions (deactivation, role change, password reset)
     * @param userId the user
     */
    public static void userSessionsEnded(DbExecute tx, long userId) {
        tx.get("SELECT pg_notify('" + CHANNEL + "', ?) AS sent", "user:" + userId);
    }
}
