package org.bitwreckers.cms.core.media;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.value.MediaKeys;

/**
 * Media URLs are built when answering, never stored: documents keep {@code /media/<key>}, and each answer names the
 * file under the current base ({@code MEDIA_CDN_URL/} or {@code PUBLIC_URL/media/}), so moving to a CDN or another
 * host needs no rewrite. Delivered documents also describe their images ({@code _media}: size, alt text and variants,
 * ready for {@code srcset}).
 */
public final class MediaLinks {
    /** The stored form of a media value: a path naming the key, whatever the base is. */
    public static final String PATH = "/media/";
    /** The key of delivered documents that describes their media fields (field names cannot start with "_"). */
    public static final String DESCRIBED = "_media";

    private final MediaRepository repository;
    private final String base;

    /**
     * @param repository the media library's SQL
     * @param base       the start of every file URL, ending in "/"
     */
    MediaLinks(MediaRepository repository, String base) {
        this.repository = repository;
        this.base = base;
    }

    /** @return the start of every file URL */
    public String base() {
        return base;
    }

    /**
     * @param key a storage key
     * @return its URL under the current base
     */
    public String url(String key) {
        return base + key;
    }

    /**
     * @param value a media value as stored or written
     * @return its key when it is our path or a URL under the current base, else empty
     */
    public Optional<String> key(String value) {
        return key(value, base);
    }

    /**
     * @param value a media value as written
     * @param base  the start of file URLs
     * @return its key when it is our path or a URL under the base, else empty
     */
    public static Optional<String> key(String value, String base) {
        String key = MediaKeys.fromUrl(value);
        boolean ours = value.equals(PATH + key) || value.equals(base + key);
        return ours && MediaKeys.valid(key) ? Optional.of(key) : Optional.empty();
    }

    /**
     * Puts the current base into every stored media value of the documents, and (for delivery) describes them.
     *
     * @param type     their content type
     * @param docs     document data objects
     * @param describe whether to add {@link #DESCRIBED}
     * @return the documents, answered as they should be
     */
    public List<JsonObject> resolve(ContentType type, List<JsonObject> docs, boolean describe) {
        List<FieldDefinition> fields = type.fields().stream().filter(f -> f.type() == FieldType.MEDIA).toList();
        if (fields.isEmpty() || docs.isEmpty()) {
            return docs;
        }
        Set<String> keys = new LinkedHashSet<>();
        docs.forEach(doc -> fields.forEach(f -> stored(doc.get(f.name())).ifPresent(keys::add)));
        Map<String, JsonObject> assets = describe ? assets(keys) : Map.of();
        List<JsonObject> out = new ArrayList<>(docs.size());
        for (JsonObject doc : docs) {
            Map<String, JsonValue> urls = new HashMap<>();
            JsonObjectBuilder described = Jsons.createObjectBuilder();
            for (FieldDefinition field : fields) {
                Optional<String> key = stored(doc.get(field.name()));
                key.ifPresent(k -> urls.put(field.name(), Jsons.createValue(url(k))));
                key.map(assets::get).ifPresent(asset -> described.add(field.name(), asset));
            }
            // the description leads, where PostgreSQL writes it for documents without stored media (QueryCompiler)
            JsonObjectBuilder builder = Jsons.createObjectBuilder();
            if (describe && fields.stream().anyMatch(f -> doc.containsKey(f.name()))) { // unless ?fields= left them out
                builder.add(DESCRIBED, described);
            }
            doc.forEach((name, value) -> {
                if (!name.equals(DESCRIBED)) {
                    builder.add(name, urls.getOrDefault(name, value));
                }
            });
            out.add(builder.build());
        }
        return out;
    }

    /**
     * @param profile a user's profile, whose avatar is an outside http(s) URL or the path of a photo in the library
     * @return the profile with a library photo's URL under the current base
     */
    public JsonObject withAvatar(JsonObject profile) {
        return stored(profile.get("avatar_url"))
                .map(key -> Jsons.createObjectBuilder(profile).add("avatar_url", url(key)).build())
                .orElse(profile);
    }

    private static Optional<String> stored(JsonValue value) {
        if (value instanceof JsonString s && s.getString().startsWith(PATH)) {
            String key = s.getString().substring(PATH.length());
            return MediaKeys.valid(key) ? Optional.of(key) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * @param key a storage key
     * @return the public description of the asset stored under it
     */
    public Optional<JsonObject> describe(String key) {
        return MediaKeys.valid(key) ? Optional.ofNullable(assets(List.of(key)).get(key)) : Optional.empty();
    }

    /** One query for all keys: the public side of each asset (never who uploaded it). */
    private Map<String, JsonObject> assets(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonObject> found = new HashMap<>();
        repository.publicSide(keys, row -> found.put(row.column("storage_key").get(String.class), asset(row)));
        return found;
    }

    private JsonObject asset(DbRow r) {
        String key = r.column("storage_key").get(String.class);
        JsonObjectBuilder asset = Jsons.createObjectBuilder().add("url", url(key))
                .add("kind", r.column("kind").get(String.class))
                .add("content_type", r.column("content_type").get(String.class))
                .add("alt", r.column("alt").get(String.class))
                .add("caption", r.column("caption").get(String.class));
        Integer width = r.column("width").get(Integer.class);
        Integer height = r.column("height").get(Integer.class);
        if (width == null || height == null) {
            return asset.build();
        }
        asset.add("width", width).add("height", height);
        JsonArrayBuilder variants = Jsons.createArrayBuilder();
        List<String> srcset = new ArrayList<>();
        for (JsonValue v : JsonText.array(r.column("variants").get(String.class))) {
            JsonObject variant = v.asJsonObject();
            int w = variant.getInt("width");
            String url = url(variant.getString("key"));
            variants.add(Jsons.createObjectBuilder().add("width", w).add("height", Math.round((float) height * w / width))
                                 .add("url", url).add("content_type", variant.getString("content_type")));
            srcset.add(url + " " + w + "w");
        }
        srcset.add(url(key) + " " + width + "w");
        return asset.add("variants", variants).add("srcset", String.join(", ", srcset)).build();
    }
}
