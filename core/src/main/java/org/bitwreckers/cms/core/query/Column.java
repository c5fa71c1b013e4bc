package org.bitwreckers.cms.core.query;

import java.util.List;
import java.util.Optional;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;

/**
 * A queryable column: a descriptor field inside the jsonb data, or one of the system columns.
 * The SQL expressions here are the same ones the indexes are built on, so filters and sorts use the indexes.
 *
 * @param name  name as written in queries
 * @param type  value type
 * @param field the descriptor field, empty for system columns
 */
public record Column(String name, FieldType type, Optional<FieldDefinition> field) {

    /**
     * Resolves a name written in a query.
     *
     * @param contentType the type queried
     * @param name        field or system column name
     * @return the column, if the name is known
     */
    public static Optional<Column> resolve(ContentType contentType, String name) {
        return switch (name) {
            case "id" -> Optional.of(new Column("id", FieldType.INTEGER, Optional.empty()));
            case "slug" -> Optional.of(new Column("slug", FieldType.STRING, Optional.empty()));
            case "created_at", "updated_at", "published_at" ->
                    Optional.of(new Column(name, FieldType.DATETIME, Optional.empty()));
            default -> contentType.field(name).map(f -> new Column(name, f.type(), Optional.of(f)));
        };
    }

    /** @return whether this is a system column */
    public boolean system() {
        return field.isEmpty();
    }

    /** @return whether values compare as numbers (numbers and single relations hold numbers) */
    public boolean numeric() {
        return type.kind() == FieldType.Kind.NUMBER || type == FieldType.RELATION && !list();
    }

    /** @return whether the column holds a list */
    public boolean list() {
        return field.map(FieldDefinition::isList).orElse(false);
    }

    /**
     * The SQL expression of the scalar value. Field names come from descriptors (checked against a strict pattern),
     * never from request text, so inlining them is safe; they must be literal for expression indexes to apply.
     *
     * @param column jsonb column name (data or published_data)
     * @return SQL expression
     */
    public String expression(String column) {
        if (system()) {
            // the published snapshot has its own slug and time; drafts use the live columns
            if (column.equals("published_data")) {
                return name.equals("slug") ? "published_slug" : name.equals("updated_at") ? "published_at" : name;
            }
            return name;
        }
        String text = "(" + column + "->>'" + name + "')";
        if (numeric()) {
            return "(" + text + "::numeric)";
        }
        if (type == FieldType.BOOLEAN) {
            return "(" + text + "::boolean)";
        }
        return text;
    }

    /** @return whether the expression casts the stored text (numbers and booleans) */
    public boolean cast() {
        return !system() && (numeric() || type == FieldType.BOOLEAN);
    }

    /**
     * @param column jsonb column name (data or published_data)
     * @return whether the expression is a NOT NULL column, so a sort needs no NULLS LAST (which an index scanned
     *         backwards for a descending sort could not serve)
     */
    public boolean neverNull(String column) {
        return system() && List.of("id", "created_at", "updated_at").contains(expression(column));
    }

    /**
     * @param column jsonb column name
     * @return SQL expression of the raw jsonb value
     */
    public String jsonExpression(String column) {
        return "(" + column + "->'" + name + "')";
    }
}
