package org.bitwreckers.cms.server.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.transfer.ContentExport;
import org.bitwreckers.cms.server.Catalog;
import org.bitwreckers.cms.server.Platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: content as portable NDJSON. */
@Command(name = "export", mixinStandardHelpOptions = true,
         description = {"Writes content as NDJSON, one record per line: a header, the content types, the media "
                 + "library's records and the documents with their versions. Submission types are left out unless "
                 + "named with --type.", "Settings come from the environment, as for serve."})
public final class ExportCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default: - for stdout)")
    private String output = "-";

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", split = ",",
            description = "Only these content types (repeatable or comma-separated)")
    private List<String> types = new ArrayList<>();

    @Option(names = "--media", paramLabel = "DIR", description = "Also copy the media files into this folder")
    private Path media;

    private final PrintStream out;
    private final CommandEnvironment environment;

    /** As the launcher runs it: the process's environment and streams. */
    public ExportCommand() {
        this(System.getenv(), System.out, System.err);
    }

    /**
     * @param env the settings' environment variables
     * @param out stdout, for --output -
     * @param err where progress and failures go
     */
    public ExportCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.out = out;
        this.environment = new CommandEnvironment(env, err);
    }

    @Override
    public Integer call() throws Exception {
        return environment.run("export", () -> {
            Settings settings = environment.settings();
            Catalog catalog = null;
            DbClient db = null;
            MediaStorage storage = null;
            Writer writer = null;
            try {
                catalog = Catalog.load(settings);
                db = Database.connect(settings.database(), 2);
                storage = Platform.mediaStorage(settings);
                writer = "-".equals(output) ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))
                        : Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8);
                new ContentExport(db, catalog.registry(), storage, environment.progress("export"))
                        .write(writer, types, CommandEnvironment.optional(media));
                writer.flush();
                return 0;
            } finally {
                CommandEnvironment.closeAll(catalog, db, storage instanceof AutoCloseable c ? c : null,
                                            "-".equals(output) ? null : writer);
            }
        });
    }
}
