package org.bitwreckers.cms.core.document;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * Checks a document's data against its content type and returns it normalised: every declared field present
 * (null when empty), datetimes in one UTC format, defaults applied. Collects every problem before failing.
 */
public final class DocumentValidator {
    /**
     * Datetimes are stored in one fixed-width UTC format, so text order is time order and indexes on the text work.
     */
    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_EMAIL = 254;
    private static final int MAX_URL = 2048;
    private static final int MAX_STRING = 1000;
    /** What a refused URL is told. */
    public static final String HTTP_URL_RULE = "must be an absolute http:// or https:// URL";

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
            JsonValue normalised = checkValue(field, value, problems);
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

    /**
     * Checks one non-null value against its field.
     *
     * @param field    the field
     * @param value    the value (not JSON null)
     * @param problems where a problem is recorded under the field's name
     * @return the normalised value, or null when it was refused
     */
    public static JsonValue checkValue(FieldDefinition field, JsonValue value, Map<String, String> problems) {
        String name = field.name();
        String problem = null;
        JsonValue result = value;
        switch (field.type()) {
            case STRING, TEXT, MEDIA -> problem = text(field, value);
            case RICHTEXT -> {
                problem = text(field, value);
                if (problem == null) {
                    result = Jsons.createValue(RichText.sanitise(((JsonString) value).getString()));
                }
            }
            case EMAIL -> {
                problem = text(field, value);
                if (problem == null) {
                    String s = ((JsonString) value).getString();
                    if (s.length() > MAX_EMAIL || !EMAIL.matcher(s).matches()) {
                        problem = "must be an e-mail address";
                    }
                }
            }
            case URL -> {
                problem = text(field, value);
                if (problem == null && !isHttpUrl(((JsonString) value).getString())) {
                    problem = HTTP_URL_RULE;
                }
            }
            case ENUM -> {
                if (value.getValueType() != JsonValue.ValueType.STRING
                        || !field.values().contains(((JsonString) value).getString())) {
                    problem = "must be one of " + String.join(", ", field.values());
                }
            }
            case INTEGER -> {
                if (!(value instanceof JsonNumber n) || !n.isIntegral() || !fitsLong(n.bigDecimalValue())) {
                    problem = "must be a whole number";
                } else {
                    problem = range(field, n.bigDecimalValue());
                }
            }
            case NUMBER -> {
                if (!(value instanceof JsonNumber n)) {
                    problem = "must be a number";
                } else {
                    problem = range(field, n.bigDecimalValue());
                }
            }
            case BOOLEAN -> {
                if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                    problem = "must be true or false";
                }
            }
            case DATETIME -> {
                String normalised = value instanceof JsonString s ? normaliseDatetime(s.getString()) : null;
                if (normalised == null) {
                    problem = "must be an ISO-8601 date and time with an offset, such as 2025-03-01T18:00:00Z";
                } else {
                    result = Jsons.createValue(normalised);
                }
            }
            case DATE -> {
                if (!(value instanceof JsonString s) || !isDate(s.getString())) {
                    problem = "must be a date such as 2025-03-01";
                }
            }
            case JSON -> {
                // any JSON value is acceptable
            }
            case STRINGS -> problem = strings(field, value);
            case RELATION -> problem = relation(field, value);
            default -> throw new IllegalStateException("unhandled field type " + field.type());
        }
        if (problem != null) {
            problems.put(name, problem);
            return null;
        }
        return result;
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
     * Parses a datetime written by a client into the stored format.
     *
     * @param text ISO-8601 datetime with an offset
     * @return the stored form, or null when it does not parse
     */
    public static String normaliseDatetime(String text) {
        try {
            return DATETIME.format(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * @param text text
     * @return whether it looks like an e-mail address
     */
    public static boolean isEmail(String text) {
        return text != null && text.length() <= MAX_EMAIL && EMAIL.matcher(text).matches();
    }

    /**
     * @param text a date
     * @return whether it is an ISO-8601 calendar date
     */
    public static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String text(FieldDefinition field, JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            return "must be a string";
        }
        String s = ((JsonString) value).getString();
        int length = s.codePointCount(0, s.length());
        if (field.type() == FieldType.STRING && field.maxLength().isEmpty() && length > MAX_STRING) {
            return "must be at most " + MAX_STRING + " characters (use a text field for longer values)";
        }
        if (field.type() == FieldType.MEDIA && (s.isBlank() || length > MAX_URL)) {
            return "must be a media reference of 1 to " + MAX_URL + " characters";
        }
        if (field.required() && s.isBlank()) {
            return "is required";
        }
        if (field.minLength().isPresent() && length < field.minLength().get()) {
            return "must be at least " + field.minLength().get() + " characters";
        }
        if (field.maxLength().isPresent() && length > field.maxLength().get()) {
            return "must be at most " + field.maxLength().get() + " characters";
        }
        if (field.pattern().isPresent() && !field.pattern().get().matcher(s).matches()) {
            return "must match the pattern " + field.pattern().get().pattern();
        }
        return null;
    }

    private static String range(FieldDefinition field, BigDecimal n) {
        if (field.min().isPresent() && n.compareTo(field.min().get()) < 0) {
            return "must be at least " + field.min().get().toPlainString();
        }
        if (field.max().isPresent() && n.compareTo(field.max().get()) > 0) {
            return "must be at most " + field.max().get().toPlainString();
        }
        return null;
    }

    private static String strings(FieldDefinition field, JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            return "must be an array of strings";
        }
        for (JsonValue item : value.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.STRING || ((JsonString) item).getString().length() > MAX_STRING) {
                return "must be an array of strings of at most " + MAX_STRING + " characters";
            }
        }
        return count(field, value.asJsonArray().size());
    }

    private static String relation(FieldDefinition field, JsonValue value) {
        String target = field.relationTo().orElseThrow();
        if (!field.many()) {
            return isId(value) ? null : "must be the id of a " + target;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            return "must be an array of " + target + " ids";
        }
        Set<Long> seen = new HashSet<>();
        for (JsonValue item : value.asJsonArray()) {
            if (!isId(item)) {
                return "must be an array of " + target + " ids";
            }
            if (!seen.add(((JsonNumber) item).longValue())) {
                return "lists id " + item + " twice";
            }
        }
        return count(field, seen.size());
    }

    private static String count(FieldDefinition field, int size) {
        if (field.minLength().isPresent() && size < field.minLength().get()) {
            return "must have at least " + field.minLength().get() + " items";
        }
        if (field.maxLength().isPresent() && size > field.maxLength().get()) {
            return "must have at most " + field.maxLength().get() + " items";
        }
        if (field.required() && size == 0) {
            return "is required";
        }
        return null;
    }

    private static boolean isId(JsonValue value) {
        return value instanceof JsonNumber n && n.isIntegral() && fitsLong(n.bigDecimalValue()) && n.longValue() > 0;
    }

    private static boolean fitsLong(BigDecimal n) {
        try {
            n.longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /**
     * An absolute http(s) URL and nothing that could act otherwise in a page: no other scheme (javascript:, data:,
     * file:), no scheme-relative or relative forms, no credentials, no whitespace or control characters.
     *
     * @param text a value a client gave for a URL
     * @return whether it is such a URL
     */
    public static boolean isHttpUrl(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_URL
                || text.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && text.regionMatches(true, 0, scheme + "://", 0, scheme.length() + 3);
        } catch (URISyntaxException e) {
            return false;
        }
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
