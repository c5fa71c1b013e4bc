package org.bitwreckers.cms.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps this node's cached delivery responses coherent with writes made on other nodes: LISTENs on the
 * {@code content_changed} channel (notified in the writing transaction, delivered after commit) and bumps the
 * changed type's generation. After a lost connection it invalidates everything, since notifications may be missed.
 */
final class ChangeListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChangeListener.class.getName());
    private static final int POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 2000;

    private final DatabaseUrl url;
    private final ContentChanges changes;
    private final Thread thread;
    private volatile boolean running = true;

    private ChangeListener(DatabaseUrl url, ContentChanges changes) {
        this.url = url;
        this.changes = changes;
        this.thread = Thread.ofVirtual().name("content-change-listener").unstarted(this::run);
    }

    static ChangeListener start(DatabaseUrl url, ContentChanges changes) {
        ChangeListener listener = new ChangeListener(url, changes);
        listener.thread.start();
        return listener;
    }

    private void run() {
        while (running) {
            try (Connection connection = Database.open(url)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN content_changed");
                }
                changes.changedAll(); // anything may have changed while we were not listening
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            changes.changed(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.log(Level.WARNING, "Lost the content change listener connection; retrying", e);
                    sleepQuietly();
                }
            }
        }
    }

    private void sleepQuietly() {
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
