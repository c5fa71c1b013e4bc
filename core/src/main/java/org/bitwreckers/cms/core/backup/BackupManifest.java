package org.bitwreckers.cms.core.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;

/**
 * What a backup archive holds ({@code manifest.json}, its last entry): versions, when, row counts of the main tables,
 * and the size and SHA-256 of every other entry, so a restore checks the whole archive before it changes anything.
 *
 * @param formatVersion   layout of the archive ({@link #FORMAT_VERSION})
 * @param platformVersion release that wrote it
 * @param schemaVersion   last migration applied to the dumped database
 * @param postgres        server version of the dumped database
 * @param pgDump          version line of the pg_dump that wrote the dump
 * @param createdAt       when the snapshot was taken
 * @param counts          rows per table in the snapshot
 * @param database        the dump entry
 * @param mediaStore      where the media came from ("local /srv/media", "s3 bucket")
 * @param media           the media entries
 * @param missingMedia    keys the snapshot names but the store did not have (deleted after the snapshot)
 */
public record BackupManifest(int formatVersion, String platformVersion, String schemaVersion, String postgres,
                             String pgDump, Instant createdAt, Map<String, Long> counts, Entry database,
                             String mediaStore, List<Entry> media, List<String> missingMedia) {
    /** The archive layout this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Marks a backup archive's manifest. */
    public static final String FORMAT = "bitwreckers-backup";
    /** Entry name of the manifest. */
    public static final String MANIFEST = "manifest.json";
    /** Entry name of the database dump. */
    public static final String DUMP = "database.pgdump";
    /** Folder of the media entries in the archive. */
    public static final String MEDIA_FOLDER = "media/";

    /**
     * One file in the archive.
     *
     * @param name        entry name (for media, the storage key)
     * @param contentType MIME type (media), or application/octet-stream
     * @param bytes       size
     * @param sha256      SHA-256 of the bytes, hex
     */
    public record Entry(String name, String contentType, long bytes, String sha256) {
        JsonObject json() {
            return Jsons.createObjectBuilder().add("name", name).add("contentType", contentType).add("bytes", bytes)
                    .add("sha256", sha256).build();
        }

        static Entry of(JsonObject json) {
            return new Entry(json.getString("name"), json.getString("contentType"),
                             json.getJsonNumber("bytes").longValue(), json.getString("sha256"));
        }
    }

    /** @return the manifest as JSON text */
    public String toJson() {
        JsonObjectBuilder countsJson = Jsons.createObjectBuilder();
        counts.forEach(countsJson::add);
        JsonArrayBuilder mediaJson = Jsons.createArrayBuilder();
        media.forEach(m -> mediaJson.add(m.json()));
        return Jsons.createObjectBuilder()
                .add("format", FORMAT)
                .add("formatVersion", formatVersion)
                .add("platformVersion", platformVersion)
                .add("schemaVersion", schemaVersion)
                .add("postgres", postgres)
                .add("pgDump", pgDump)
                .add("createdAt", createdAt.toString())
                .add("counts", countsJson)
                .add("database", database.json())
                .add("mediaStore", mediaStore)
                .add("media", mediaJson)
                .add("missingMedia", Jsons.createArrayBuilder(missingMedia))
                .build().toString();
    }

    /**
     * @param text the manifest's JSON
     * @return the manifest
     * @throws BackupException when it is not a manifest this code can read
     */
    public static BackupManifest parse(String text) {
        try {
            JsonObject json = JsonText.object(text);
            if (!FORMAT.equals(json.getString("format", "")) || json.getInt("formatVersion") != FORMAT_VERSION) {
                throw new BackupException("The archive is not a backup of format " + FORMAT + " version "
                                                  + FORMAT_VERSION + " (it says " + json.getString("format", "?")
                                                  + " version " + json.get("formatVersion") + ")");
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            json.getJsonObject("counts").forEach((k, v) -> counts.put(k, Long.parseLong(v.toString())));
            List<Entry> media = new ArrayList<>();
            json.getJsonArray("media").forEach(m -> media.add(Entry.of(m.asJsonObject())));
            return new BackupManifest(json.getInt("formatVersion"), json.getString("platformVersion"),
                                      json.getString("schemaVersion"), json.getString("postgres"),
                                      json.getString("pgDump"), Instant.parse(json.getString("createdAt")), counts,
                                      Entry.of(json.getJsonObject("database")), json.getString("mediaStore"), media,
                                      json.getJsonArray("missingMedia").getValuesAs(JsonString.class).stream()
                                              .map(JsonString::getString).toList());
        } catch (RuntimeException e) {
            if (e instanceof BackupException backup) {
                throw backup;
            }
            throw new BackupException("The archive's " + MANIFEST + " cannot be read: " + e.getMessage(), e);
        }
    }
}
