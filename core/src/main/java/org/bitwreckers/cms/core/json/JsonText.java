package org.bitwreckers.cms.core.json;

import java.io.StringReader;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * Small JSON-P helpers for JSON text coming back from PostgreSQL.
 */
public final class JsonText {
    private JsonText() {
    }

    /**
     * @param text JSON object text produced by the database
     * @return the object
     */
    public static JsonObject object(String text) {
        try (JsonReader reader = Jsons.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /**
     * @param text JSON array text produced by the database
     * @return the array
     */
    public static JsonArray array(String text) {
        try (JsonReader reader = Jsons.createReader(new StringReader(text))) {
            return reader.readArray();
        }
    }

    /**
     * @param value a JSON value
     * @return its compact text
     */
    public static String text(JsonValue value) {
        return value.toString();
    }
}
