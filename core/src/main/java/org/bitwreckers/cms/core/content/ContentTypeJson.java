package org.bitwreckers.cms.core.content;

import java.util.Locale;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.json.Jsons;

/**
 * Renders a content type back to descriptor-shaped JSON, for the admin API.
 */
public final class ContentTypeJson {
    private ContentTypeJson() {
    }

    /**
     * @param type a content type
     * @return its descriptor as JSON
     */
    public static JsonObject of(ContentType type) {
        JsonArrayBuilder fields = Jsons.createArrayBuilder();
        for (FieldDefinition f : type.fields()) {
            JsonObjectBuilder b = Jsons.createObjectBuilder().add("name", f.name()).add("type", f.type().jsonName())
                    .add("label", f.label());
            flag(b, "required", f.required());
            flag(b, "unique", f.unique());
            flag(b, "filterable", f.filterable());
            flag(b, "sortable", f.sortable());
            flag(b, "searchable", f.searchable());
            flag(b, "private", f.privateField());
            flag(b, "staffOnly", f.staffOnly());
            f.requiredWhen().ifPresent(w -> b.add("requiredWhen", Jsons.createObjectBuilder()
                    .add(w.field(), Jsons.createArrayBuilder(w.values()))));
            f.min().ifPresent(v -> b.add("min", v));
            f.max().ifPresent(v -> b.add("max", v));
            f.minLength().ifPresent(v -> b.add("minLength", v));
            f.maxLength().ifPresent(v -> b.add("maxLength", v));
            f.pattern().ifPresent(v -> b.add("pattern", v.pattern()));
            if (!f.values().isEmpty()) {
                b.add("values", Jsons.createArrayBuilder(f.values()));
            }
            f.defaultValue().ifPresent(v -> b.add("default", v));
            f.relationTo().ifPresent(v -> b.add("to", v).add("many", f.many()));
            f.layout().help().ifPresent(v -> b.add("description", v));
            f.layout().group().ifPresent(v -> b.add("group", v));
            if (f.layout().half()) {
                b.add("width", "half");
            }
            fields.add(b);
        }
        JsonObjectBuilder out = Jsons.createObjectBuilder()
                .add("name", type.name())
                .add("label", type.label())
                .add("description", type.description())
                .add("kind", type.kind().name().toLowerCase(Locale.ROOT))
                .add("access", Jsons.createObjectBuilder()
                        .add("read", type.read().name().toLowerCase(Locale.ROOT))
                        .add("create", type.create().name().toLowerCase(Locale.ROOT))
                        .add("review", Jsons.createArrayBuilder(type.reviewers())));
        type.slugFrom().ifPresent(s -> out.add("slugFrom", s));
        return out.add("fields", fields).build();
    }

    private static void flag(JsonObjectBuilder b, String name, boolean value) {
        if (value) {
            b.add(name, true);
        }
    }
}
