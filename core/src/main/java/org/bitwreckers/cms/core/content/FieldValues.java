package org.bitwreckers.cms.core.content;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.value.ValueFormats;

/**
 * The rules of one field applied to one value: its type, length, range, pattern and item counts. Documents are
 * checked with them, and so are the defaults a descriptor declares.
 */
public final class FieldValues {
    private static final int MAX_STRING = 1000;

    private FieldValues() {
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
                    if (!ValueFormats.isEmail(s)) {
                        problem = "must be an e-mail address";
                    }
                }
            }
            case URL -> {
                problem = text(field, value);
                if (problem == null && !ValueFormats.isHttpUrl(((JsonString) value).getString())) {
                    problem = ValueFormats.HTTP_URL_RULE;
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
                String normalised = value instanceof JsonString s ? ValueFormats.normaliseDatetime(s.getString()) : null;
                if (normalised == null) {
                    problem = "must be an ISO-8601 date and time with an offset, such as 2025-03-01T18:00:00Z";
                } else {
                    result = Jsons.createValue(normalised);
                }
            }
            case DATE -> {
                if (!(value instanceof JsonString s) || !ValueFormats.isDate(s.getString())) {
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

    private static String text(FieldDefinition field, JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            return "must be a string";
        }
        String s = ((JsonString) value).getString();
        int length = s.codePointCount(0, s.length());
        if (field.type() == FieldType.STRING && field.maxLength().isEmpty() && length > MAX_STRING) {
            return "must be at most " + MAX_STRING + " characters (use a text field for longer values)";
        }
        if (field.type() == FieldType.MEDIA && (s.isBlank() || length > ValueFormats.MAX_URL)) {
            return "must be a media reference of 1 to " + ValueFormats.MAX_URL + " characters";
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
}
