package org.bitwreckers.cms.server.cli;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.db.Database;

/**
 * The database as a command uses it: created if missing, migrated, with a small pool of its own (a command runs
 * beside the servers of the same database and takes few of its connections).
 *
 * @param db the pool
 */
record OpenDatabase(DbClient db) implements AutoCloseable {
    private static final int POOL = 2;

    static OpenDatabase open(Settings settings) {
        Database.ensureExists(settings.database());
        Database.migrate(settings.database());
        return new OpenDatabase(Database.connect(settings.database(), POOL));
    }

    @Override
    public void close() {
        db.close();
    }
}
