package org.bitwreckers.cms.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.db.Database;

/**
 * {@code migrate}: creates the database if missing and applies the schema migrations, nothing else; for a release
 * step that runs before the new nodes start (every node also migrates at start, which is then a no-op).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create the database if missing and apply the schema migrations; start nothing.")
final class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    private BitwreckersCommand root;

    @Override
    public Integer call() {
        Settings settings = root.settings();
        root.out().println("Migrating " + settings.database() + " ...");
        root.out().flush();
        Database.ensureExists(settings.database());
        int applied = Database.migrate(settings.database());
        root.out().println(applied == 0 ? "The schema was up to date." : "Applied " + applied + " migration(s).");
        return 0;
    }
}
