package org.bitwreckers.cms.core.document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbTransaction;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.bitwreckers.cms.core.media.MediaLinks;

/**
 * Creates many documents of one type in one transaction, all or nothing: every item is checked as
 * {@link DocumentService#create} checks one (fields, slug, unique fields, relations, media, the hooks), every problem
 * of every item is reported at once under {@code items[i].field}, and nothing is written unless all items are valid.
 * The writes (documents, first versions, search index jobs) are one statement each for the whole batch; hooks still
 * run per item.
 */
public final class BulkImport {
    /** Most items one request may carry. */
    public static final int MAX_ITEMS = 1000;

    private static final Set<String> BODY_KEYS = Set.of("items", "publish");
    private static final Set<String> ITEM_KEYS = Set.of("slug", "data");

    private final DocumentService documents;
    private final BulkRepository repository = new BulkRepository();

    /** One item while it is checked: its position, the slug asked for and its data as it will be stored. */
    private static final class Item {
        final int index;
        final String givenSlug;
        JsonObject data;
        String slug;

        Item(int index, String givenSlug, JsonObject data) {
            this.index = index;
            this.givenSlug = givenSlug;
            this.data = data;
        }
    }

    /** Problems by item, each named {@code items[i].field}. */
    private static final class Problems {
        final Map<String, String> all = new LinkedHashMap<>();

        void add(int index, String field, String problem) {
            all.putIfAbsent("items[" + index + "]." + field, problem);
        }

        void addAll(int index, Map<String, String> problems) {
            problems.forEach((field, problem) -> add(index, field, problem));
        }

        void throwIfAny() {
            if (!all.isEmpty()) {
                throw CmsException.validation(all);
            }
        }
    }

    /**
     * @param documents the single-document write path, whose hooks, listeners and settings the batch shares
     */
    public BulkImport(DocumentService documents) {
        this.documents = documents;
    }

    /**
     * Creates the documents of a batch.
     *
     * @param type   content type
     * @param body   {@code {"items": [{"slug"?, "data": {...}}, ...], "publish"?: boolean}}
     * @param author who writes
     * @return the new ids, in item order
     * @throws CmsException BAD_REQUEST for a body of the wrong shape, PAYLOAD_TOO_LARGE past {@link #MAX_ITEMS},
     *                      VALIDATION_ERROR naming every problem of every item, CONFLICT when a concurrent write took a
     *                      slug or unique value first
     */
    public List<Long> create(ContentType type, JsonValue body, String author) {
        JsonObject request = request(body);
        boolean publish = request.getBoolean("publish", false);
        if (publish && !type.publishable()) {
            throw CmsException.badRequest(type.name() + " is a submission type: its documents are never published");
        }
        Problems problems = new Problems();
        List<Item> items = new ArrayList<>();
        List<JsonValue> given = request.getJsonArray("items");
        for (int i = 0; i < given.size(); i++) {
            items.add(item(type, i, given.get(i), problems));
        }
        duplicatesInBatch(type, items, problems);
        List<Long> ids;
        try {
            ids = documents.transaction(tx -> write(tx, type, items, problems, publish, author));
        } catch (RuntimeException e) {
            throw DocumentService.translate(type, e);
        }
        if (publish) { // drafts are never cached: only published rows change what cached reads show
            documents.changes().changed(type.name());
        }
        return ids;
    }

