package org.bitwreckers.cms.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.config.PlatformVersion;
import org.bitwreckers.cms.core.db.SchemaVersion;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.media.MediaStorage;

/**
 * Writes one backup archive (a zip): the database dump, the media files and {@link BackupManifest}.
 *
 * <p>Consistency: one REPEATABLE READ transaction exports its snapshot; pg_dump dumps under that snapshot, and the
 * list of media files, the counts and the schema version are read in the same transaction, so the dump and the files
 * agree. Media files are keyed by the hash of their bytes and never rewritten, so copying them after the snapshot
 * copies exactly what the snapshot refers to; a file deleted in between is listed as missing in the manifest.
 * Uploads after the snapshot are not in the dump, and their files are not copied.
 */
public final class Backup {
    /** Tables whose rows are derived or about live nodes: dumped without data, rebuilt after a restore. */
    static final List<String> DERIVED_TABLES = List.of("search_entries", "search_state", "platform_nodes");
    /** Tables whose row counts the manifest records. */
    static final List<String> COUNTED_TABLES = List.of("documents", "document_versions", "media_assets", "users",
                                                       "jobs", "workflow_transitions", "audit_log");
    private static final int REPORT_EVERY = 100;

    private final DbClient db;
    private final DatabaseUrl url;
    private final MediaStorage storage;
    private final PgTools tools;
    private final Consumer<String> progress;

    /**
     * @param db       the platform's database
     * @param url      its DATABASE_URL (for pg_dump)
     * @param storage  the media store
     * @param tools    pg_dump
     * @param progress receives a line per step and counts as files are copied
     */
    public Backup(DbClient db, DatabaseUrl url, MediaStorage storage, PgTools tools, Consumer<String> progress) {
        this.db = db;
        this.url = url;
        this.storage = storage;
        this.tools = tools;
        this.progress = progress;
    }

    /** What the snapshot said. */
    private record Snapshot(Instant at, String schemaVersion, String postgres, Map<String, Long> counts,
                            Map<String, String> mediaTypes) {
    }

    /**
     * Writes the archive; it appears under its name only when complete.
     *
     * @param archive the zip to write (replaced if it exists)
     * @return its manifest
     * @throws BackupException when pg_dump, the store or the file system fails
     */
    public BackupManifest write(Path archive) {
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        Path dump = null;
        try {
            dump = Files.createTempFile("bitwreckers-backup", ".pgdump");
            Snapshot snapshot = dumpUnderSnapshot(dump);
            BackupManifest manifest;
            try (OutputStream file = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.setLevel(Deflater.BEST_SPEED);
                BackupManifest.Entry database;
                try (InputStream in = Files.newInputStream(dump)) {
                    zip.putNextEntry(new ZipEntry(BackupManifest.DUMP));
                    Sha256.Copied copied = Sha256.copy(in, zip);
                    zip.closeEntry();
                    database = new BackupManifest.Entry(BackupManifest.DUMP, "application/octet-stream", copied.bytes(),
                                                        copied.sha256());
                }
                progress.accept("database: " + database.bytes() + " bytes");
                List<String> missing = new ArrayList<>();
                List<BackupManifest.Entry> media = copyMedia(snapshot.mediaTypes(), zip, missing);
                manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, PlatformVersion.current(),
                                              snapshot.schemaVersion(), snapshot.postgres(), tools.version(),
                                              snapshot.at(), snapshot.counts(), database, storage.location(), media,
                                              missing);
                zip.putNextEntry(new ZipEntry(BackupManifest.MANIFEST));
                zip.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("backup written to " + archive + ": " + manifest.counts() + ", " + manifest.media().size()
                                    + " media file(s)" + (manifest.missingMedia().isEmpty() ? ""
                    : ", " + manifest.missingMedia().size() + " missing (deleted after the snapshot)"));
            return manifest;
        } catch (IOException e) {
            throw new BackupException("Cannot write the backup " + archive + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dump);
            deleteQuietly(partial);
        }
    }

    private Snapshot dumpUnderSnapshot(Path dump) {
        return Transactions.call(db, tx -> {
            tx.dml("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            String id = tx.get("SELECT pg_export_snapshot() AS id").orElseThrow().column("id").get(String.class);
            Instant at = Instant.parse(tx.get("SELECT " + SqlTime.iso("now()") + " AS at").orElseThrow().column("at")
                                               .get(String.class));
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : COUNTED_TABLES) { // names are constants of this class
                counts.put(table, tx.get("SELECT count(*) AS n FROM " + table).orElseThrow().column("n").get(Long.class));
            }
            Map<String, String> media = new LinkedHashMap<>();
            try (Stream<DbRow> rows = tx.query(
                    "SELECT storage_key AS k, content_type AS t FROM media_assets UNION"
                            + " SELECT v->>'key', COALESCE(v->>'content_type', m.content_type)"
                            + " FROM media_assets m, jsonb_array_elements(m.variants) v ORDER BY 1")) {
                rows.forEach(r -> media.put(r.column("k").get(String.class), r.column("t").get(String.class)));
            }
            String postgres = tx.get("SELECT current_setting('server_version') AS v").orElseThrow().column("v")
                    .get(String.class);
            String schema = SchemaVersion.of(tx);
            progress.accept("snapshot " + id + " at " + at + ": schema version " + schema + ", " + counts);
            tools.dump(url, id, DERIVED_TABLES, dump);
            return new Snapshot(at, schema, postgres, counts, media);
        });
    }

    private List<BackupManifest.Entry> copyMedia(Map<String, String> keys, ZipOutputStream zip, List<String> missing)
            throws IOException {
        List<BackupManifest.Entry> entries = new ArrayList<>();
        long bytes = 0;
        int done = 0;
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Optional<InputStream> file = storage.read(key.getKey(), 0, Long.MAX_VALUE);
            if (file.isEmpty()) {
                missing.add(key.getKey());
                progress.accept("media: " + key.getKey() + " is missing from the store (deleted after the snapshot?)");
            } else {
                try (InputStream in = file.get()) {
                    zip.putNextEntry(new ZipEntry(BackupManifest.MEDIA_FOLDER + key.getKey()));
                    Sha256.Copied copied = Sha256.copy(in, zip);
                    zip.closeEntry();
                    entries.add(new BackupManifest.Entry(key.getKey(), key.getValue(), copied.bytes(), copied.sha256()));
                    bytes += copied.bytes();
                }
            }
            done++;
            if (done % REPORT_EVERY == 0 || done == keys.size()) {
                progress.accept("media: " + done + "/" + keys.size() + " file(s), " + bytes + " bytes");
            }
        }
        return entries;
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is not worth failing the backup for
            }
        }
    }
}
