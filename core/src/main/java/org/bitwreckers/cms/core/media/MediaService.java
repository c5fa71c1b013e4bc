package org.bitwreckers.cms.core.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import net.coobird.thumbnailator.Thumbnails;

import org.apache.tika.Tika;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.value.MediaKeys;

/**
 * The media library. An upload is checked by its bytes (type sniffed, size per kind, image pixels measured from the
 * header), stripped of metadata, stored under its content hash (so the same file is kept once), and recorded;
 * responsive variants follow as a job. Nothing is recorded unless the file is stored.
 */
public final class MediaService implements JobHandler {
    /** Job kind that renders an image's variants. */
    public static final String VARIANTS = "media.variants";
    /** The generation key of media descriptions in cached answers (never a content type name). */
    public static final String CHANGES = "#media";
    private static final Logger LOG = Logger.getLogger(MediaService.class.getName());
    private static final int[] WIDTHS = {320, 640, 1280};
    private static final long DECODE_PIXELS = 6_000_000;
    /** An animation may fill its canvas this many times MEDIA_MAX_PIXELS in all, over all its frames. */
    private static final long ANIMATION_BUDGET = 4;
    private static final Object VARIANT_LOCK = new Object();
    private static final Map<String, String> EXTENSIONS = Map.of("image/jpeg", "jpg", "image/png", "png", "image/webp",
                                                                 "webp", "image/gif", "gif", "video/mp4", "mp4",
                                                                 "video/webm", "webm");
    private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1",
                                                         "dash", "M4V ");
    private final DbClient db;
    private final MediaRepository repository;
    private final JobQueue jobs;
    private final MediaStorage storage;
    private final Settings.Media settings;
    private final String urlBase;
    private final MediaLinks links;

    /**
     * @param db        database client
     * @param jobs      job queue (variants)
     * @param storage   where files live
     * @param settings  limits and types
     * @param publicUrl PUBLIC_URL, for file URLs when no CDN is set
     */
    public MediaService(DbClient db, JobQueue jobs, MediaStorage storage, Settings.Media settings, String publicUrl) {
        this.db = db;
        this.jobs = jobs;
        this.storage = storage;
        this.settings = settings;
        this.urlBase = settings.cdnUrl().orElse(publicUrl + "/media") + "/";
        this.repository = new MediaRepository(db, urlBase);
        this.links = new MediaLinks(repository, urlBase);
    }

    /** @return the start of every file URL ({@code MEDIA_CDN_URL/} or {@code PUBLIC_URL/media/}) */
    public String urlBase() {
        return urlBase;
    }

    /** @return file URLs and public descriptions, built when answering */
    public MediaLinks links() {
        return links;
    }

    /** Tells every node that cached answers describing media are stale (variants, alt text, deletions). */
    private void announce() {
        repository.notifyChanged(db.execute(), CHANGES);
    }

    /** A stored upload and whether it was new. */
    public record Upload(String json, boolean created) {
    }

    /** A file the delivery API serves. */
    public record Served(String key, String contentType, long size) {
    }

    /** @return the largest upload of any kind, in bytes */
    public long maxUploadBytes() {
        return Math.max(settings.maxImageBytes(), settings.maxVideoBytes());
    }

    /**
     * Checks and stores an uploaded file.
     *
     * @param file     the upload, already written to a temporary file (at most {@link #maxUploadBytes()} + 1 bytes)
     * @param filename the name the client gave (kept for the library, never used as a key)
     * @param alt      alternative text
     * @param caption  caption
     * @param uploader who uploads
     * @param kinds    kinds accepted here (image, video)
     * @return the asset, and whether it is new (an identical file returns the existing asset)
     */
    public Upload store(Path file, String filename, String alt, String caption, String uploader, Set<String> kinds) {
        Path clean = null;
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw CmsException.validation(Map.of("file", "is empty"));
            }
            if (size > maxUploadBytes()) {
                throw tooLarge(maxUploadBytes());
            }
            String type = sniff(file);
            String kind = type.startsWith("image/") ? "image" : "video";
            if (type.equals("image/svg+xml")) {
                throw new CmsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "SVG files are not accepted: they can carry"
                        + " scripts", Map.of("file", "image/svg+xml"));
            }
            if (!settings.allowedTypes().contains(type) || !EXTENSIONS.containsKey(type) || !kinds.contains(kind)) {
                throw new CmsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "This file is " + type + ", which is not accepted"
                        + " here (accepted: " + String.join(", ", settings.allowedTypes().stream().sorted()
                        .filter(t -> kinds.contains(t.substring(0, t.indexOf('/')))).toList()) + ")",
                                       Map.of("file", type));
            }
            long limit = kind.equals("image") ? settings.maxImageBytes() : settings.maxVideoBytes();
            if (size > limit) {
                throw tooLarge(limit);
            }
            Integer width = null;
            Integer height = null;
            if (kind.equals("image")) {
                ImageSize.Size dims = ImageSize.of(file, type).orElseThrow(() -> CmsException.validation(
                        Map.of("file", "is not a readable " + type + " image")));
                if (dims.width() <= 0 || dims.height() <= 0 || dims.pixels() > settings.maxPixels()) {
                    throw CmsException.validation(Map.of("file", "is " + dims.width() + "x" + dims.height()
                            + " pixels; at most " + settings.maxPixels() + " pixels are accepted"));
                }
                if (dims.decodedPixels() > ANIMATION_BUDGET * settings.maxPixels()) {
                    throw CmsException.validation(Map.of("file", "has " + dims.frames() + " frames of " + dims.width()
                            + "x" + dims.height() + " pixels; at most " + ANIMATION_BUDGET * settings.maxPixels()
                            + " pixels in all frames together are accepted"));
                }
                width = dims.width();
                height = dims.height();
            }
            clean = Files.createTempFile("bw-media", ".clean");
            Stripped stripped = stripAndHash(type, file, clean);
            String hash = stripped.hash();
            if (width != null && Orientation.swapsSides(stripped.orientation())) { // the size as the picture is shown
                int stored = width;
                width = height;
                height = stored;
            }
            String key = hash + "." + EXTENSIONS.get(type);
            Optional<String> existing = byHash(hash);
            if (existing.isPresent()) {
                return new Upload(existing.get(), false);
            }
            storage.put(key, clean, type);
            Optional<Long> id = record(hash, key, kind, type, Files.size(clean), width, height, safeName(filename), alt,
                                       caption, uploader);
            // answered without a usage scan (a new asset is used by nothing yet); an identical upload may have won the race
            return new Upload(byHash(hash).orElseThrow(), id.isPresent());
        } catch (MediaStorage.StorageUnavailableException e) {
            LOG.warning("media storage (" + storage.name() + ") unavailable: " + e.getMessage());
            throw CmsException.unavailable("Media storage is unavailable right now; nothing was stored. Try again later.");
        } catch (IOException e) {
            throw CmsException.validation(Map.of("file", "could not be read: " + e.getMessage()));
        } finally {
            delete(clean);
        }
    }

    private static CmsException tooLarge(long limit) {
        return new CmsException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than " + limit + " bytes",
                                Map.of("file", "at most " + limit + " bytes"));
    }

    /**
     * The type from the bytes only. Tika's magic alone reports MP4 files of common brands as QuickTime, and WebM files
     * (a Matroska profile) as Matroska: the container's own header decides those.
     */
    private String sniff(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        }
        String type = Detector.TIKA.detect(head);
        if (type.equals("video/quicktime") && head.length >= 12
                && new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")
                && MP4_BRANDS.contains(new String(head, 8, 4, StandardCharsets.ISO_8859_1))) {
            return "video/mp4";
        }
        if (type.equals("video/x-matroska") || type.equals("video/webm") || type.equals("application/x-matroska")) {
            return Ebml.docType(head).map(doc -> doc.equals("webm") ? "video/webm" : "video/x-matroska")
                    .orElse("video/x-matroska");
        }
        return type;
    }

    /** A stored copy's content hash, and the EXIF orientation it is shown in. */
    private record Stripped(String hash, int orientation) {
    }

    private static Stripped stripAndHash(String type, Path from, Path to) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(from);
             OutputStream out = new DigestOutputStream(Files.newOutputStream(to), sha)) {
            int orientation = Metadata.strip(type, in, out);
            return new Stripped(HexFormat.of().formatHex(sha.digest()), orientation); // every byte went through
        }
    }

    /** Only the last path segment, printable, at most 200 characters. */
    static String safeName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
        return base.isEmpty() ? "upload" : base.length() > 200 ? base.substring(0, 200) : base;
    }

    private Optional<Long> record(String hash, String key, String kind, String type, long size, Integer width, Integer height,
                        String filename, String alt, String caption, String uploader) {
        return Transactions.call(db, tx -> {
            Optional<Long> id = repository.insert(tx, hash, key, kind, type, size, width, height, filename, alt, caption,
                                                  uploader);
            if (id.isPresent() && kind.equals("image") && !type.equals("image/gif") && !type.equals("image/webp")) {
                jobs.enqueue(tx, VARIANTS, Jsons.createObjectBuilder().add("asset", id.get()).build());
            }
            return id;
        });
    }

    private Optional<String> byHash(String hash) {
        return repository.byHash(hash);
    }

    /**
     * @param id asset id
     * @return the asset with the documents that use it
     */
    public String get(long id) {
        return repository.withUsers(id)
                .orElseThrow(() -> CmsException.notFound("No media asset with id " + id));
    }

    /**
     * @param kind     image or video, if given
     * @param search   words in the file name, alt text or caption, if given
     * @param page     1-based page
     * @param pageSize per page
     * @return assets, newest first
     */
    public Page list(Optional<String> kind, Optional<String> search, int page, int pageSize) {
        kind.filter(k -> !Set.of("image", "video").contains(k)).ifPresent(k -> {
            throw CmsException.badRequest("kind must be image or video");
        });
        String like = search.map(s -> "%" + s.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%").orElse(null);
        return repository.list(kind.orElse(null), like, page, pageSize);
    }

    /**
     * @param id   asset id
     * @param body {@code {"alt"?, "caption"?}}
     * @return the asset
     */
    public String describe(long id, JsonValue body) {
        if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
            throw CmsException.validation(Map.of("body", "must be a JSON object {\"alt\"?, \"caption\"?}"));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : body.asJsonObject().entrySet()) {
            if (!Set.of("alt", "caption").contains(e.getKey())) {
                problems.put(e.getKey(), "is not accepted here (alt, caption)");
            } else if (!(e.getValue() instanceof JsonString s) || s.getString().length() > 1000) {
                problems.put(e.getKey(), "must be text of at most 1000 characters");
            } else {
                values.put(e.getKey(), s.getString().strip());
            }
        }
        if (!problems.isEmpty()) {
            throw CmsException.validation(problems);
        }
        get(id);
        repository.describe(id, values.get("alt"), values.get("caption"));
        announce();
        return get(id);
    }

    /**
     * Deletes an asset and its files, unless a document uses it.
     *
     * @param id asset id
     */
    public void delete(long id) {
        JsonObject asset = JsonText.object(get(id));
        if (!asset.getJsonArray("used_by").isEmpty()) {
            throw CmsException.conflict("This asset is used by " + asset.getJsonArray("used_by").size() + " document(s);"
                                                + " remove it from them first", Map.of("used_by", asset.getJsonArray(
                                                        "used_by").toString()));
        }
        // the row goes first: a file left behind by a failure is harmless, a row without its file is not
        repository.delete(id);
        announce();
        try {
            for (JsonValue v : asset.getJsonArray("variants")) {
                storage.delete(v.asJsonObject().getString("key"));
            }
            if (byHash(asset.getString("key").substring(0, 64)).isEmpty()) { // unless the same file came back meanwhile
                storage.delete(asset.getString("key"));
            }
        } catch (MediaStorage.StorageUnavailableException e) {
            LOG.warning("media asset " + id + " deleted; its files stay in storage until it is reachable: " + e.getMessage());
        }
    }

    /**
     * @param key a storage key from a URL
     * @return the file's type and size, when it is an asset or one of its variants
     */
    public Optional<Served> find(String key) {
        if (!MediaKeys.valid(key)) {
            return Optional.empty();
        }
        // one indexed row by hash, then the file among the original and its variants
        return repository.filesByHash(key.substring(0, 64))
                .flatMap(files -> {
                    if (files.key().equals(key)) {
                        return Optional.of(new Served(key, files.contentType(), files.size()));
                    }
                    for (JsonValue v : JsonText.array(files.variants())) {
                        JsonObject variant = v.asJsonObject();
                        if (variant.getString("key").equals(key)) {
                            return Optional.of(new Served(key, variant.getString("content_type"),
                                                          variant.getJsonNumber("size").longValue()));
                        }
                    }
                    return Optional.empty();
                });
    }

    /**
     * @param key    storage key
     * @param offset first byte
     * @param length bytes
     * @return the bytes
     */
    public InputStream open(String key, long offset, long length) {
        try {
            return storage.read(key, offset, length)
                    .orElseThrow(() -> CmsException.notFound("The file " + key + " is missing from storage"));
        } catch (MediaStorage.StorageUnavailableException e) {
            LOG.warning("media storage (" + storage.name() + ") unavailable: " + e.getMessage());
            throw CmsException.unavailable("Media storage is unavailable right now");
        }
    }

    /** Renders the responsive variants of one image (idempotent: same input, same keys). */
    @Override
    public void handle(Job job) throws Exception {
        long id = job.payload().getJsonNumber("asset").longValue();
        Optional<Served> original = repository.original(id);
        if (original.isEmpty()) {
            return; // deleted meanwhile
        }
        BufferedImage image;
        synchronized (VARIANT_LOCK) { // one decode at a time on this node: memory stays bounded
            image = decodeBounded(original.get());
        }
        if (image == null) {
            return;
        }
        if (original.get().contentType().equals("image/jpeg")) { // variants carry no EXIF: their pixels are turned
            try (InputStream head = open(original.get().key(), 0, Math.min(original.get().size(), 256 * 1024))) {
                image = Orientation.apply(image, Orientation.ofJpeg(head));
            }
        }
        String format = original.get().contentType().equals("image/png") ? "png" : "jpg";
        String hash = original.get().key().substring(0, 64);
        JsonArrayBuilder variants = Jsons.createArrayBuilder();
        for (int width : WIDTHS) {
            if (width >= image.getWidth()) {
                break;
            }
            Path out = Files.createTempFile("bw-variant", "." + format);
            try {
                Thumbnails.of(image).width(width).outputFormat(format).outputQuality(0.85).toFile(out.toFile());
                String key = hash + "-w" + width + "." + format;
                String type = format.equals("png") ? "image/png" : "image/jpeg";
                storage.put(key, out, type);
                variants.add(Jsons.createObjectBuilder().add("width", width).add("key", key).add("content_type", type)
                                     .add("size", Files.size(out)));
            } finally {
                delete(out);
            }
        }
        JsonArray made = variants.build();
        if (!repository.setVariants(id, made.toString())) {
            for (JsonValue v : made) { // the asset was deleted meanwhile: leave nothing behind
                storage.delete(v.asJsonObject().getString("key"));
            }
        } else {
            announce();
        }
    }

    /**
     * Decodes an image subsampled so that at most {@link #DECODE_PIXELS} pixels are in memory, whatever its size
     * (the widest variant needs no more).
     */
    private BufferedImage decodeBounded(Served file) throws IOException {
        try (InputStream in = open(file.key(), 0, file.size());
             ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                int step = (int) Math.max(Math.ceil(reader.getWidth(0) / (2.0 * WIDTHS[WIDTHS.length - 1])),
                                          Math.ceil(Math.sqrt((double) pixels / DECODE_PIXELS)));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(Math.max(1, step), Math.max(1, step), 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.fine("cannot delete " + file + ": " + e);
            }
        }
    }

    /** @return the kinds every upload route accepts */
    public static Set<String> allKinds() {
        return Set.of("image", "video");
    }

    /** Made on the first upload, not at start: reading Tika's table of MIME types took a quarter of a second there. */
    private static final class Detector {
        static final Tika TIKA = new Tika();
    }
}
