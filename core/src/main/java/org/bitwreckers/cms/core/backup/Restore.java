package org.bitwreckers.cms.core.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.SchemaVersion;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.value.MediaKeys;

/**
 * Brings a {@link Backup} archive back on an empty database and an empty media store, in this order: check the
 * target is empty (unless forced), check every entry of the archive against the manifest, restore the dump in one
 * transaction (pg_restore, less the search ranking index and its extension), put the media files, migrate forward
 * when this release is newer than the backup, make the ranking index where the target allows, and rebuild the search
 * index (its entries are not in the archive).
 */
public final class Restore {
    private static final int REPORT_EVERY = 100;

    private final DatabaseUrl url;
    private final MediaStorage storage;
    private final PgTools tools;
    private final Function<DbClient, SearchEngine> searchEngine;
    private final Consumer<String> progress;

    /**
     * @param url          DATABASE_URL of the target (created when missing)
     * @param storage      the target media store
     * @param tools        pg_restore
     * @param searchEngine the configured search engine on the restored database (its entries are rebuilt)
     * @param progress     receives a line per step and counts as files are put
     */
    public Restore(DatabaseUrl url, MediaStorage storage, PgTools tools, Function<DbClient, SearchEngine> searchEngine,
                   Consumer<String> progress) {
        this.url = url;
        this.storage = storage;
        this.tools = tools;
        this.searchEngine = searchEngine;
        this.progress = progress;
    }

