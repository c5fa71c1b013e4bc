package org.bitwreckers.cms.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.bitwreckers.cms.core.backup.PgTools;
import org.bitwreckers.cms.core.backup.Restore;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.search.SearchEngines;
import org.bitwreckers.cms.server.Catalog;
import org.bitwreckers.cms.server.Platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code restore}: a backup archive back onto an empty database and an empty media store. */
@Command(name = "restore", mixinStandardHelpOptions = true,
         description = {"Restores a backup archive onto an EMPTY database (created when missing) and an EMPTY media "
                 + "store, checks every entry against the manifest first, migrates forward when this release is newer, "
                 + "and rebuilds the search index (PostgreSQL, or Elasticsearch when ELASTICSEARCH_URL is set). "
                 + "Stop every node first. Needs pg_restore of the backup's major version or newer.",
                 "Settings come from the environment, as for serve."})
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The backup archive (zip)")
    private Path archive;

    @Option(names = "--force", description = "Replace the public schema of a database that is not empty, and add to a "
            + "media store that already holds files")
    private boolean force;

    @Option(names = "--pg-bin", paramLabel = "DIR", description = "Folder of pg_restore (default: found on the PATH)")
    private Path pgBin;

    private final CommandEnvironment environment;

    /** As the launcher runs it: the process's environment. */
    public RestoreCommand() {
        this(System.getenv(), System.err);
    }

    /**
     * @param env the settings' environment variables
     * @param err where progress and failures go
     */
    public RestoreCommand(Map<String, String> env, PrintStream err) {
        this.environment = new CommandEnvironment(env, err);
    }

    @Override
    public Integer call() throws Exception {
        return environment.run("restore", () -> {
            Settings settings = environment.settings();
            Catalog catalog = null;
            MediaStorage storage = null;
            try {
                catalog = Catalog.load(settings);
                ContentTypeRegistry registry = catalog.registry();
                storage = Platform.mediaStorage(settings);
                new Restore(settings.database(), storage, new PgTools(CommandEnvironment.optional(pgBin)),
                            db -> SearchEngines.create(db, registry, settings.search(), new ContentChanges()),
                            environment.progress("restore")).restore(archive, force);
                return 0;
            } finally {
                CommandEnvironment.closeAll(catalog, storage instanceof AutoCloseable c ? c : null);
            }
        });
    }
}
