package org.bitwreckers.cms.core.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A connection that listens on one channel, and reads what arrived up to a marker it sends itself: notifications
 * arrive in the order their transactions committed, so whatever a committed write sent is read before the marker,
 * and whatever is not there was not sent, without waiting on a clock.
 */
public final class Listening implements AutoCloseable {
    private static final int MARKER_WAIT_MILLIS = 10_000;

    private final Connection connection;
    private final String channel;

    /**
     * @param database where to listen
     * @param channel  the channel
     * @throws SQLException when the database cannot be reached
     */
    public Listening(ScratchDatabase database, String channel) throws SQLException {
        this.connection = Database.open(database.url());
        this.channel = channel;
        try (Statement s = connection.createStatement()) {
            s.execute("LISTEN " + channel);
        }
    }

    /**
     * @return the payloads that arrived since the last call, in order
     * @throws SQLException when the connection fails
     */
    public List<String> payloadsSoFar() throws SQLException {
        String marker = "marker-" + UUID.randomUUID();
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_notify('" + channel + "', '" + marker + "')");
        }
        List<String> payloads = new ArrayList<>();
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (true) {
            PGNotification[] arrived = pg.getNotifications(MARKER_WAIT_MILLIS);
            if (arrived == null || arrived.length == 0) {
                throw new IllegalStateException("the marker did not come back");
            }
            for (PGNotification n : arrived) {
                if (n.getParameter().equals(marker)) {
                    return payloads;
                }
                payloads.add(n.getParameter());
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
