package org.bitwreckers.cms.core.plugin;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.json.Jsons;

/**
 * Converts between JSON-P values and the plain JSON-like Java values plugins see (String, Long, BigDecimal,
 * Boolean, List, Map, null), so the SPI carries no JSON library.
 */
public final class JsonMaps {
    private JsonMaps() {
    }

    /**
     * @param object a JSON object
     * @return a read-only map of plain values
     */
    public static Map<String, Object> toMap(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((k, v) -> map.put(k, toJava(v)));
        return Collections.unmodifiableMap(map);
    }

    /**
     * @param value any JSON value
     * @return the plain Java value
     */
    public static Object toJava(JsonValue value) {
        if (value == null) {
            return null;
        }
        return switch (value.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> {
                JsonNumber n = (JsonNumber) value;
                yield n.isIntegral() ? (Object) n.longValue() : n.bigDecimalValue();
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                value.asJsonArray().forEach(v -> list.add(toJava(v)));
                yield Collections.unmodifiableList(list);
            }
            case OBJECT -> toMap(value.asJsonObject());
        };
    }

    /**
     * @param map plain values
     * @return the JSON object
     * @throws IllegalArgumentException for a value that has no JSON form
     */
    public static JsonObject toJson(Map<String, ?> map) {
        JsonObjectBuilder b = Jsons.createObjectBuilder();
        map.forEach((k, v) -> b.add(k, toJsonValue(v)));
        return b.build();
    }

    /**
     * @param value a plain Java value
     * @return its JSON form
     * @throws IllegalArgumentException for a value that has no JSON form
     */
    public static JsonValue toJsonValue(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue json) {
            return json;
        }
        if (value instanceof String s) {
            return Jsons.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Jsons.createValue(((Number) value).longValue());
        }
        if (value instanceof BigDecimal d) {
            return Jsons.createValue(d);
        }
        if (value instanceof Number n) {
            return Jsons.createValue(new BigDecimal(n.toString()));
        }
        if (value instanceof Map<?, ?> m) {
            JsonObjectBuilder b = Jsons.createObjectBuilder();
            m.forEach((k, v) -> b.add(String.valueOf(k), toJsonValue(v)));
            return b.build();
        }
        if (value instanceof Collection<?> c) {
            JsonArrayBuilder b = Jsons.createArrayBuilder();
            c.forEach(v -> b.add(toJsonValue(v)));
            return b.build();
        }
        if (value instanceof TemporalAccessor || value instanceof Enum<?>) {
            return Jsons.createValue(value.toString());
        }
        throw new IllegalArgumentException("a " + value.getClass().getName() + " has no JSON form");
    }
}
