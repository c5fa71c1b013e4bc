package org.bitwreckers.cms.core.transfer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeJson;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.ContentEventListener;
import org.bitwreckers.cms.core.document.DocumentValidator;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.media.MediaLinks;
import org.bitwreckers.cms.core.media.MediaStorage;
import org.bitwreckers.cms.core.value.MediaKeys;

/**
 * Reads an {@link ContentExport} file into this environment in one transaction: every line is checked (shape, content
 * type known here, fields by the type's descriptor, slugs free, relations and media present) and every problem is
 * reported at once by line number; nothing is written unless the whole file is good. Documents keep their ids: one
 * that exists is updated, so importing the same file twice changes nothing the second time. Changed documents get
 * their search index jobs (and caches their notification) in the same transaction, through the content listeners.
 * Plugin write hooks do not run: an import copies state that passed them where it was written.
 */
public final class ContentImport {
    private static final int BATCH = 500;
    private static final int MOST_PROBLEMS = 200;
    private static final Pattern HASH = Pattern.compile("[a-f0-9]{64}");
    private static final Set<String> STATUSES = Set.of("draft", "published", "archived");
    private static final List<String> TIMES = List.of("created_at", "updated_at");
    private static final List<String> OPTIONAL_TIMES = List.of("published_at", "publish_at", "unpublish_at");

    private final DbClient db;
    private final ContentTypeRegistry registry;
    private final MediaStorage storage;
    private final List<ContentEventListener> listeners;
    private final Consumer<String> progress;
    private final TransferRepository repository = new TransferRepository();

    /**
     * What an import did.
     *
     * @param documents documents read
     * @param changed   documents inserted or changed
     * @param media     media records read
     * @param mediaChanged media records inserted or changed
     * @param filesPut  media files put into the store
     * @param warnings  what the operator should know (descriptors that differ, media files absent)
     */
    public record Result(int documents, int changed, int media, long mediaChanged, int filesPut, List<String> warnings) {
    }

    /**
     * @param db        the database
     * @param registry  content types of this environment
     * @param storage   the media store (files from --media go there)
     * @param listeners told about changed documents in the writing transaction (the search indexer)
     * @param progress  receives counts as lines are read
     */
    public ContentImport(DbClient db, ContentTypeRegistry registry, MediaStorage storage,
                         List<ContentEventListener> listeners, Consumer<String> progress) {
        this.db = db;
        this.registry = registry;
        this.storage = storage;
        this.listeners = listeners;
        this.progress = progress;
    }

    /** Problems by line, in line order. */
    private static final class Problems {
        final Map<String, String> all = new LinkedHashMap<>();
        int more;

        void add(int line, String problem) {
            String key = "line " + line;
            if (all.containsKey(key)) {
                all.put(key, all.get(key) + "; " + problem);
            } else if (all.size() < MOST_PROBLEMS) {
                all.put(key, problem);
            } else {
                more++;
            }
        }

        boolean any() {
            return !all.isEmpty() || more > 0;
        }
    }

    /** One import run: its transaction, the batch being gathered and what was seen. */
    private final class Run {
        final DbTransaction tx;
        final Optional<Path> mediaDir;
        final Problems problems = new Problems();
        final List<String> warnings = new ArrayList<>();
        final Set<Long> ids = new HashSet<>();
        final List<Doc> batch = new ArrayList<>();
        final List<Doc> references = new ArrayList<>();
        final List<JsonObject> media = new ArrayList<>();
        /** What the file itself brings, so references to it hold even when a problem stopped the writing. */
        final Map<String, Set<Long>> fileDocuments = new HashMap<>();
        final Set<String> fileMedia = new HashSet<>();
        int documents;
        int changed;
        long mediaChanged;
        int filesPut;

        Run(DbTransaction tx, Optional<Path> mediaDir) {
            this.tx = tx;
            this.mediaDir = mediaDir;
        }
    }