    /**
     * @param archive the backup
     * @param force   replace the database's public schema when it is not empty, and add to a store that holds files
     *                (files are keyed by their bytes' hash, so one already there is the same file)
     * @return the archive's manifest
     * @throws BackupException when the target is not empty, the archive is damaged or a tool fails; nothing of the
     *                         database is changed unless the archive checked out
     */
    public BackupManifest restore(Path archive, boolean force) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BackupManifest manifest = manifest(zip);
            progress.accept("backup of " + manifest.createdAt() + " (platform " + manifest.platformVersion()
                                    + ", schema version " + manifest.schemaVersion() + "): " + manifest.counts());
            Database.ensureExists(url);
            try (DbClient check = Database.connect(url, 2)) {
                checkEmpty(check, force);
            }
            verify(zip, manifest);
            restoreDatabase(zip);
            putMedia(zip, manifest);
            Database.migrate(url); // a newer release brings the restored schema forward
            try (DbClient db = Database.connect(url, 2)) {
                progress.accept("database now at schema version " + SchemaVersion.of(db.execute()));
                boolean ranked = db.execute().get("SELECT search_ranking_index() AS ranked").orElseThrow()
                        .column("ranked").get(Boolean.class);
                progress.accept(ranked ? "search ranking index made"
                                        : "no search ranking index: the rum extension is missing here or could not be"
                                          + " created (see docs/search.md); public searches rank every match");
                rebuildSearch(db);
            }
            progress.accept("restore complete");
            return manifest;
        } catch (IOException e) {
            throw new BackupException("Cannot read the backup " + archive + ": " + e.getMessage(), e);
        }
    }

    private static BackupManifest manifest(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.MANIFEST);
        if (entry == null) {
            throw new BackupException("The archive has no " + BackupManifest.MANIFEST + ": it is not a complete backup");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return BackupManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void checkEmpty(DbClient db, boolean force) {
        long relations = db.execute().get(
                "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                        + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')").orElseThrow().column("n").get(Long.class);
        List<String> problems = new ArrayList<>();
        if (relations > 0 && !force) {
            problems.add("the database " + url + " is not empty (" + relations + " tables, views or sequences)");
        }
        if (!force && storage.holdsFiles()) {
            problems.add("the media store (" + storage.location() + ") already holds files");
        }
        if (!problems.isEmpty()) {
            throw new BackupException("A restore needs an empty target: " + String.join("; ", problems)
                                              + ". Point DATABASE_URL and the media settings at empty ones, or pass"
                                              + " --force to replace the database's public schema and add to the store.");
        }
        if (relations > 0) {
            progress.accept("--force: dropping the public schema of " + url);
            db.execute().dml("DROP SCHEMA public CASCADE");
            db.execute().dml("CREATE SCHEMA public");
        }
    }

    /** Every entry the manifest names is there with its size and hash, before anything is changed. */
    private void verify(ZipFile zip, BackupManifest manifest) throws IOException {
        List<String> problems = new ArrayList<>();
        List<BackupManifest.Entry> all = new ArrayList<>();
        all.add(manifest.database());
        all.addAll(manifest.media());
        for (BackupManifest.Entry expected : all) {
            boolean media = expected != manifest.database();
            if (media && !MediaKeys.valid(expected.name())) {
                problems.add(expected.name() + ": not a media key");
                continue;
            }
            String name = media ? BackupManifest.MEDIA_FOLDER + expected.name() : expected.name();
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                problems.add(name + ": missing from the archive");
                continue;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Sha256.Copied found = Sha256.of(in);
                if (found.bytes() != expected.bytes() || !found.sha256().equals(expected.sha256())) {
                    problems.add(name + ": damaged (" + found.bytes() + " bytes, SHA-256 " + found.sha256()
                                         + "; the manifest says " + expected.bytes() + " bytes, " + expected.sha256() + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BackupException("The archive does not match its manifest; nothing was restored: "
                                              + String.join("; ", problems));
        }
        progress.accept("archive checked: " + all.size() + " entries match the manifest");
    }

    private void restoreDatabase(ZipFile zip) throws IOException {
        Path dump = Files.createTempFile("bitwreckers-restore", ".pgdump");
        try {
            try (InputStream in = zip.getInputStream(zip.getEntry(BackupManifest.DUMP))) {
                Files.copy(in, dump, StandardCopyOption.REPLACE_EXISTING);
            }
            progress.accept("restoring the database with pg_restore");
            tools.restore(url, dump, Restore::rankingIndexOrItsExtension);
        } finally {
            Backup.deleteQuietly(dump);
        }
    }

    /**
     * The search ranking index and the rum extension it needs (V37) are made again after the restore, where the target
     * allows (the index is of derived data, empty in the dump): a target without the extension, or a role that may not
     * create it, restores all the same.
     */
    private static boolean rankingIndexOrItsExtension(String tableOfContentsLine) {
        return tableOfContentsLine.contains(" EXTENSION - rum ") || tableOfContentsLine.contains(" EXTENSION rum ")
                || tableOfContentsLine.contains(" INDEX public search_entries_published_rum ");
    }

    private void putMedia(ZipFile zip, BackupManifest manifest) throws IOException {
        int done = 0;
        for (BackupManifest.Entry file : manifest.media()) {
            Path tmp = Files.createTempFile("bitwreckers-restore", ".media");
            try {
                try (InputStream in = zip.getInputStream(zip.getEntry(BackupManifest.MEDIA_FOLDER + file.name()))) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                storage.put(file.name(), tmp, file.contentType());
            } finally {
                Backup.deleteQuietly(tmp);
            }
            done++;
            if (done % REPORT_EVERY == 0 || done == manifest.media().size()) {
                progress.accept("media: " + done + "/" + manifest.media().size() + " file(s) put into "
                                        + storage.location());
            }
        }
        if (!manifest.missingMedia().isEmpty()) {
            progress.accept("media: " + manifest.missingMedia().size() + " file(s) were already missing at backup time: "
                                    + String.join(", ", manifest.missingMedia()));
        }
    }

    private void rebuildSearch(DbClient db) {
        try (SearchEngine engine = searchEngine.apply(db)) {
            progress.accept("rebuilding the search index");
            engine.prepare();
            engine.rebuild((type, entries) -> progress.accept("search: " + type + ", " + entries + " entries"));
            progress.accept("search index rebuilt");
        }
    }
}
