package org.bitwreckers.cms.core.content;

import java.util.Arrays;
import java.util.Optional;

/**
 * The field types a descriptor may declare, with what each supports.
 */
public enum FieldType {
    STRING("string", Kind.TEXT),
    TEXT("text", Kind.TEXT),
    RICHTEXT("richtext", Kind.TEXT),
    EMAIL("email", Kind.TEXT),
    URL("url", Kind.TEXT),
    INTEGER("integer", Kind.NUMBER),
    NUMBER("number", Kind.NUMBER),
    BOOLEAN("boolean", Kind.BOOLEAN),
    DATETIME("datetime", Kind.TEMPORAL),
    DATE("date", Kind.TEMPORAL),
    ENUM("enum", Kind.TEXT),
    JSON("json", Kind.OTHER),
    STRINGS("strings", Kind.LIST),
    MEDIA("media", Kind.TEXT),
    RELATION("relation", Kind.OTHER);

    /** How values of a type compare in SQL. */
    public enum Kind { TEXT, NUMBER, BOOLEAN, TEMPORAL, LIST, OTHER }

    private final String jsonName;
    private final Kind kind;

    FieldType(String jsonName, Kind kind) {
        this.jsonName = jsonName;
        this.kind = kind;
    }

    /** @return the name used in descriptors */
    public String jsonName() {
        return jsonName;
    }

    /** @return how values compare */
    public Kind kind() {
        return kind;
    }

    /**
     * @param name a descriptor's type name
     * @return the type, if known
     */
    public static Optional<FieldType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }

    /** @return whether values can be ordered (lt/gt operators and sorting) */
    public boolean ordered() {
        return kind == Kind.NUMBER || kind == Kind.TEMPORAL || this == STRING || this == EMAIL || this == ENUM;
    }

    /** @return whether a min/max length (or item count) constraint applies */
    public boolean hasLength() {
        return kind == Kind.TEXT && this != ENUM && this != MEDIA || this == STRINGS;
    }
}