    /** A checked document line: the row to write and what it refers to. */
    private record Doc(int line, ContentType type, JsonObject row, JsonArray versions) {
    }

    /**
     * @param in       the NDJSON
     * @param mediaDir folder of media files written by the export, if they travel
     * @return what was done
     * @throws CmsException VALIDATION_ERROR with every problem under {@code line N}; nothing is written then
     */
    public Result read(Reader in, Optional<Path> mediaDir) {
        Result result = Transactions.call(db, tx -> {
            Run run = new Run(tx, mediaDir);
            BufferedReader lines = new BufferedReader(in);
            int number = 0;
            boolean header = false;
            try {
                for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                    number++;
                    if (text.isBlank()) {
                        continue;
                    }
                    Optional<JsonObject> record = parse(text, number, run.problems);
                    if (record.isEmpty()) {
                        continue;
                    }
                    String kind = record.get().getString(TransferFormat.RECORD, "");
                    if (!header) {
                        header = header(record.get(), number, run.problems);
                        if (!header) {
                            break; // not our format: the rest would only add noise
                        }
                        continue;
                    }
                    switch (kind) {
                        case TransferFormat.CONTENT_TYPE -> contentType(record.get(), number, run);
                        case TransferFormat.MEDIA -> media(record.get(), number, run);
                        case TransferFormat.DOCUMENT -> document(record.get(), number, run);
                        default -> run.problems.add(number, "\"record\" must be content_type, media or document");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the import", e);
            }
            if (number == 0) {
                run.problems.add(1, "the file is empty; it must start with the export's header line");
            }
            flushMedia(run);
            flushDocuments(run);
            checkReferences(run);
            if (run.problems.any()) {
                Map<String, String> details = new LinkedHashMap<>(run.problems.all);
                if (run.problems.more > 0) {
                    details.put("more", run.problems.more + " more line(s) with problems");
                }
                throw new CmsException(ErrorCode.VALIDATION_ERROR,
                                       "The import has problems; nothing was written", details);
            }
            repository.advanceDocumentIds(tx);
            return new Result(run.documents, run.changed, run.media.size(), run.mediaChanged, run.filesPut,
                              run.warnings);
        });
        result.warnings().forEach(w -> progress.accept("warning: " + w));
        progress.accept("imported " + result.documents() + " document(s) (" + result.changed() + " new or changed), "
                                + result.media() + " media record(s) (" + result.mediaChanged() + " new or changed, "
                                + result.filesPut() + " file(s) put)");
        return result;
    }

    private static Optional<JsonObject> parse(String text, int line, Problems problems) {
        try {
            JsonValue value = Jsons.createReader(new StringReader(text)).readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                problems.add(line, "must be a JSON object");
                return Optional.empty();
            }
            return Optional.of(value.asJsonObject());
        } catch (JsonException e) {
            problems.add(line, "is not JSON (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private static boolean header(JsonObject record, int line, Problems problems) {
        if (!TransferFormat.HEADER.equals(record.getString(TransferFormat.RECORD, ""))
                || !TransferFormat.FORMAT.equals(record.getString("format", ""))) {
            problems.add(line, "must be the header of a content export ({\"record\": \"header\", \"format\": \""
                    + TransferFormat.FORMAT + "\", ...})");
            return false;
        }
        if (!(record.get("formatVersion") instanceof JsonNumber v) || v.intValue() != TransferFormat.FORMAT_VERSION) {
            problems.add(line, "formatVersion " + record.get("formatVersion") + " cannot be read by this release (it"
                    + " reads " + TransferFormat.FORMAT_VERSION + ")");
            return false;
        }
        return true;
    }

    private void contentType(JsonObject record, int line, Run run) {
        String name = record.getString("name", "");
        Optional<ContentType> here = registry.find(name);
        if (here.isEmpty()) {
            run.problems.add(line, "content type '" + name + "' is not declared in this environment (add its"
                    + " descriptor to CONTENT_TYPES_DIR or its plugin first)");
        } else if (!ContentTypeJson.of(here.get()).equals(record.get("descriptor"))) {
            run.warnings.add("line " + line + ": content type '" + name + "' is declared differently here; documents"
                                     + " are checked against this environment's descriptor");
        }
    }

    private void media(JsonObject record, int line, Run run) {
        List<String> wrong = new ArrayList<>();
        String hash = text(record, "hash", wrong);
        String key = text(record, "storage_key", wrong);
        String contentType = text(record, "content_type", wrong);
        for (String field : List.of("filename", "alt", "caption", "uploaded_by")) {
            text(record, field, wrong);
        }
        if (!HASH.matcher(hash).matches()) {
            wrong.add("hash: must be 64 lower-case hex digits");
        }
        if (!MediaKeys.valid(key) || !key.startsWith(hash)) {
            wrong.add("storage_key: must be the hash and an extension");
        }
        if (!Set.of("image", "video").contains(record.getString("kind", ""))) {
            wrong.add("kind: must be image or video");
        }
        if (!(record.get("size_bytes") instanceof JsonNumber)) {
            wrong.add("size_bytes: must be a number");
        }
        time(record, "created_at", true, wrong);
        JsonValue variants = record.get("variants");
        List<JsonObject> variantList = new ArrayList<>();
        if (variants == null || variants.getValueType() != JsonValue.ValueType.ARRAY) {
            wrong.add("variants: must be an array");
        } else {
            for (JsonValue v : variants.asJsonArray()) {
                if (v instanceof JsonObject o && o.get("key") instanceof JsonString k && MediaKeys.valid(k.getString())
                        && k.getString().startsWith(hash)) {
                    variantList.add(o);
                } else {
                    wrong.add("variants: each must be an object with the key of a file of this asset");
                }
            }
        }
        if (!wrong.isEmpty()) {
            wrong.forEach(w -> run.problems.add(line, w));
            return;
        }
        if (!run.problems.any()) {
            putFiles(line, hash, key, contentType, variantList, run);
        }
        run.fileMedia.add(key);
        variantList.forEach(v -> run.fileMedia.add(v.getString("key")));
        run.media.add(record);
    }

    /** Files travel in --media: the original must hash to its name; without them the store must have them already. */
    private void putFiles(int line, String hash, String key, String contentType, List<JsonObject> variants, Run run) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(key, contentType);
        variants.forEach(v -> files.put(v.getString("key"), v.getString("content_type", contentType)));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Optional<Path> source = run.mediaDir.map(d -> d.resolve(file.getKey())).filter(Files::isRegularFile);
            if (source.isPresent()) {
                if (file.getKey().equals(key) && !hash.equals(sha256(source.get()))) {
                    run.problems.add(line, "the file " + source.get() + " does not have the hash its record gives");
                    return;
                }
                storage.put(file.getKey(), source.get(), file.getValue());
                run.filesPut++;
            } else if (!present(file.getKey())) {
                run.warnings.add("line " + line + ": media file " + file.getKey() + " is neither in the store nor in"
                                         + " --media; its record is imported without it");
            }
        }
    }

