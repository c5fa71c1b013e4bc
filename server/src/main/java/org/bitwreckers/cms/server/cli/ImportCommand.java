package org.bitwreckers.cms.server.cli;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchEngines;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.core.transfer.ContentImport;
import org.bitwreckers.cms.server.Catalog;
import org.bitwreckers.cms.server.Platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import}: an export's NDJSON into this environment, all or nothing, updating by id. */
@Command(name = "import", mixinStandardHelpOptions = true,
         description = {"Reads an export (NDJSON) in one transaction: every line is checked and every problem named by "
                 + "line; nothing is written unless all are good. Documents keep their ids (an existing one is "
                 + "updated), so importing twice changes nothing the second time. Search index jobs are queued for "
                 + "what changed; running nodes pick them up. Migrates the database first, as serve does.",
                 "Settings come from the environment, as for serve."})
public final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The export to read (- for stdin)")
    private String input;

    @Option(names = "--media", paramLabel = "DIR", description = "Folder of media files written by export --media")
    private Path media;

    private final InputStream in;
    private final CommandEnvironment environment;

    /** As the launcher runs it: the process's environment and streams. */
    public ImportCommand() {
        this(System.getenv(), System.in, System.err);
    }

    /**
     * @param env the settings' environment variables
     * @param in  stdin, for -
     * @param err where progress and failures go
     */
    public ImportCommand(Map<String, String> env, InputStream in, PrintStream err) {
        this.in = in;
        this.environment = new CommandEnvironment(env, err);
    }

    @Override
    public Integer call() throws Exception {
        return environment.run("import", () -> {
            Settings settings = environment.settings();
            Catalog catalog = null;
            DbClient db = null;
            MediaStorage storage = null;
            SearchEngine search = null;
            Reader reader = null;
            try {
                catalog = Catalog.load(settings);
                Database.ensureExists(settings.database());
                Database.migrate(settings.database());
                db = Database.connect(settings.database(), 2);
                storage = Platform.mediaStorage(settings);
                search = SearchEngines.create(db, catalog.registry(), settings.search(), new ContentChanges());
                SearchIndexer indexer = new SearchIndexer(db, new JobQueue(db), search);
                reader = "-".equals(input) ? new InputStreamReader(in, StandardCharsets.UTF_8)
                        : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
                new ContentImport(db, catalog.registry(), storage, List.of(indexer), environment.progress("import"))
                        .read(reader, CommandEnvironment.optional(media));
                return 0;
            } finally {
                CommandEnvironment.closeAll(catalog, db, storage instanceof AutoCloseable c ? c : null, search,
                                            "-".equals(input) ? null : reader);
            }
        });
    }
}