    private static JsonObject request(JsonValue body) {
        if (body == null || body.getValueType() != JsonValue.ValueType.OBJECT) {
            throw CmsException.badRequest("The body must be a JSON object {\"items\": [...], \"publish\"?: boolean}");
        }
        JsonObject request = body.asJsonObject();
        Map<String, String> problems = new LinkedHashMap<>();
        request.keySet().stream().filter(k -> !BODY_KEYS.contains(k))
                .forEach(k -> problems.put(k, "is not accepted here (items, publish)"));
        JsonValue items = request.get("items");
        if (items == null || items.getValueType() != JsonValue.ValueType.ARRAY || items.asJsonArray().isEmpty()) {
            problems.put("items", "must be a non-empty array of {\"slug\"?, \"data\": {...}}");
        }
        JsonValue publish = request.get("publish");
        if (publish != null && publish != JsonValue.TRUE && publish != JsonValue.FALSE) {
            problems.put("publish", "must be true or false");
        }
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("The body does not have the shape of a bulk import", problems);
        }
        if (items.asJsonArray().size() > MAX_ITEMS) {
            throw new CmsException(ErrorCode.PAYLOAD_TOO_LARGE, "At most " + MAX_ITEMS + " items per request",
                                   Map.of("items", "holds " + items.asJsonArray().size() + " items; send at most "
                                           + MAX_ITEMS + " per request"));
        }
        return request;
    }

    /** Checks what needs no database: the item's shape, its slug's form and its fields (with defaults, sanitising). */
    private static Item item(ContentType type, int index, JsonValue value, Problems problems) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.add(index, "data", "the item must be a JSON object {\"slug\"?, \"data\": {...}}");
            return new Item(index, null, JsonValue.EMPTY_JSON_OBJECT);
        }
        JsonObject item = value.asJsonObject();
        item.keySet().stream().filter(k -> !ITEM_KEYS.contains(k))
                .forEach(k -> problems.add(index, k, "is not accepted here (slug, data); put fields inside \"data\""));
        String slug = null;
        JsonValue givenSlug = item.get("slug");
        if (givenSlug != null && givenSlug.getValueType() != JsonValue.ValueType.NULL) {
            if (DocumentService.validSlug(givenSlug)) {
                slug = ((JsonString) givenSlug).getString();
            } else {
                problems.add(index, "slug", DocumentService.SLUG_RULE);
            }
        }
        DocumentValidator.Checked checked = DocumentValidator.check(type, item.get("data"));
        problems.addAll(index, checked.problems());
        return new Item(index, slug, checked.data());
    }

    /** Two items of one batch may not share a slug or a unique field's value. */
    private static void duplicatesInBatch(ContentType type, List<Item> items, Problems problems) {
        Map<String, Integer> slugs = new HashMap<>();
        for (Item item : items) {
            if (item.givenSlug != null) {
                Integer first = slugs.putIfAbsent(item.givenSlug, item.index);
                if (first != null) {
                    problems.add(item.index, "slug", "must be unique: item " + first + " has the same slug");
                }
            }
        }
        for (FieldDefinition field : type.fields()) {
            if (!field.unique()) {
                continue;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Item item : items) {
                JsonValue value = item.data.get(field.name());
                if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                    continue;
                }
                String key = value instanceof JsonString s ? s.getString() : value.toString();
                Integer first = seen.putIfAbsent(key, item.index);
                if (first != null) {
                    problems.add(item.index, field.name(), "must be unique: item " + first + " has the same value");
                }
            }
        }
    }

    private List<Long> write(DbTransaction tx, ContentType type, List<Item> items, Problems problems, boolean publish,
                             String author) {
        checkReferences(tx, type, items, problems);
        checkTaken(tx, type, items, problems);
        problems.throwIfAny(); // as for one document: the hooks see valid data only
        WriteHooks hooks = documents.hooks();
        WriteHooks.Context ctx = new WriteHooks.Context(type, Optional.empty(), "create", JsonValue.EMPTY_JSON_OBJECT,
                                                        author, Optional.empty());
        for (Item item : items) {
            try {
                hooks.validate(ctx, item.data);
            } catch (CmsException e) {
                problems.addAll(item.index, e.details().isEmpty() ? Map.of("data", e.getMessage()) : e.details());
            }
        }
        problems.throwIfAny();
        List<Item> changedByHooks = new ArrayList<>();
        for (Item item : items) {
            JsonObject hooked = hooks.beforeSave(tx, ctx, item.data);
            if (!hooked.equals(item.data)) { // a hook that changed the data gets the same checks as anyone else
                DocumentValidator.Checked checked = DocumentValidator.check(type, hooked);
                problems.addAll(item.index, checked.problems());
                item.data = checked.data();
                changedByHooks.add(item);
            }
        }
        checkReferences(tx, type, changedByHooks, problems);
        problems.throwIfAny();
        assignSlugs(tx, type, items);
        JsonArrayBuilder rows = Jsons.createArrayBuilder();
        for (Item item : items) {
            JsonObjectBuilder row = Jsons.createObjectBuilder().add("data", item.data);
            rows.add(item.slug == null ? row.addNull("slug") : row.add("slug", item.slug));
        }
        List<Long> ids = repository.insert(tx, type, rows.build(), publish, author);
        List<ContentEventListener.Event> events = publish
                ? List.of(ContentEventListener.Event.CREATED, ContentEventListener.Event.PUBLISHED)
                : List.of(ContentEventListener.Event.CREATED);
        documents.eventListeners().forEach(l -> l.changed(tx, events, type, ids));
        for (int i = 0; i < items.size(); i++) {
            hooks.afterSave(tx, ctx.withId(ids.get(i)), items.get(i).data);
        }
        return ids; // other nodes hear of published rows from the database (migration V32)
    }

    /**
     * Relation targets and media assets must exist (one query per relation target type and one for all media);
     * media values are stored as their path.
     */
    private void checkReferences(DbTransaction tx, ContentType type, List<Item> items, Problems problems) {
        Map<String, Set<Long>> wanted = new HashMap<>();
        Map<String, Set<Long>> found = new HashMap<>();
        for (Item item : items) {
            DocumentValidator.relationIds(type, item.data).forEach(
                    (field, ids) -> wanted.computeIfAbsent(field.relationTo().orElseThrow(), t -> new HashSet<>()).addAll(ids));
        }
        wanted.forEach((target, ids) -> found.put(target, repository.existing(tx, target, ids)));
        for (Item item : items) {
            DocumentValidator.relationIds(type, item.data).forEach((field, ids) -> {
                String target = field.relationTo().orElseThrow();
                if (!found.get(target).containsAll(ids)) {
                    problems.add(item.index, field.name(), "refers to a " + target + " that does not exist");
                }
            });
        }
        List<FieldDefinition> media = type.fields().stream().filter(f -> f.type() == FieldType.MEDIA).toList();
        if (media.isEmpty()) {
            return;
        }
        String base = documents.mediaUrlBase();
        Set<String> keys = new HashSet<>();
        for (Item item : items) {
            for (FieldDefinition field : media) {
                if (item.data.get(field.name()) instanceof JsonString value) {
                    MediaLinks.key(value.getString(), base).ifPresent(keys::add);
                }
            }
        }
        Set<String> existing = repository.existingMedia(tx, keys);
        for (Item item : items) {
            JsonObjectBuilder stored = Jsons.createObjectBuilder(item.data);
            for (FieldDefinition field : media) {
                if (!(item.data.get(field.name()) instanceof JsonString value)) {
                    continue;
                }
                Optional<String> key = MediaLinks.key(value.getString(), base);
                if (key.isPresent() && existing.contains(key.get())) {
                    stored.add(field.name(), MediaLinks.PATH + key.get()); // the base is added when answering
                } else {
                    problems.add(item.index, field.name(), "must be the URL of an asset in the media library (upload it"
                            + " with POST /admin/v1/media, then use its url)");
                }
            }
            item.data = stored.build();
        }
    }

    /** Slugs asked for and unique field values that another document of the type already has. */
    private void checkTaken(DbTransaction tx, ContentType type, List<Item> items, Problems problems) {
        Set<String> taken = repository.takenSlugs(tx, type, items.stream().map(i -> i.givenSlug)
                .filter(Objects::nonNull).toList());
        items.stream().filter(i -> i.givenSlug != null && taken.contains(i.givenSlug))
                .forEach(i -> problems.add(i.index, "slug", "must be unique: another " + type.name() + " has it"));
        JsonArrayBuilder datas = Jsons.createArrayBuilder();
        items.forEach(i -> datas.add(i.data));
        JsonArray all = datas.build();
        for (FieldDefinition field : type.fields()) {
            if (field.unique()) {
                repository.uniqueTaken(tx, type, field, all).forEach(
                        i -> problems.add(i, field.name(), "must be unique: another " + type.name() + " has this value"));
            }
        }
    }

    /**
     * Items without a slug get one from the slugFrom field, made unique as the single path makes it (base, base-2,
     * base-3...), against the batch and the stored documents; one query per round of candidates.
     */
    private void assignSlugs(DbTransaction tx, ContentType type, List<Item> items) {
        Set<String> used = new HashSet<>();
        Map<Item, String> bases = new LinkedHashMap<>();
        for (Item item : items) {
            if (item.givenSlug != null) {
                item.slug = item.givenSlug;
                used.add(item.slug);
            } else if (type.slugFrom().isPresent()
                    && item.data.get(type.slugFrom().get()) instanceof JsonString source
                    && !DocumentService.slugify(source.getString()).isEmpty()) {
                String base = DocumentService.slugify(source.getString());
                bases.put(item, base.chars().allMatch(Character::isDigit) ? type.name().replace('_', '-') + "-" + base
                        : base);
            }
        }
        Map<Item, Integer> number = new HashMap<>();
        List<Item> pending = new ArrayList<>(bases.keySet());
        while (!pending.isEmpty()) {
            for (Item item : pending) {
                int n = number.getOrDefault(item, 1);
                String candidate = n == 1 ? bases.get(item) : bases.get(item) + "-" + n;
                while (used.contains(candidate)) {
                    n++;
                    candidate = bases.get(item) + "-" + n;
                }
                number.put(item, n);
                used.add(candidate);
                item.slug = candidate;
            }
            Set<String> taken = repository.takenSlugs(tx, type, pending.stream().map(i -> i.slug).toList());
            pending = pending.stream().filter(i -> taken.contains(i.slug)).toList();
        }
    }
}
