package org.bitwreckers.cms.server.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.backup.Backup;
import org.bitwreckers.cms.core.backup.PgTools;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.server.Platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backup}: one archive with the database, the media files and a manifest. */
@Command(name = "backup", mixinStandardHelpOptions = true,
         description = {"Writes one consistent backup archive (zip): the database as pg_dump dumps it under one "
                 + "snapshot, the media files that snapshot refers to (local folder or S3 bucket) and a manifest "
                 + "with versions, counts and checksums. Needs pg_dump of the server's major version or newer.",
                 "Settings come from the environment, as for serve (DATABASE_URL, MEDIA_DIR or AWS_*)."})
public final class BackupCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The archive to write (default: bitwreckers-backup-<UTC time>.zip here)")
    private Path output;

    @Option(names = "--pg-bin", paramLabel = "DIR", description = "Folder of pg_dump (default: found on the PATH)")
    private Path pgBin;

    private final CommandEnvironment environment;

    /** As the launcher runs it: the process's environment. */
    public BackupCommand() {
        this(System.getenv(), System.err);
    }

    /**
     * @param env the settings' environment variables
     * @param err where progress and failures go
     */
    public BackupCommand(Map<String, String> env, PrintStream err) {
        this.environment = new CommandEnvironment(env, err);
    }

    @Override
    public Integer call() throws Exception {
        return environment.run("backup", () -> {
            Settings settings = environment.settings();
            Path archive = output != null ? output
                    : Path.of("bitwreckers-backup-" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + ".zip");
            DbClient db = null;
            MediaStorage storage = null;
            try {
                db = Database.connect(settings.database(), 2);
                storage = Platform.mediaStorage(settings);
                new Backup(db, settings.database(), storage, new PgTools(CommandEnvironment.optional(pgBin)),
                           environment.progress("backup")).write(archive);
                return 0;
            } finally {
                CommandEnvironment.closeAll(db, storage instanceof AutoCloseable c ? c : null);
            }
        });
    }
}
