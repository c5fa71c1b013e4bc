package org.bitwreckers.cms.core.seed;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.media.MediaService;
import org.bitwreckers.cms.core.member.MemberDirectory;

/**
 * Loads demo content from {@code <content-types>/seed/*.json} once per file (recorded in {@code seed_runs}),
 * in file-name order. A file is {@code {"type": "...", "documents": [{"slug", "publish", "data"}]}}; a relation
 * may name its target by slug as {@code {"$slug": "..."}}. A file {@code {"users": [...]}} adds demo member
 * accounts.
 */
public final class DemoSeeder {
    private static final Logger LOG = Logger.getLogger(DemoSeeder.class.getName());

    private final DbClient db;
    private final ContentTypeRegistry registry;
    private final DocumentService documents;
    private final MemberDirectory members;
    private final PlaceholderImages placeholders;

    /**
     * @param db        database client
     * @param registry  content types
     * @param documents write path (so seeds are validated like any write)
     * @param members   user accounts (demo community members)
     * @param media     the media library (placeholder pictures for the demo content)
     */
    public DemoSeeder(DbClient db, ContentTypeRegistry registry, DocumentService documents, MemberDirectory members,
                      MediaService media) {
        this.placeholders = new PlaceholderImages(media);
        this.db = db;
        this.registry = registry;
        this.documents = documents;
        this.members = members;
    }

    /**
     * Loads every seed file not loaded before.
     *
     * @param dir the content-types folder
     * @throws SeedException naming the file and document that failed
     */
    public void seed(Path dir) {
        Path seedDir = dir.resolve("seed");
        if (!Files.isDirectory(seedDir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(seedDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new SeedException(seedDir + " cannot be listed: " + e.getMessage());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (db.execute().get("SELECT 1 AS done FROM seed_runs WHERE name = ?", name).isPresent()) {
                continue;
            }
            int count = load(file);
            db.execute().dml("INSERT INTO seed_runs (name) VALUES (?) ON CONFLICT DO NOTHING", name);
            LOG.info("Loaded " + count + " demo documents from " + name);
        }
    }

    private int load(Path file) {
        JsonObject seed;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader json = Jsons.createReader(r)) {
            seed = json.readObject();
        } catch (IOException | JsonException | ClassCastException e) {
            throw new SeedException(file + ": not a JSON object: " + e.getMessage());
        }
        if (seed.containsKey("users")) {
            seed.getJsonArray("users").forEach(u -> {
                JsonObject user = u.asJsonObject();
                if (user.get("avatar_url") instanceof JsonString avatar) {
                    user = Jsons.createObjectBuilder(user).add("avatar_url", placeholders.resolve(avatar.getString())).build();
                }
                members.addDemoMember(user);
            });
            return seed.getJsonArray("users").size();
        }
        ContentType type = registry.find(seed.getString("type", ""))
                .orElseThrow(() -> new SeedException(file + ": unknown type '" + seed.getString("type", "") + "'"));
        int count = 0;
        for (JsonValue item : seed.getJsonArray("documents")) {
            JsonObject doc = item.asJsonObject();
            String slug = doc.getString("slug", null);
            if (slug != null && exists(type, slug)) {
                continue; // a partly loaded file resumes where it stopped
            }
            try {
                JsonObjectBuilder body = Jsons.createObjectBuilder().add("data", resolveSlugs(type, doc.getJsonObject("data")));
                if (slug != null) {
                    body.add("slug", slug);
                }
                String created = documents.create(type, body.build(), "seed");
                long id = JsonText.object(created).getJsonNumber("id").longValue();
                if (doc.getBoolean("publish", true) && type.publishable()) {
                    documents.publish(type, id, "seed");
                }
                count++;
            } catch (CmsException e) {
                throw new SeedException(file + ": document " + (slug == null ? "#" + count : "'" + slug + "'") + ": "
                                                + e.getMessage() + " " + e.details());
            }
        }
        return count;
    }

    private boolean exists(ContentType type, String slug) {
        return db.execute().get("SELECT 1 AS found FROM documents WHERE type = ? AND slug = ?", type.name(), slug).isPresent();
    }

    private JsonObject resolveSlugs(ContentType type, JsonObject data) {
        JsonObjectBuilder out = Jsons.createObjectBuilder(data);
        for (FieldDefinition field : type.fields()) {
            JsonValue value = data.get(field.name());
            if (field.type() == FieldType.MEDIA && value instanceof JsonString path) {
                out.add(field.name(), placeholders.resolve(path.getString()));
                continue;
            }
            if (field.type() != FieldType.RELATION || value == null) {
                continue;
            }
            String target = field.relationTo().orElseThrow();
            if (value.getValueType() == JsonValue.ValueType.ARRAY) {
                var ids = Jsons.createArrayBuilder();
                value.asJsonArray().forEach(v -> ids.add(resolve(target, v)));
                out.add(field.name(), ids);
            } else {
                out.add(field.name(), resolve(target, value));
            }
        }
        return out.build();
    }

    private JsonValue resolve(String targetType, JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT || !value.asJsonObject().containsKey("$slug")) {
            return value;
        }
        String slug = value.asJsonObject().getString("$slug");
        return db.execute().get("SELECT id FROM documents WHERE type = ? AND slug = ?", targetType, slug)
                .map(r -> (JsonValue) Jsons.createValue(r.column("id").get(Long.class)))
                .orElseThrow(() -> new SeedException("no " + targetType + " with slug '" + slug + "' (seed it earlier)"));
    }
}