    private boolean present(String key) {
        Optional<InputStream> probe = storage.read(key, 0, 1);
        probe.ifPresent(in -> {
            try {
                in.close();
            } catch (IOException e) {
                // only probing
            }
        });
        return probe.isPresent();
    }

    private void document(JsonObject record, int line, Run run) {
        List<String> wrong = new ArrayList<>();
        long id = record.get("id") instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0 ? n.longValue() : 0;
        if (id == 0) {
            wrong.add("id: must be a positive whole number");
        } else if (!run.ids.add(id)) {
            wrong.add("id: " + id + " appears on an earlier line too");
        }
        Optional<ContentType> type = registry.find(record.getString("type", ""));
        if (type.isEmpty()) {
            wrong.add("type: '" + record.getString("type", "") + "' is not declared in this environment");
        }
        String status = record.getString("status", "");
        if (!STATUSES.contains(status)) {
            wrong.add("status: must be draft, published or archived");
        }
        boolean published = record.get("published_data") instanceof JsonObject;
        if (published != "published".equals(status)) {
            wrong.add("published_data: must be an object exactly when the status is published");
        }
        if (!(record.get("version") instanceof JsonNumber version) || !version.isIntegral() || version.intValue() < 1) {
            wrong.add("version: must be a whole number from 1");
        }
        TIMES.forEach(t -> time(record, t, true, wrong));
        OPTIONAL_TIMES.forEach(t -> time(record, t, false, wrong));
        JsonArray versions = versions(record.get("versions"), id, wrong);
        JsonObject data = JsonValue.EMPTY_JSON_OBJECT;
        if (type.isPresent()) {
            DocumentValidator.Checked checked = DocumentValidator.check(type.get(), record.get("data"));
            checked.problems().forEach((field, problem) -> wrong.add("data." + field + ": " + problem));
            data = checked.data();
        }
        run.documents++;
        if (!wrong.isEmpty()) {
            wrong.forEach(w -> run.problems.add(line, w));
            return;
        }
        run.fileDocuments.computeIfAbsent(type.get().name(), t -> new HashSet<>()).add(id);
        JsonObject row = Jsons.createObjectBuilder(record).remove(TransferFormat.RECORD).remove("versions")
                .add("data", data).build();
        run.batch.add(new Doc(line, type.get(), row, versions));
        if (run.batch.size() >= BATCH) {
            flushMedia(run); // documents may refer to media of earlier lines
            flushDocuments(run);
        }
    }

