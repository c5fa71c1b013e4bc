package org.bitwreckers.cms.core.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;

import org.bitwreckers.cms.core.config.PlatformVersion;
import org.bitwreckers.cms.core.content.ContentKind;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeJson;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.db.SchemaVersion;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.media.MediaStorage;

/**
 * Writes content as NDJSON (see {@link TransferFormat}), read in one REPEATABLE READ transaction so documents, versions
 * and media records agree; optionally copies the media files into a folder, one file per storage key.
 */
public final class ContentExport {
    private static final int REPORT_EVERY = 500;

    private final DbClient db;
    private final ContentTypeRegistry registry;
    private final MediaStorage storage;
    private final Consumer<String> progress;

    /** What was written. */
    public record Counts(int types, int media, int mediaFiles, int documents) {
    }

    /**
     * @param db       the database
     * @param registry content types
     * @param storage  the media store (for --media)
     * @param progress receives counts as lines are written
     */
    public ContentExport(DbClient db, ContentTypeRegistry registry, MediaStorage storage, Consumer<String> progress) {
        this.db = db;
        this.registry = registry;
        this.storage = storage;
        this.progress = progress;
    }

    /**
     * @param out      where the lines go
     * @param types    the types to export; empty for every editorial type (submissions hold people's data and stay
     *                 unless named)
     * @param mediaDir folder to copy the media files into, if wanted
     * @return what was written
     * @throws CmsException BAD_REQUEST naming types that do not exist
     */
    public Counts write(Writer out, Collection<String> types, Optional<Path> mediaDir) {
        List<ContentType> chosen = choose(types);
        JsonArrayBuilder names = Jsons.createArrayBuilder();
        chosen.forEach(t -> names.add(t.name()));
        return Transactions.call(db, tx -> {
            tx.dml("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            line(out, Jsons.createObjectBuilder().add(TransferFormat.RECORD, TransferFormat.HEADER)
                    .add("format", TransferFormat.FORMAT).add("formatVersion", TransferFormat.FORMAT_VERSION)
                    .add("platformVersion", PlatformVersion.current()).add("schemaVersion", SchemaVersion.of(tx))
                    .add("exportedAt", Instant.now().toString()).build().toString());
            for (ContentType type : chosen) {
                line(out, Jsons.createObjectBuilder().add(TransferFormat.RECORD, TransferFormat.CONTENT_TYPE)
                        .add("name", type.name()).add("descriptor", ContentTypeJson.of(type)).build().toString());
            }
            int media = 0;
            int files = 0;
            try (Stream<DbRow> rows = tx.query(
                    "SELECT jsonb_build_object('record', 'media') || (to_jsonb(m) - 'id') AS line,"
                            + " jsonb_build_array(m.storage_key) || COALESCE((SELECT jsonb_agg(v->'key')"
                            + " FROM jsonb_array_elements(m.variants) v), '[]') AS keys"
                            + " FROM media_assets m ORDER BY m.id")) {
                for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                    line(out, row.column("line").get(String.class));
                    media++;
                    if (mediaDir.isPresent()) {
                        for (JsonString key : JsonText.array(row.column("keys").get(String.class))
                                .getValuesAs(JsonString.class)) {
                            files += copy(key.getString(), mediaDir.get()) ? 1 : 0;
                        }
                    }
                }
            }
            String copied = mediaDir.isEmpty() ? "" : ", " + files + " file(s) copied to " + mediaDir.get();
            progress.accept("media: " + media + " record(s)" + copied);
            int documents = 0;
            try (Stream<DbRow> rows = tx.query(
                    "SELECT jsonb_build_object('record', 'document') || (to_jsonb(d) - 'owner_id')"
                            + " || jsonb_build_object('versions', COALESCE((SELECT jsonb_agg(to_jsonb(v) - 'document_id'"
                            + " ORDER BY v.version) FROM document_versions v WHERE v.document_id = d.id), '[]'))"
                            + " AS line FROM documents d WHERE d.type IN (SELECT jsonb_array_elements_text(?::jsonb))"
                            + " ORDER BY d.id", names.build().toString())) {
                for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                    line(out, row.column("line").get(String.class));
                    documents++;
                    if (documents % REPORT_EVERY == 0) {
                        progress.accept("documents: " + documents);
                    }
                }
            }
            progress.accept("exported " + chosen.size() + " type(s), " + media + " media record(s), " + documents
                                    + " document(s)");
            return new Counts(chosen.size(), media, files, documents);
        });
    }

    private List<ContentType> choose(Collection<String> types) {
        if (types.isEmpty()) {
            return registry.all().stream().filter(t -> t.kind() != ContentKind.SUBMISSION).toList();
        }
        List<String> unknown = types.stream().filter(t -> registry.find(t).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw CmsException.badRequest("No such content type(s): " + String.join(", ", unknown));
        }
        return types.stream().map(t -> registry.find(t).orElseThrow()).toList();
    }

    private boolean copy(String key, Path dir) {
        Path target = dir.resolve(key); // keys come from our own rows and are checked by the store
        if (Files.exists(target)) {
            return false;
        }
        Optional<InputStream> file = storage.read(key, 0, Long.MAX_VALUE);
        if (file.isEmpty()) {
            progress.accept("media: " + key + " is missing from the store; its record is exported without it");
            return false;
        }
        try (InputStream in = file.get()) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".export", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void line(Writer out, String json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
    }
}
