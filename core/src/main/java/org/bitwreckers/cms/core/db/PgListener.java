package org.bitwreckers.cms.core.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One dedicated connection that LISTENs on PostgreSQL channels and hands each notification's payload to the
 * channel's consumer. Notifications are sent inside writing transactions and delivered after commit, to every node.
 * After a lost connection it reconnects and calls {@code onReconnect}, since notifications may have been missed.
 */
public final class PgListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PgListener.class.getName());
    private static final int POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 2000;
    private static final int POLLS_PER_CHECK = 20;

    private final DatabaseUrl url;
    private final Map<String, Consumer<String>> channels;
    private final Runnable onReconnect;
    private final DatabaseReach reach;
    private final Thread thread;
    private volatile boolean running = true;

    private PgListener(DatabaseUrl url, Map<String, Consumer<String>> channels, Runnable onReconnect,
                       DatabaseReach reach) {
        this.url = url;
        this.reach = reach;
        this.channels = Map.copyOf(channels);
        this.onReconnect = onReconnect;
        this.thread = Thread.ofVirtual().name("pg-listener").unstarted(this::run);
    }

    /**
     * @param url         the database
     * @param channels    channel name (a fixed identifier) to payload consumer
     * @param onReconnect called on every (re)connection
     * @param reach       told when the connection is up and when it is lost
     * @return the started listener
     */
    public static PgListener start(DatabaseUrl url, Map<String, Consumer<String>> channels, Runnable onReconnect,
                                   DatabaseReach reach) {
        PgListener listener = new PgListener(url, channels, onReconnect, reach);
        listener.thread.start();
        return listener;
    }

    private void run() {
        while (running) {
            try (Connection connection = Database.open(url)) {
                try (Statement listen = connection.createStatement()) {
                    for (String channel : channels.keySet()) {
                        listen.execute("LISTEN " + channel); // channel names are constants of this code base
                    }
                }
                reach.connected();
                safely(onReconnect);
                PGConnection pg = connection.unwrap(PGConnection.class);
                for (int polls = 1; running; polls++) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            safely(() -> channels.getOrDefault(n.getName(), p -> { }).accept(n.getParameter()));
                        }
                    }
                    if (polls % POLLS_PER_CHECK == 0) {
                        try (Statement ping = connection.createStatement()) {
                            ping.execute("SELECT 1"); // a half-open connection fails here instead of waiting forever
                        }
                    }
                }
            } catch (SQLException e) {
                reach.lost();
                if (running) {
                    LOG.log(Level.WARNING, "Lost the PostgreSQL LISTEN connection; retrying", e);
                    pause();
                }
            }
        }
    }

    /** A failing consumer must not end the listener: other nodes' invalidations would stop for good. */
    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A notification consumer failed", e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
