package org.bitwreckers.cms.core.content;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.json.Jsons;

/**
 * Parses one JSON descriptor into a {@link ContentType}. Strict: unknown keys are errors, so a typo never
 * silently turns a rule off. Cross-type checks (relation targets) are the registry's job.
 */
public final class DescriptorParser {
    /** Type and field names: lower snake case, so they are safe in URLs, JSON keys and index names. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private static final Set<String> TYPE_KEYS = Set.of("name", "label", "description", "kind", "access", "slugFrom",
                                                        "fields", "onSubmit");
    private static final Pattern TEMPLATE = Pattern.compile("[a-z][a-z0-9-]{0,60}");
    private static final Set<String> ACCESS_KEYS = Set.of("read", "create", "review");
    private static final Set<String> FIELD_KEYS = Set.of("name", "type", "label", "description", "required", "unique",
                                                         "min", "max", "minLength", "maxLength", "pattern", "values",
                                                         "default", "to", "many", "filterable", "sortable", "searchable",
                                                         "private", "staffOnly", "requiredWhen", "group", "width");
    private static final int MAX_GROUP_LENGTH = 60;

    private DescriptorParser() {
    }

    /**
     * Reads and parses a descriptor file.
     *
     * @param file the JSON file
     * @return the content type
     * @throws DescriptorException naming the file, field and reason
     */
    public static ContentType parse(Path file) {
        String source = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonReader json = Jsons.createReader(reader)) {
            JsonValue value = json.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new DescriptorException(source, null, "a descriptor must be a JSON object");
            }
            return parse(value.asJsonObject(), source);
        } catch (IOException e) {
            throw new DescriptorException(source, null, "cannot be read: " + e.getMessage());
        } catch (JsonException e) {
            throw new DescriptorException(source, null, "is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Parses a descriptor that is already JSON.
     *
     * @param json   the descriptor
     * @param source where it came from, for messages
     * @return the content type
     * @throws DescriptorException naming the source, field and reason
     */
    public static ContentType parse(JsonObject json, String source) {
        unknownKeys(json, TYPE_KEYS, source, null);
        String name = requiredString(json, "name", source, null);
        if (!NAME.matcher(name).matches()) {
            throw new DescriptorException(source, null, "name '" + name
                    + "' must be lower snake case: a letter, then letters, digits or '_' (at most 40)");
        }
        ContentKind kind = enumValue(ContentKind.class, optionalString(json, "kind", source, null).orElse("collection"),
                                     "kind", source, null);
        JsonObject access = json.containsKey("access") ? object(json, "access", source, null) : JsonValue.EMPTY_JSON_OBJECT;
        unknownKeys(access, ACCESS_KEYS, source, null);
        Access defaultRead = kind == ContentKind.SUBMISSION ? Access.STAFF : Access.PUBLIC;
        Access defaultCreate = kind == ContentKind.SUBMISSION ? Access.PUBLIC : Access.STAFF;
        Access read = enumValue(Access.class, optionalString(access, "read", source, null)
                .orElse(defaultRead.name().toLowerCase(Locale.ROOT)), "access.read", source, null);
        Access create = enumValue(Access.class, optionalString(access, "create", source, null)
                .orElse(defaultCreate.name().toLowerCase(Locale.ROOT)), "access.create", source, null);
        if (kind == ContentKind.SUBMISSION && read == Access.PUBLIC) {
            throw new DescriptorException(source, null, "submissions are private: access.read must be 'staff'");
        }

        if (!json.containsKey("fields") || json.get("fields").getValueType() != JsonValue.ValueType.ARRAY
                || json.getJsonArray("fields").isEmpty()) {
            throw new DescriptorException(source, null, "needs a non-empty \"fields\" array");
        }
        List<FieldDefinition> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonArray fieldArray = json.getJsonArray("fields");
        for (int i = 0; i < fieldArray.size(); i++) {
            if (fieldArray.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw new DescriptorException(source, null, "fields[" + i + "] must be an object");
            }
            FieldDefinition field = field(fieldArray.getJsonObject(i), source, i);
            if (!seen.add(field.name())) {
                throw new DescriptorException(source, field.name(), "is declared twice");
            }
            fields.add(field);
        }
        Optional<String> slugFrom = optionalString(json, "slugFrom", source, null);
        slugFrom.ifPresent(f -> {
            FieldDefinition from = fields.stream().filter(d -> d.name().equals(f)).findFirst()
                    .orElseThrow(() -> new DescriptorException(source, null, "slugFrom names unknown field '" + f + "'"));
            if (from.type() != FieldType.STRING) {
                throw new DescriptorException(source, null, "slugFrom must name a string field ('" + f + "' is "
                        + from.type().jsonName() + ")");
            }
        });
        String label = optionalString(json, "label", source, null).orElse(name);
        String description = optionalString(json, "description", source, null).orElse("");
        for (FieldDefinition field : fields) {
            field.requiredWhen().ifPresent(when -> {
                FieldDefinition other = fields.stream().filter(f -> f.name().equals(when.field())).findFirst()
                        .orElseThrow(() -> new DescriptorException(source, field.name(), "requiredWhen names unknown field '"
                                + when.field() + "'"));
                if (other.type() == FieldType.ENUM && !other.values().containsAll(when.values())) {
                    throw new DescriptorException(source, field.name(), "requiredWhen lists values that '" + other.name()
                            + "' cannot have");
                }
            });
        }
        List<ContentType.SubmitMail> onSubmit = onSubmit(json, kind, fields, source);
        List<String> reviewers = access.containsKey("review") ? stringList(access, "review", source, null) : List.of();
        ContentType type = new ContentType(name, label, description, kind, read, create, slugFrom, List.copyOf(fields),
                                           reviewers, onSubmit, source);
        checkDefaults(type);
        return type;
    }

    private static FieldDefinition field(JsonObject json, String source, int index) {
        String name = requiredString(json, "name", source, "fields[" + index + "]");
        if (!NAME.matcher(name).matches()) {
            throw new DescriptorException(source, name, "name must be lower snake case: a letter, then letters, digits"
                    + " or '_' (at most 40)");
        }
        if (ContentType.SYSTEM_FIELDS.contains(name)) {
            throw new DescriptorException(source, name, "is a reserved name (the platform adds "
                    + String.join(", ", ContentType.SYSTEM_FIELDS) + " itself)");
        }
        unknownKeys(json, FIELD_KEYS, source, name);
        String typeName = requiredString(json, "type", source, name);
        FieldType type = FieldType.byName(typeName).orElseThrow(() -> new DescriptorException(
                source, name, "unknown type '" + typeName + "' (known: " + knownTypes() + ")"));

        boolean required = bool(json, "required", source, name);
        boolean unique = bool(json, "unique", source, name);
        boolean filterable = bool(json, "filterable", source, name);
        boolean sortable = bool(json, "sortable", source, name);
        boolean searchable = bool(json, "searchable", source, name);
        boolean privateField = bool(json, "private", source, name);
        boolean staffOnly = bool(json, "staffOnly", source, name);
        Optional<FieldDefinition.Condition> requiredWhen = Optional.empty();
        if (json.containsKey("requiredWhen")) {
            JsonObject when = object(json, "requiredWhen", source, name);
            if (when.size() != 1) {
                throw new DescriptorException(source, name, "\"requiredWhen\" names exactly one field: {\"field\": [values]}");
            }
            String other = when.keySet().iterator().next();
            requiredWhen = Optional.of(new FieldDefinition.Condition(other, stringList(when, other, source, name)));
            if (required) {
                throw new DescriptorException(source, name, "is both required and requiredWhen");
            }
        }
        boolean many = bool(json, "many", source, name);
        Optional<BigDecimal> min = number(json, "min", source, name);
        Optional<BigDecimal> max = number(json, "max", source, name);
        Optional<Integer> minLength = number(json, "minLength", source, name).map(n -> wholeNonNegative(n, "minLength",
                                                                                                       source, name));
        Optional<Integer> maxLength = number(json, "maxLength", source, name).map(n -> wholeNonNegative(n, "maxLength",
                                                                                                       source, name));
        Optional<Pattern> pattern = optionalString(json, "pattern", source, name).map(p -> {
            try {
                return Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new DescriptorException(source, name, "pattern is not a valid regular expression: "
                        + e.getDescription());
            }
        });

        if ((min.isPresent() || max.isPresent()) && type.kind() != FieldType.Kind.NUMBER) {
            throw new DescriptorException(source, name, "min/max apply to integer and number fields; use minLength/maxLength"
                    + " for " + type.jsonName());
        }
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            throw new DescriptorException(source, name, "min is greater than max");
        }
        if ((minLength.isPresent() || maxLength.isPresent()) && !type.hasLength()) {
            throw new DescriptorException(source, name, "minLength/maxLength do not apply to " + type.jsonName() + " fields");
        }
        if (minLength.isPresent() && maxLength.isPresent() && minLength.get() > maxLength.get()) {
            throw new DescriptorException(source, name, "minLength is greater than maxLength");
        }
        if (pattern.isPresent() && !(type == FieldType.STRING || type == FieldType.TEXT)) {
            throw new DescriptorException(source, name, "pattern applies to string and text fields only");
        }

        List<String> values = List.of();
        if (type == FieldType.ENUM) {
            values = json.containsKey("values") ? stringList(json, "values", source, name) : List.of();
            if (values.isEmpty()) {
                throw new DescriptorException(source, name, "an enum needs a non-empty \"values\" list");
            }
            if (new HashSet<>(values).size() != values.size()) {
                throw new DescriptorException(source, name, "enum values must be distinct");
            }
        } else if (json.containsKey("values")) {
            throw new DescriptorException(source, name, "\"values\" applies to enum fields only");
        }

        Optional<String> relationTo = Optional.empty();
        if (type == FieldType.RELATION) {
            relationTo = Optional.of(requiredString(json, "to", source, name));
        } else if (json.containsKey("to") || json.containsKey("many")) {
            throw new DescriptorException(source, name, "\"to\" and \"many\" apply to relation fields only");
        }

        if ((filterable || sortable) && (type == FieldType.JSON || type == FieldType.RICHTEXT)) {
            throw new DescriptorException(source, name, type.jsonName() + " fields cannot be filterable or sortable");
        }
        if (sortable && !type.ordered() && type != FieldType.BOOLEAN) {
            throw new DescriptorException(source, name, type.jsonName() + " fields cannot be sortable");
        }
        if (unique && !(type.kind() == FieldType.Kind.TEXT && type != FieldType.RICHTEXT && type != FieldType.TEXT
                || type.kind() == FieldType.Kind.NUMBER || type.kind() == FieldType.Kind.TEMPORAL)) {
            throw new DescriptorException(source, name, "unique applies to single-value text, number and date fields");
        }
        if (searchable && !(type.kind() == FieldType.Kind.TEXT || type == FieldType.STRINGS)) {
            throw new DescriptorException(source, name, "only text-like fields can be searchable");
        }

        Optional<JsonValue> defaultValue = Optional.ofNullable(json.get("default"))
                .filter(v -> v.getValueType() != JsonValue.ValueType.NULL);
        if (defaultValue.isPresent() && type == FieldType.RELATION) {
            throw new DescriptorException(source, name, "relation fields cannot have a default");
        }
        String label = optionalString(json, "label", source, name).orElse(name);
        return new FieldDefinition(name, type, label, required, unique, min, max, minLength, maxLength, pattern, values,
                                   defaultValue, relationTo, many, filterable, sortable, searchable, privateField, staffOnly,
                                   requiredWhen, layout(json, source, name));
    }

    private static FieldDefinition.Layout layout(JsonObject json, String source, String name) {
        Optional<String> help = optionalString(json, "description", source, name);
        Optional<String> group = optionalString(json, "group", source, name);
        if (group.isPresent() && group.get().length() > MAX_GROUP_LENGTH) {
            throw new DescriptorException(source, name, "\"group\" is a section title of at most " + MAX_GROUP_LENGTH
                    + " characters");
        }
        String width = optionalString(json, "width", source, name).orElse("full");
        if (!width.equals("full") && !width.equals("half")) {
            throw new DescriptorException(source, name, "\"width\" is \"full\" or \"half\" (got '" + width + "')");
        }
        return new FieldDefinition.Layout(help, group, width.equals("half"));
    }

    private static List<ContentType.SubmitMail> onSubmit(JsonObject json, ContentKind kind, List<FieldDefinition> fields,
                                                          String source) {
        if (!json.containsKey("onSubmit")) {
            return List.of();
        }
        if (kind != ContentKind.SUBMISSION || json.get("onSubmit").getValueType() != JsonValue.ValueType.ARRAY) {
            throw new DescriptorException(source, null, "\"onSubmit\" is a list of mails, for submission types only");
        }
        List<ContentType.SubmitMail> mails = new ArrayList<>();
        for (JsonValue item : json.getJsonArray("onSubmit")) {
            JsonObject mail = item.getValueType() == JsonValue.ValueType.OBJECT ? item.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
            String template = mail.getString("mail", "");
            String to = mail.getString("to", "");
            if (!TEMPLATE.matcher(template).matches()) {
                throw new DescriptorException(source, null, "onSubmit entries are {\"mail\": \"<template>\", \"to\": ...}");
            }
            boolean toField = to.startsWith("field:") && fields.stream().anyMatch(
                    f -> f.name().equals(to.substring("field:".length())) && f.type() == FieldType.EMAIL);
            if (!to.equals("team") && !toField) {
                throw new DescriptorException(source, null, "onSubmit \"to\" is \"team\" or \"field:<an email field>\""
                        + " (got '" + to + "')");
            }
            mails.add(new ContentType.SubmitMail(template, to));
        }
        return List.copyOf(mails);
    }

    /** A default must itself pass the field's rules, or every new document would be refused. */
    private static void checkDefaults(ContentType type) {
        for (FieldDefinition field : type.fields()) {
            field.defaultValue().ifPresent(value -> {
                Map<String, String> problems = new LinkedHashMap<>();
                FieldValues.checkValue(field, value, problems);
                if (!problems.isEmpty()) {
                    throw new DescriptorException(type.source(), field.name(), "default " + problems.get(field.name()));
                }
            });
        }
    }

    private static String knownTypes() {
        List<String> names = new ArrayList<>();
        for (FieldType t : FieldType.values()) {
            names.add(t.jsonName());
        }
        return String.join(", ", names);
    }

    private static void unknownKeys(JsonObject json, Set<String> allowed, String source, String field) {
        for (String key : json.keySet()) {
            if (!allowed.contains(key)) {
                throw new DescriptorException(source, field, "unknown key \"" + key + "\" (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requiredString(JsonObject json, String key, String source, String field) {
        return optionalString(json, key, source, field)
                .orElseThrow(() -> new DescriptorException(source, field, "needs a \"" + key + "\" string"));
    }

    private static Optional<String> optionalString(JsonObject json, String key, String source, String field) {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.STRING || ((JsonString) value).getString().isBlank()) {
            throw new DescriptorException(source, field, "\"" + key + "\" must be a non-empty string");
        }
        return Optional.of(((JsonString) value).getString());
    }

    private static JsonObject object(JsonObject json, String key, String source, String field) {
        JsonValue value = json.get(key);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new DescriptorException(source, field, "\"" + key + "\" must be an object");
        }
        return value.asJsonObject();
    }

    private static boolean bool(JsonObject json, String key, String source, String field) {
        JsonValue value = json.get(key);
        if (value == null) {
            return false;
        }
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw new DescriptorException(source, field, "\"" + key + "\" must be true or false");
        }
        return value == JsonValue.TRUE;
    }

    private static Optional<BigDecimal> number(JsonObject json, String key, String source, String field) {
        JsonValue value = json.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.NUMBER) {
            throw new DescriptorException(source, field, "\"" + key + "\" must be a number");
        }
        return Optional.of(((JsonNumber) value).bigDecimalValue());
    }

    private static int wholeNonNegative(BigDecimal n, String key, String source, String field) {
        try {
            int value = n.intValueExact();
            if (value < 0) {
                throw new ArithmeticException();
            }
            return value;
        } catch (ArithmeticException e) {
            throw new DescriptorException(source, field, "\"" + key + "\" must be a whole number, zero or more");
        }
    }

    private static List<String> stringList(JsonObject json, String key, String source, String field) {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new DescriptorException(source, field, "\"" + key + "\" must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.STRING) {
                throw new DescriptorException(source, field, "\"" + key + "\" must be an array of strings");
            }
            out.add(((JsonString) item).getString());
        }
        return List.copyOf(out);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String key, String source, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new DescriptorException(source, field, "\"" + key + "\" must be one of " + String.join(", ", allowed)
                    + " (got '" + value + "')");
        }
    }
}
