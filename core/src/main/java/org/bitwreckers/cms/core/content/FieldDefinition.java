package org.bitwreckers.cms.core.content;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.json.JsonValue;

/**
 * One field of a content type, as declared in its descriptor.
 *
 * @param name        field name (lower snake case), the key in the document's data
 * @param type        field type
 * @param label       human label for editors
 * @param required    a value must be present
 * @param unique      no two documents of the type share a value
 * @param min         smallest number allowed (numeric types)
 * @param max         largest number allowed (numeric types)
 * @param minLength   shortest text or fewest list items
 * @param maxLength   longest text or most list items
 * @param pattern     regular expression a text value must match entirely
 * @param values      allowed values (enum)
 * @param defaultValue value used when a new document leaves the field out
 * @param relationTo  target type name (relation)
 * @param many        a relation holds a list of ids
 * @param filterable  may be filtered on (gets a PostgreSQL index)
 * @param sortable    may be sorted on (gets a PostgreSQL index)
 * @param searchable  is included in full-text search
 * @param privateField never served by the delivery API
 * @param staffOnly   set by staff only: a public submission may not contain it
 * @param requiredWhen required only while another field has one of some values
 * @param layout      how an editing form shows it (help text, group, width); no effect on the data
 */
public record FieldDefinition(String name,
                              FieldType type,
                              String label,
                              boolean required,
                              boolean unique,
                              Optional<BigDecimal> min,
                              Optional<BigDecimal> max,
                              Optional<Integer> minLength,
                              Optional<Integer> maxLength,
                              Optional<Pattern> pattern,
                              List<String> values,
                              Optional<JsonValue> defaultValue,
                              Optional<String> relationTo,
                              boolean many,
                              boolean filterable,
                              boolean sortable,
                              boolean searchable,
                              boolean privateField,
                              boolean staffOnly,
                              Optional<Condition> requiredWhen,
                              Layout layout) {

    /**
     * How an editing form shows a field. Fields appear in the descriptor's order; consecutive fields of one group share
     * a titled section.
     *
     * @param help  a sentence under the input (the descriptor's {@code description})
     * @param group the section's title
     * @param half  whether it takes half the form's width (two short fields side by side)
     */
    public record Layout(Optional<String> help, Optional<String> group, boolean half) {
    }

    /**
     * "Required when {@code field} is one of {@code values}".
     *
     * @param field  the other field
     * @param values values of it that make this field required
     */
    public record Condition(String field, List<String> values) {
    }

    /** @return whether the field holds a list (of strings, or of relation ids) */
    public boolean isList() {
        return type == FieldType.STRINGS || type == FieldType.RELATION && many;
    }

    /** @return whether the field gets a PostgreSQL expression index */
    public boolean indexed() {
        return filterable || sortable || unique;
    }
}