    private static JsonArray versions(JsonValue given, long id, List<String> wrong) {
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        if (given == null || given.getValueType() != JsonValue.ValueType.ARRAY || given.asJsonArray().isEmpty()) {
            wrong.add("versions: must be a non-empty array");
            return out.build();
        }
        for (JsonValue v : given.asJsonArray()) {
            if (!(v instanceof JsonObject version) || !(version.get("version") instanceof JsonNumber n) || !n.isIntegral()
                    || !(version.get("data") instanceof JsonObject) || !(version.get("action") instanceof JsonString)) {
                wrong.add("versions: each must be an object with version, action and data");
                continue;
            }
            time(version, "created_at", true, wrong);
            out.add(Jsons.createObjectBuilder(version).add("document_id", id));
        }
        return out.build();
    }

    private void flushMedia(Run run) {
        if (run.problems.any() || run.media.isEmpty()) {
            return;
        }
        JsonArrayBuilder rows = Jsons.createArrayBuilder();
        run.media.forEach(rows::add);
        run.mediaChanged += repository.upsertMedia(run.tx, rows.build());
        run.media.clear();
        progress.accept("media records written");
    }

    private void flushDocuments(Run run) {
        if (run.problems.any() || run.batch.isEmpty()) {
            run.references.addAll(run.batch);
            run.batch.clear();
            return;
        }
        JsonArrayBuilder rows = Jsons.createArrayBuilder();
        JsonArrayBuilder versions = Jsons.createArrayBuilder();
        JsonArrayBuilder ids = Jsons.createArrayBuilder();
        for (Doc doc : run.batch) {
            rows.add(doc.row());
            doc.versions().forEach(versions::add);
            ids.add(doc.row().getJsonNumber("id"));
        }
        JsonArray batch = rows.build();
        List<Integer> taken = repository.slugsTaken(run.tx, batch);
        taken.forEach(i -> run.problems.add(run.batch.get(i).line(), "slug: another "
                + run.batch.get(i).type().name() + " here already has '" + run.batch.get(i).row().getString("slug") + "'"));
        if (run.problems.any()) {
            run.references.addAll(run.batch);
            run.batch.clear();
            return;
        }
        List<TransferRepository.Written> written = repository.upsertDocuments(run.tx, batch);
        repository.replaceVersions(run.tx, versions.build(), ids.build());
        Map<String, List<Long>> byType = new HashMap<>();
        written.forEach(w -> byType.computeIfAbsent(w.type(), t -> new ArrayList<>()).add(w.id()));
        byType.forEach((name, changedIds) -> {
            ContentType type = registry.find(name).orElseThrow();
            // other nodes hear of published rows from the database (migration V32)
            listeners.forEach(l -> l.changed(run.tx, List.of(ContentEventListener.Event.UPDATED), type, changedIds));
        });
        run.changed += written.size();
        run.references.addAll(run.batch);
        run.batch.clear();
        progress.accept("documents: " + run.documents + " read, " + run.changed + " new or changed");
    }

