package org.bitwreckers.cms.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A stored document.
 *
 * @param type      content type name
 * @param id        id
 * @param slug      slug, if it has one
 * @param published whether the delivery API serves it
 * @param data      its fields (JSON-like values, read-only)
 * @param owner     the user it belongs to, if any
 * @param createdAt when it was created
 * @since 0.1
 */
public record Document(String type, long id, Optional<String> slug, boolean published, Map<String, Object> data,
                       Optional<Long> owner, Instant createdAt) {
    /**
     * @param field a field name
     * @return its text value, or empty
     */
    public Optional<String> text(String field) {
        return data.get(field) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * @param field a field name
     * @return its number value, or empty
     */
    public Optional<Number> number(String field) {
        return data.get(field) instanceof Number n ? Optional.of(n) : Optional.empty();
    }
}
