package org.bitwreckers.cms.core.json;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

/**
 * The platform's one JSON-P provider, with the factory methods of {@link jakarta.json.Json}. Those static methods look
 * the provider up (a ServiceLoader scan of the class path) on every call, which took most of the CPU of a cached
 * delivery read; production code calls these instead.
 */
public final class Jsons {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }

    /** @return a new object builder */
    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    /**
     * @param object initial members
     * @return a new object builder starting with them
     */
    public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    /**
     * @param map initial members (values of JSON-P's mapped types)
     * @return a new object builder starting with them
     */
    public static JsonObjectBuilder createObjectBuilder(Map<String, ?> map) {
        @SuppressWarnings("unchecked") Map<String, Object> members = (Map<String, Object>) map;
        return PROVIDER.createObjectBuilder(members);
    }

    /** @return a new array builder */
    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    /**
     * @param array initial items
     * @return a new array builder starting with them
     */
    public static JsonArrayBuilder createArrayBuilder(JsonArray array) {
        return PROVIDER.createArrayBuilder(array);
    }

    /**
     * @param items initial items (values of JSON-P's mapped types)
     * @return a new array builder starting with them
     */
    public static JsonArrayBuilder createArrayBuilder(Collection<?> items) {
        return PROVIDER.createArrayBuilder(items);
    }

    /**
     * @param reader JSON text
     * @return a reader of it
     */
    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    /**
     * @param reader JSON text
     * @return a parser of its events, for reading a text without building its values
     */
    public static JsonParser createParser(Reader reader) {
        return PROVIDER.createParser(reader);
    }

    /**
     * @param in JSON bytes (UTF-8, UTF-16 or UTF-32)
     * @return a reader of them
     */
    public static JsonReader createReader(InputStream in) {
        return PROVIDER.createReader(in);
    }

    /**
     * @param value text
     * @return it as a JSON string
     */
    public static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    /**
     * @param value a number
     * @return it as a JSON number
     */
    public static JsonNumber createValue(int value) {
        return PROVIDER.createValue(value);
    }

    /**
     * @param value a number
     * @return it as a JSON number
     */
    public static JsonNumber createValue(long value) {
        return PROVIDER.createValue(value);
    }

    /**
     * @param value a number
     * @return it as a JSON number
     */
    public static JsonNumber createValue(double value) {
        return PROVIDER.createValue(value);
    }

    /**
     * @param value a number
     * @return it as a JSON number
     */
    public static JsonNumber createValue(BigDecimal value) {
        return PROVIDER.createValue(value);
    }

    /**
     * @param value a number
     * @return it as a JSON number
     */
    public static JsonNumber createValue(BigInteger value) {
        return PROVIDER.createValue(value);
    }
}