    /** Relations and media values must name what exists once the whole file is written. */
    private void checkReferences(Run run) {
        Map<String, Map<Long, List<String>>> wanted = new HashMap<>(); // target type -> id -> "line: field"
        Map<String, List<String>> mediaWanted = new HashMap<>();
        for (Doc doc : run.references) {
            JsonObject data = doc.row().getJsonObject("data");
            DocumentValidator.relationIds(doc.type(), data).forEach((field, targets) -> targets.stream()
                    .filter(target -> !run.fileDocuments.getOrDefault(field.relationTo().orElseThrow(), Set.of())
                            .contains(target))
                    .forEach(target -> wanted.computeIfAbsent(field.relationTo().orElseThrow(), t -> new HashMap<>())
                            .computeIfAbsent(target, t -> new ArrayList<>())
                            .add(doc.line() + ":" + field.name())));
            for (FieldDefinition field : doc.type().fields()) {
                if (field.type() == FieldType.MEDIA && data.get(field.name()) instanceof JsonString value) {
                    Optional<String> key = MediaLinks.key(value.getString(), MediaLinks.PATH);
                    if (key.isEmpty()) {
                        run.problems.add(doc.line(), "data." + field.name() + ": must be a media path /media/<key>");
                    } else if (!run.fileMedia.contains(key.get())) {
                        mediaWanted.computeIfAbsent(key.get(), k -> new ArrayList<>()).add(doc.line() + ":"
                                                                                                   + field.name());
                    }
                }
            }
        }
        wanted.forEach((target, ids) -> {
            JsonArrayBuilder list = Jsons.createArrayBuilder();
            ids.keySet().forEach(list::add);
            Set<Long> found = repository.existing(run.tx, target, list.build());
            ids.forEach((id, uses) -> {
                if (!found.contains(id)) {
                    uses.forEach(use -> run.problems.add(lineOf(use), "data." + fieldOf(use) + ": refers to " + target
                            + " " + id + ", which is neither in the file nor here"));
                }
            });
        });
        if (!mediaWanted.isEmpty()) {
            JsonArrayBuilder keys = Jsons.createArrayBuilder();
            mediaWanted.keySet().forEach(keys::add);
            Set<String> found = repository.existingMedia(run.tx, keys.build());
            mediaWanted.forEach((key, uses) -> {
                if (!found.contains(key)) {
                    uses.forEach(use -> run.problems.add(lineOf(use), "data." + fieldOf(use) + ": media " + key
                            + " is neither in the file nor in this media library"));
                }
            });
        }
    }

    private static int lineOf(String use) {
        return Integer.parseInt(use.substring(0, use.indexOf(':')));
    }

    private static String fieldOf(String use) {
        return use.substring(use.indexOf(':') + 1);
    }

    private static String text(JsonObject record, String field, List<String> wrong) {
        if (record.get(field) instanceof JsonString s) {
            return s.getString();
        }
        wrong.add(field + ": must be a string");
        return "";
    }

    private static void time(JsonObject record, String field, boolean required, List<String> wrong) {
        JsonValue value = record.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                wrong.add(field + ": is required (an ISO 8601 time with offset)");
            }
            return;
        }
        try {
            OffsetDateTime.parse(((JsonString) value).getString());
        } catch (ClassCastException | DateTimeParseException e) {
            wrong.add(field + ": must be an ISO 8601 time with offset");
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
