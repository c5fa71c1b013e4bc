package org.bitwreckers.cms.core.search.elastic;

import java.util.List;
import java.util.Optional;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.jsoup.Jsoup;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.search.CheckedQuery;
import org.bitwreckers.cms.core.search.SearchFingerprint;
import org.bitwreckers.cms.core.search.SearchEngine.Scope;

/**
 * How content lives in Elasticsearch: one index per content type, reached through a read alias
 * ({@code <prefix>-<type>}) and a write alias ({@code <prefix>-<type>-write}), its mapping derived from the type's
 * descriptor. Each document has one entry per view: {@code published-<id>} and {@code draft-<id>}.
 *
 * <p>An entry holds {@code title} (the first searchable field, weighing most), {@code text.<field>} for the other
 * searchable fields, {@code filter.<field>} for the filterable ones, and {@code id}, {@code type}, {@code view},
 * {@code slug}.
 */
final class IndexLayout {
    private final String prefix;
    private final String analyzer;

    /**
     * @param prefix   start of every index and alias name
     * @param analyzer analyzer of searchable text
     */
    IndexLayout(String prefix, String analyzer) {
        this.prefix = prefix;
        this.analyzer = analyzer;
    }

    /** @return whether documents of the type have entries at all */
    static boolean indexed(ContentType type) {
        return type.fields().stream().anyMatch(FieldDefinition::searchable);
    }

    String readAlias(String type) {
        return prefix + "-" + type;
    }

    String writeAlias(String type) {
        return prefix + "-" + type + "-write";
    }

    /** @return the pattern matching every index of the type (type names hold no '-', so no other type's) */
    String indexPattern(String type) {
        return prefix + "-" + type + "-v*";
    }

    /** @return a new index name for the type */
    String newIndex(String type, long stamp) {
        return prefix + "-" + type + "-v" + stamp;
    }

    static String entryId(Scope scope, long id) {
        return view(scope) + "-" + id;
    }

    static String view(Scope scope) {
        return scope == Scope.PUBLISHED ? "published" : "draft";
    }

    /** @return a fingerprint of the mapping and of what each view holds: an index whose fingerprint differs is rebuilt */
    String fingerprint(ContentType type) {
        return SearchFingerprint.hash(mappings(type) + "|" + SearchFingerprint.describe(type));
    }

    /** @return the body that creates an index for the type: settings and mappings */
    String indexBody(ContentType type) {
        return Jsons.createObjectBuilder()
                .add("settings", Jsons.createObjectBuilder()
                        .add("index", Jsons.createObjectBuilder()
                                .add("number_of_shards", 1)
                                .add("auto_expand_replicas", "0-1") // no replica on one node, one on a cluster
                                // a deleted entry's version is remembered this long, so a stale write cannot revive it
                                .add("gc_deletes", "10m")))
                .add("mappings", Jsons.createObjectBuilder(mappings(type))
                        .add("_meta", Jsons.createObjectBuilder().add("fingerprint", fingerprint(type))))
                .build().toString();
    }

    private JsonObject mappings(ContentType type) {
        JsonObjectBuilder text = Jsons.createObjectBuilder();
        List<FieldDefinition> searchable = CheckedQuery.searchableFields(type, Scope.DRAFT);
        for (FieldDefinition f : searchable.subList(1, searchable.size())) {
            text.add(f.name(), textField());
        }
        JsonObjectBuilder filters = Jsons.createObjectBuilder();
        type.fields().stream().filter(f -> CheckedQuery.filterable(f, Scope.DRAFT))
                .forEach(f -> filters.add(f.name(), switch (f.type()) {
                    case INTEGER -> Jsons.createObjectBuilder().add("type", "long");
                    case NUMBER -> Jsons.createObjectBuilder().add("type", "double");
                    case BOOLEAN -> Jsons.createObjectBuilder().add("type", "boolean");
                    // dates too: equality on the stored text, as PostgreSQL compares them
                    default -> Jsons.createObjectBuilder().add("type", "keyword").add("ignore_above", 1024);
                }));
        return Jsons.createObjectBuilder()
                .add("dynamic", false) // unknown fields stay out of the index instead of failing the write
                .add("properties", Jsons.createObjectBuilder()
                        .add("id", Jsons.createObjectBuilder().add("type", "long"))
                        .add("type", Jsons.createObjectBuilder().add("type", "keyword"))
                        .add("view", Jsons.createObjectBuilder().add("type", "keyword"))
                        .add("slug", Jsons.createObjectBuilder().add("type", "keyword").add("index", false))
                        .add("title", textField())
                        .add("text", Jsons.createObjectBuilder().add("properties", text))
                        .add("filter", Jsons.createObjectBuilder().add("properties", filters)))
                .build();
    }

    private JsonObjectBuilder textField() {
        return Jsons.createObjectBuilder().add("type", "text").add("analyzer", analyzer);
    }

    /**
     * @param type  the document's type
     * @param doc   the document as stored
     * @param scope which view
     * @return the entry for that view, or empty when the view has none (not published, not public, nothing to search)
     */
    Optional<JsonObject> entry(ContentType type, SourceDocuments.Row doc, Scope scope) {
        JsonObject data = scope == Scope.PUBLISHED ? doc.published() : doc.draft();
        if (data == null || !CheckedQuery.searched(type, scope)) {
            return Optional.empty();
        }
        List<FieldDefinition> searchable = CheckedQuery.searchableFields(type, scope);
        JsonObjectBuilder text = Jsons.createObjectBuilder();
        for (FieldDefinition f : searchable.subList(1, searchable.size())) {
            words(f, data.get(f.name())).ifPresent(v -> text.add(f.name(), v));
        }
        JsonObjectBuilder filters = Jsons.createObjectBuilder();
        type.fields().stream().filter(f -> CheckedQuery.filterable(f, scope))
                .forEach(f -> {
                    JsonValue v = data.get(f.name());
                    if (v != null && v != JsonValue.NULL) {
                        filters.add(f.name(), v);
                    }
                });
        String slug = scope == Scope.PUBLISHED ? doc.publishedSlug() : doc.slug();
        return Optional.of(Jsons.createObjectBuilder()
                                   .add("id", doc.id())
                                   .add("type", type.name())
                                   .add("view", view(scope))
                                   .add("slug", slug == null ? JsonValue.NULL : Jsons.createValue(slug))
                                   .add("title", words(searchable.get(0), data.get(searchable.get(0).name()))
                                           .orElse(Jsons.createValue("")))
                                   .add("text", text)
                                   .add("filter", filters)
                                   .build());
    }

    /** The searchable words of a value: rich text loses its markup, lists stay lists. */
    private static Optional<JsonValue> words(FieldDefinition field, JsonValue value) {
        if (value instanceof JsonString s) {
            return Optional.of(field.type() == FieldType.RICHTEXT ? Jsons.createValue(Jsoup.parse(s.getString()).text()) : s);
        }
        if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder items = Jsons.createArrayBuilder();
            value.asJsonArray().forEach(v -> items.add(textOf(v)));
            return Optional.of(items.build());
        }
        return Optional.empty();
    }

    /** @return a value as text: a string's characters, anything else its JSON */
    static String textOf(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : value.toString();
    }
}
