package org.bitwreckers.cms.core.document;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.content.FieldValues;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.json.Jsons;

/**
 * Checks a document's data against its content type and returns it normalised: every declared field present
 * (null when empty), datetimes in one UTC format, defaults applied. Collects every problem before failing.
 */
public final class DocumentValidator {
    private DocumentValidator() {
    }

    /**
     * Data after checking: normalised (a refused field is null) and every problem found, by field name.
     *
     * @param data     normalised data
     * @param problems field name to reason; empty when the data is valid
     */
    public record Checked(JsonObject data, Map<String, String> problems) {
        /** @return the data, or VALIDATION_ERROR naming every problem */
        public JsonObject orThrow() {
            if (!problems.isEmpty()) {
                throw CmsException.validation(problems);
            }
            return data;
        }
    }

    /**
     * Validates and normalises data for a new or fully replaced document.
     *
     * @param type  content type
     * @param input the data object from the request
     * @return normalised data
     * @throws CmsException VALIDATION_ERROR with one detail per bad field
     */
    public static JsonObject validate(ContentType type, JsonValue input) {
        return check(type, input).orThrow();
    }

    /**
     * Checks every field of a document's data in one pass, so a refusal names all the problems at once.
     *
     * @param type  content type
     * @param input the data object from the request
     * @return normalised data and every problem found
     */
    public static Checked check(ContentType type, JsonValue input) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (input == null || input.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.put("data", "must be a JSON object of the " + type.name() + " fields");
            return new Checked(JsonValue.EMPTY_JSON_OBJECT, problems);
        }
        JsonObject data = input.asJsonObject();
        data.forEach((key, value) -> {
            if (containsNul(value)) {
                problems.put(key.replace('\u0000', '?'), "must not contain NUL characters");
            } else if (!reasonableNumbers(value)) {
                problems.put(key, "holds a number too large or too precise to store (at most 100 digits either side)");
            } else if (type.field(key).isEmpty()) {
                problems.put(key, "is not a field of " + type.name());
            }
        });
        JsonObjectBuilder out = Jsons.createObjectBuilder();
        for (FieldDefinition field : type.fields()) {
            JsonValue value = data.get(field.name());
            if (problems.containsKey(field.name())) { // unstorable: its other rules cannot be checked
                out.add(field.name(), JsonValue.NULL);
                continue;
            }
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                value = field.defaultValue().orElse(JsonValue.NULL);
            }
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                if (field.required()) {
                    problems.put(field.name(), "is required");
                }
                out.add(field.name(), JsonValue.NULL);
                continue;
            }
            JsonValue normalised = FieldValues.checkValue(field, value, problems);
            out.add(field.name(), normalised == null ? JsonValue.NULL : normalised);
        }
        JsonObject result = out.build();
        for (FieldDefinition field : type.fields()) {
            field.requiredWhen().ifPresent(when -> {
                JsonValue trigger = result.get(when.field());
                JsonValue value = result.get(field.name());
                boolean empty = value.getValueType() == JsonValue.ValueType.NULL
                        || value instanceof JsonString s && s.getString().isBlank();
                if (trigger instanceof JsonString t && when.values().contains(t.getString()) && empty) {
                    problems.putIfAbsent(field.name(), "is required when " + when.field() + " is " + t.getString());
                }
            });
        }
        return new Checked(result, problems);
    }

    /**
     * Checks a public submission: its fields, and that it sets none that only staff may set (status, scores...:
     * mass assignment), all in one pass.
     *
     * @param type  content type
     * @param input the submitted object
     * @return normalised data and every problem found
     */
    public static Checked checkSubmission(ContentType type, JsonValue input) {
        Checked checked = check(type, input);
        if (input == null || input.getValueType() != JsonValue.ValueType.OBJECT) {
            return checked;
        }
        Map<String, String> problems = new LinkedHashMap<>(checked.problems());
        for (FieldDefinition field : type.fields()) {
            if (field.staffOnly() && input.asJsonObject().containsKey(field.name())) {
                problems.put(field.name(), "is set by staff and cannot be submitted");
            }
        }
        return new Checked(checked.data(), problems);
    }

    /** PostgreSQL's jsonb cannot store U+0000 anywhere: refuse it up front rather than fail in SQL. */
    private static boolean containsNul(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString().indexOf('\u0000') >= 0;
            case ARRAY -> value.asJsonArray().stream().anyMatch(DocumentValidator::containsNul);
            case OBJECT -> value.asJsonObject().entrySet().stream()
                    .anyMatch(e -> e.getKey().indexOf('\u0000') >= 0 || containsNul(e.getValue()));
            default -> false;
        };
    }

    /** PostgreSQL's numeric overflows on numbers like 1e200000: refuse them rather than fail in SQL. */
    private static boolean reasonableNumbers(JsonValue value) {
        return switch (value.getValueType()) {
            case NUMBER -> {
                BigDecimal n = ((JsonNumber) value).bigDecimalValue();
                yield n.precision() - n.scale() <= 100 && n.scale() <= 100;
            }
            case ARRAY -> value.asJsonArray().stream().allMatch(DocumentValidator::reasonableNumbers);
            case OBJECT -> value.asJsonObject().values().stream().allMatch(DocumentValidator::reasonableNumbers);
            default -> true;
        };
    }

    /**
     * Collects relation ids per field from normalised data, to check they exist.
     *
     * @param type content type
     * @param data normalised data
     * @return relation field to its ids (only fields with values)
     */
    public static Map<FieldDefinition, Set<Long>> relationIds(ContentType type, JsonObject data) {
        Map<FieldDefinition, Set<Long>> ids = new LinkedHashMap<>();
        for (FieldDefinition field : type.fields()) {
            if (field.type() != FieldType.RELATION) {
                continue;
            }
            JsonValue value = data.get(field.name());
            Set<Long> set = new HashSet<>();
            if (value instanceof JsonNumber n) {
                set.add(n.longValue());
            } else if (value != null && value.getValueType() == JsonValue.ValueType.ARRAY) {
                value.asJsonArray().forEach(v -> set.add(((JsonNumber) v).longValue()));
            }
            if (!set.isEmpty()) {
                ids.put(field, set);
            }
        }
        return ids;
    }

    /**
     * Merges a partial update onto existing data (top-level keys; null clears a field).
     *
     * @param current existing data
     * @param patch   keys to change
     * @return merged data, still to be validated
     */
    public static JsonObject merge(JsonObject current, JsonObject patch) {
        JsonObjectBuilder b = Jsons.createObjectBuilder(current);
        patch.forEach(b::add);
        return b.build();
    }
}
