package org.bitwreckers.cms.http.route;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.json.Jsons;

/** JSON-schema fragments for route contracts. */
public final class Schemas {
    /** Stands for "the document schema of this route's content type" in a route documented once per type. */
    public static final String TYPED = "#/components/schemas/{type}";

    private Schemas() {
    }

    /** @return any JSON object */
    public static JsonObject object() {
        return Jsons.createObjectBuilder().add("type", "object").build();
    }

    /** @return an empty JSON object */
    public static JsonObject empty() {
        return Jsons.createObjectBuilder().add("type", "object").add("maxProperties", 0).build();
    }

    /**
     * @param name a schema in the document's components
     * @return a reference to it
     */
    public static JsonObject ref(String name) {
        return Jsons.createObjectBuilder().add("$ref", name.startsWith("#") ? name : "#/components/schemas/" + name).build();
    }

    /** @return the document schema of the route's content type (see {@link #TYPED}) */
    public static JsonObject typed() {
        return ref(TYPED);
    }

    /**
     * @param suffix what follows the type's name, such as {@code Write}
     * @return a reference to the type's schema of that kind
     */
    public static JsonObject typed(String suffix) {
        return ref(TYPED.replace("}", "}" + suffix));
    }

    /**
     * @param type a content type
     * @return the name of its schema: {@code student_application} is {@code StudentApplication}
     */
    public static String typeName(ContentType type) {
        StringBuilder sb = new StringBuilder();
        for (String part : type.name().split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    /**
     * @param items schema of the items
     * @return an array of them
     */
    public static JsonObject arrayOf(JsonObject items) {
        return Jsons.createObjectBuilder().add("type", "array").add("items", items).build();
    }

    /** @return a string */
    public static JsonObject string() {
        return type("string");
    }

    /** @return an integer */
    public static JsonObject integer() {
        return type("integer");
    }

    /** @return a boolean */
    public static JsonObject bool() {
        return type("boolean");
    }

    /**
     * @param type a JSON-schema type name
     * @return a schema of that type
     */
    public static JsonObject type(String type) {
        return Jsons.createObjectBuilder().add("type", type).build();
    }

    /**
     * An object with the given properties, each a string unless named {@code name:type} (integer, boolean, object,
     * array of objects, strings for an array of strings, string); a leading {@code *} marks a required property.
     *
     * @param properties the properties
     * @return the schema
     */
    public static JsonObject fields(String... properties) {
        JsonObjectBuilder props = Jsons.createObjectBuilder();
        JsonArrayBuilder required = Jsons.createArrayBuilder();
        boolean anyRequired = false;
        for (String p : properties) {
            boolean req = p.startsWith("*");
            String[] nameType = (req ? p.substring(1) : p).split(":", 2);
            String type = nameType.length > 1 ? nameType[1] : "string";
            props.add(nameType[0], switch (type) {
                case "array" -> arrayOf(object());
                case "strings" -> arrayOf(type("string"));
                default -> type(type);
            });
            if (req) {
                required.add(nameType[0]);
                anyRequired = true;
            }
        }
        JsonObjectBuilder schema = Jsons.createObjectBuilder().add("type", "object").add("properties", props);
        return (anyRequired ? schema.add("required", required) : schema).build();
    }

    /** @return a multipart upload with a {@code file} part and optional text parts */
    public static JsonObject upload(String... textParts) {
        JsonObjectBuilder props = Jsons.createObjectBuilder()
                .add("file", Jsons.createObjectBuilder().add("type", "string").add("format", "binary"));
        for (String part : textParts) {
            props.add(part, string());
        }
        return Jsons.createObjectBuilder().add("type", "object").add("properties", props)
                .add("required", Jsons.createArrayBuilder().add("file")).build();
    }
}
